"""The class report as one self-contained HTML page: the sections in the order a teacher reads them.

Why sections as functions: the HTML page and the instructor notebook show the same views, so each view
is written once (``span_sections.py``, ``class_sections.py``) and ``views.py`` wraps them for Jupyter.
Every string from a student or a case file is escaped there; the stylesheet is a static file inlined
here, so the page opens offline and prints on its own.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path

from .build import ClassReport
from .class_sections import section_checks, section_glance, section_prepost, section_progress, section_written
from .markup import style_element
from .span_sections import section_agreement, section_claims, section_devices, section_key_review

__all__ = ["SECTIONS", "page", "write_page"]


SECTIONS = (
    ("glance", "At a glance", section_glance),
    ("claims", "Claims", section_claims),
    ("checks", "Checking claims", section_checks),
    ("devices", "Rhetorical devices", section_devices),
    ("agreement", "Agreement among students", section_agreement),
    ("key-review", "Key review", section_key_review),
    ("prepost", "Did it work?", section_prepost),
    ("written", "Written answers", section_written),
    ("progress", "Progress", section_progress),
)


def page(r: ClassReport) -> str:
    """The whole report as one self-contained HTML document."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    nav = "".join(f'<li><a href="#{sid}">{escape(title)}</a></li>' for sid, title, _ in SECTIONS)
    body = "".join(section(r) for _, _, section in SECTIONS)
    title = f"Class report: {r.case.title}"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{style_element()}</head><body><main>"
        f"<h1>{escape(title)}</h1>"
        f'<p class="meta">Case <code>{escape(r.case.id)}</code> · {r.students} students · built {when}. '
        "Charts show the whole class and name no student; student ids appear only under Progress"
        f"{' and beside written answers' if r.names else ''}.</p>"
        + (f'<p class="meta">Compared with the key items students were shown: {escape(r.compared_with)}.</p>'
           if r.compared_with else "") +
        f'<nav aria-label="Sections"><ol>{nav}</ol></nav>{body}</main></body></html>'
    )


def write_page(r: ClassReport, out: Path | str) -> Path:
    """Write ``class_report.html`` into the folder ``out``; return its path."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "class_report.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(page(r), encoding="utf-8")
    tmp.replace(path)
    return path
