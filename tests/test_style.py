"""Presentation lives in one stylesheet and the palette in one module: Python builds markup, not styles."""

from __future__ import annotations

import re
from pathlib import Path

from helpers.case.palette import COLOURS, PALETTE
from helpers.case.taxonomy import load_claim_types
from helpers.views.style import status_html, stylesheet, swatch

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for p in (ROOT / "helpers").rglob("*") if p.suffix in {".py", ".css", ".js"}]


def test_no_style_element_is_written_in_python():
    writers = [p.relative_to(ROOT) for p in SOURCES if p.suffix == ".py" and "<style" in p.read_text(encoding="utf-8")]
    assert [str(p) for p in writers] == ["helpers/views/style.py"]


def test_the_palette_is_written_only_in_palette_py():
    for path in SOURCES:
        if path.name == "palette.py":
            continue
        text = path.read_text(encoding="utf-8").lower()
        assert not [c for c in PALETTE if c.lower() in text], path


def test_the_stylesheet_carries_the_palette_as_custom_properties():
    css = stylesheet()
    assert css.startswith("<style>") and css.endswith("</style>")
    assert all(f"--mlkit-{name}:{value}" in css for name, value in COLOURS.items())
    used = set(re.findall(r"var\(--mlkit-([a-z-]+)\)", css))
    assert used and used <= set(COLOURS)


def test_labels_take_palette_colours_in_order():
    assert [label.color for label in load_claim_types()] == list(PALETTE[: len(load_claim_types())])


def test_swatch_and_status_escape_what_they_are_given():
    assert 'style="background:&quot;&gt;' in swatch('">')
    status = status_html("<b>saved</b>", 'x" onmouseover="y')
    assert "&lt;b&gt;saved" in status and 'onmouseover="y"' not in status
