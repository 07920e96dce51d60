"""A second case: every notebook runs on it, and nothing any notebook shows mentions the first article."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "tests" / "fixtures" / "cases" / "millbrook-library"
# The first article's title, people, places and outlet.
FIRST_ARTICLE = re.compile(r"Kerry|Putin|Lavrov|Sochi|Russia|Carson|FrontPage|Seven Hours of Weakness|Poroshenko|"
                           r"Trenin|Iran|Ukrain|Minsk|Donetsk", re.IGNORECASE)


def _shown(notebook: nbformat.NotebookNode) -> str:
    """Everything a student sees: Markdown cells, every text or HTML output, and the saved state of every widget
    (the HTML, labels, options and placeholders a widget shows live there, not in the outputs)."""
    parts = [json.dumps(notebook.metadata.get("widgets", {}), ensure_ascii=False)]
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts += [str(data.get(kind, "")) for kind in ("text/plain", "text/html", "text/markdown")]
            parts.append(json.dumps(data.get("application/vnd.mlkit.answers+json", "")))
            parts.append(str(output.get("text", "")))
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "notebooks").glob("0*.ipynb")))
def test_no_notebook_shows_the_first_article_on_the_second_case(name: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLKIT_CASE", str(SECOND))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    work = tmp_path / "notebooks"
    work.mkdir()
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    shown = _shown(notebook)
    assert name.startswith(("00", "01", "05")) or '"placeholder"' in shown  # the widgets' state was saved too
    # the second case was really loaded: its words are on show (00 and 05 show no article text)
    assert name.startswith(("00", "05")) or re.search(r"Millbrook|Pat Morgan|Elm Street|[Cc]oward", shown)
    found = sorted({m.group(0) for m in FIRST_ARTICLE.finditer(shown)})
    assert found == [], f"{name} shows {found} on the second case"


def test_the_second_case_is_clean() -> None:
    from helpers.case.check import find_problems

    assert find_problems(SECOND, warnings=True) == []


def test_the_gallery_and_claim_types_take_examples_from_the_key() -> None:
    from helpers.case import load_case
    from helpers.views.devices import show_device_gallery
    from helpers.views.reading import show_claim_types

    case = load_case(SECOND)
    gallery = show_device_gallery(case).data
    assert gallery.count("No clear instance in this article") == 23 - 5  # five distinct devices in its key
    assert "headline: “Cowardly Raid”" in gallery and "dek: “betrays every child”" in gallery
    types = show_claim_types(case).data
    assert "¶2: “The councillors who voted for closure are cowards" in types
    assert "worked example" not in types.lower()  # the case gives none


def test_headline_and_dek_rows_are_keyed_as_paragraphs_0_and_minus_1() -> None:
    from helpers.case import load_case
    from helpers.case.key import devices_key

    case = load_case(SECOND)
    by_id = {span.id: span for span in devices_key(case) or ()}
    headline, dek = by_id["d-headline-raid"], by_id["d-dek-betrays"]
    assert (headline.paragraph, case.headline[headline.start : headline.end]) == (0, "Cowardly Raid")
    assert (dek.paragraph, case.dek[dek.start : dek.end]) == (-1, "betrays every child")
    assert case.paragraph(0).text == case.headline and case.paragraph(-1).text == case.dek


def test_the_starting_timeline_filter_is_the_cases() -> None:
    from helpers.case import load_case
    from helpers.views.timeline import filter_timeline

    sochi, second = load_case(ROOT / "lessons" / "cases" / "sochi-2015"), load_case(SECOND)
    assert set(filter_timeline(sochi)["category"]) == {"Iran"}
    assert len(filter_timeline(second)) == 6  # no teaching.yaml: the whole record


def test_a_cases_worked_example_is_escaped_markdown() -> None:
    from helpers.views.style import simple_markdown

    assert simple_markdown("<script>x</script> **bold** and *it*\n\n- one\n- two") == (
        "<p>&lt;script&gt;x&lt;/script&gt; <b>bold</b> and <i>it</i></p><ul><li>one</li><li>two</li></ul>")


# Beyond the names notebooks could show: people, places and sources the first case's plans cite.
FIRST_CASE_SOURCES = re.compile(r"\b(Crimea|Assad|Syria\w*|Aron|Horowitz|Kremlin|TASS|Ghouta|Clinton|Moscow|Obama)\b"
                                # and its passages: paragraph numbers, its site furniture, words and events
                                r"|¶\s?\d|Freedom Center|Kindle|weakness|man of the Left|Nazi Germany"
                                r"|\b(the|same) (visit|talks)\b|\d+ instances")


def test_shared_plans_and_taxonomies_name_nothing_of_the_first_case() -> None:
    shared = [*sorted((ROOT / "lessons" / "plans").glob("*.md")), ROOT / "lessons" / "neutrality.md",
              *sorted((ROOT / "lessons" / "taxonomy").iterdir())]
    found = []
    for path in shared:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in (*FIRST_ARTICLE.finditer(line), *FIRST_CASE_SOURCES.finditer(line)):
                found.append(f"{path.relative_to(ROOT)}:{number}: {m.group(0)}")
    assert len(shared) > 10 and not found, found  # worked examples belong in lessons/cases/<case>/plans.md
