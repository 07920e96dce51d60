"""The notebook API: ``helpers.__all__`` is exactly what the notebooks call, each name resolves, and the
widget helpers all follow one pattern (show the widget, return it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import helpers

ROOT = Path(__file__).resolve().parent.parent


def _called_by_notebooks() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                names |= set(re.findall(r"\bhelpers\.(\w+)", "".join(cell["source"])))
    return names


def test_all_is_exactly_what_the_notebooks_use():
    assert sorted(helpers.__all__) == sorted(_called_by_notebooks())


def test_every_name_resolves_and_is_listed_by_dir():
    for name in helpers.__all__:
        assert callable(getattr(helpers, name)), name
    assert set(helpers.__all__) <= set(dir(helpers))


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'check_claims'"):
        helpers.check_claims  # noqa: B018  (the old name of check_my_work)


def test_the_readme_lists_the_notebook_api():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in helpers.__all__ if f"`{name}" not in readme]
    assert not missing, f"README.md does not list {missing}"


@pytest.mark.parametrize("name", ["enter_name", "tag_claims", "tag_devices", "check_claims_against_timeline",
                                  "rewrite_paragraph", "explore_timeline"])
def test_widget_helpers_show_the_widget_and_return_it(name: str, monkeypatch: pytest.MonkeyPatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, *args, **kwargs: shown.append(obj))
    widget = getattr(helpers, name)(helpers.load_case())
    assert shown[:1] == [widget]


def test_ask_shows_the_form_and_returns_it(monkeypatch: pytest.MonkeyPatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, *args, **kwargs: shown.append(obj))
    form = helpers.ask("first-read", helpers.load_case())
    assert shown == [form]
