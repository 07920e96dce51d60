"""Shared HTML pieces of the class report: escaped quotes, numbers in words, accessible tables, label names.

Why one place: every section writes student and case text into HTML, so escaping and the table markup
(caption, column and row headers, keyboard-scrollable wrapper) are written once, here.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from ..case.palette import COLOURS
from .inputs import claim_types, device_families, devices, verdicts

__all__ = [
    "CSS",
    "VERDICT_COLOURS",
    "change_text",
    "html_table",
    "label_names",
    "num",
    "pct",
    "quote",
    "shorten",
    "student_count",
    "style_element",
]

CSS = (Path(__file__).parent / "static" / "report.css").read_text(encoding="utf-8")


def style_element() -> str:
    """The report's stylesheet (``static/report.css``) as one element: the page must open offline, alone."""
    colours = f":root {{ --accent: {COLOURS['blue']}; --warn: {COLOURS['vermillion']}; }}"
    return f"<style>{colours}\n{CSS}</style>"
VERDICT_COLOURS = {"accurate": COLOURS["blue"], "mostly-accurate": COLOURS["sky-blue"],
                   "misleading": COLOURS["orange"], "inaccurate": COLOURS["vermillion"],
                   "unverifiable": COLOURS["grey"]}


def label_names(kind: str) -> dict[str, str]:
    labels = {"claims": claim_types(), "devices": devices(), "verdicts": verdicts(), "families": device_families()}
    return {label.id: label.name for label in labels[kind]}


def pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def num(x: float | None, fmt: str = "+.2f") -> str:
    return "–" if x is None else format(x, fmt)


def student_count(n: int) -> str:
    return f"{n} student{'s' if n != 1 else ''}"


def shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quote(text: str, limit: int = 90) -> str:
    """A quote from the article, shortened and escaped."""
    text = shorten(text, limit)
    if text[:1] in "“\"'‘":  # the quote starts with its own quotation mark: do not double it
        return f'<span class="quote">{escape(text)}</span>'
    return f'<span class="quote">“{escape(text)}”</span>'


def html_table(caption: str, head: list[str], rows: list[list[str]], numeric: set[int] | None = None,
           row_headers: bool = True) -> str:
    """An HTML table with a caption, column headers and (by default) a row header per row. Cells are HTML."""
    numeric = numeric or set()
    th = "".join(f'<th scope="col"{" class=num" if i in numeric else ""}>{h}</th>' for i, h in enumerate(head))
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="num"' if i in numeric else ""
            cells.append(f'<th scope="row"{cls}>{cell}</th>' if i == 0 and row_headers else f"<td{cls}>{cell}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    label = escape(re.sub(r"<[^>]+>", "", caption), quote=True)
    # Focusable, so a keyboard user can scroll a wide table sideways (WCAG 2.1.1).
    return (f'<div class="scroll" tabindex="0" role="group" aria-label="{label}"><table><caption>{caption}</caption>'
            f'<thead><tr>{th}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")

def change_text(mean: float | None, ci: tuple[float, float] | None) -> str:
    if mean is None:
        return "–"
    return f"{mean:+.2f}" + (f" (95% CI {ci[0]:+.2f} to {ci[1]:+.2f})" if ci else "")
