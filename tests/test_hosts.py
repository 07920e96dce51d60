"""What can be checked here of Colab: the kit's widgets ask Colab for its custom widget manager themselves.

Colab itself cannot be reached from here, so its ``google.colab.output`` module is stood in for. anywidget
calls ``enable_custom_widget_manager()`` when it sees that module (anywidget's ``_util.in_colab``, added in
manzt/anywidget#52) and tags the widget's output with the manager's URL. Found through
``AnyWidget.__subclasses__`` so it holds wherever the kit's widget modules live.
"""

from __future__ import annotations

import sys
import types

import anywidget
import pytest

import helpers  # noqa: F401  (defines the kit's widget classes)

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _kit_widgets() -> list[type]:
    found, todo = [], [anywidget.AnyWidget]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.startswith("helpers"):
                found.append(cls)
    return found


@pytest.fixture
def colab(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    output = types.ModuleType("google.colab.output")
    output.enable_custom_widget_manager = lambda: calls.append("enabled")
    output._widgets = types.SimpleNamespace(_installed_url="https://colab.example/widget-manager.js")
    for name, module in {
        "google": types.ModuleType("google"),
        "google.colab": types.ModuleType("google.colab"),
        "google.colab.output": output,
    }.items():
        monkeypatch.setitem(sys.modules, name, module)
    once = getattr(getattr(anywidget, "_util", None), "enable_custom_widget_manager_once", None)
    if hasattr(once, "cache_clear"):
        once.cache_clear()
    yield calls
    if hasattr(once, "cache_clear"):
        once.cache_clear()


def test_the_kit_has_anywidget_widgets():
    assert _kit_widgets()


def test_each_kit_widget_turns_on_colabs_custom_widget_manager(colab: list[str]):
    for cls in _kit_widgets():
        widget = cls()
        data, metadata = widget._repr_mimebundle_()
        assert WIDGET_MIME in data and "text/plain" in data  # text/plain is what a front end without widgets shows
        assert metadata[WIDGET_MIME]["colab"]["custom_widget_manager"]["url"] == "https://colab.example/widget-manager.js"
        widget.close()
    assert colab  # enabled (once: anywidget caches the call)
