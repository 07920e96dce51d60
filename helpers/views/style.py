"""The kit's one stylesheet (``helpers/static/kit.css``) and the palette as CSS, put in front of its HTML.

Why: presentation lives in a file a designer can read, not in Python strings; the palette's hex values live
only in ``case/palette.py`` and reach the CSS as custom properties. Each HTML view and each ipywidgets form
carries the stylesheet once (a ``<style>`` element in its output), so a saved or exported notebook still
looks right without the kernel.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

from IPython.display import HTML

from ..case.palette import COLOURS
from ..case.switches import load_switches

__all__ = ["STYLESHEET", "left_out", "palette_css", "status_html", "styled", "stylesheet", "swatch"]

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "kit.css"


def palette_css(selector: str = ":root") -> str:
    """A CSS rule giving ``selector`` the palette as custom properties (``--mlkit-blue`` …)."""
    colours = ";".join(f"--mlkit-{name}:{value}" for name, value in COLOURS.items())
    return f"{selector}{{{colours}}}\n"


@cache
def stylesheet() -> str:
    """The ``<style>`` element for the kit's HTML: palette custom properties, then ``kit.css`` (read once)."""
    return f"<style>{palette_css()}{STYLESHEET.read_text(encoding='utf-8')}</style>"


def styled(body: str) -> str:
    """``body`` (kit HTML) preceded by the stylesheet."""
    return stylesheet() + body


def swatch(colour: str) -> str:
    """A small square of ``colour`` beside a label's name (decorative: the name says it in words)."""
    return f'<span class="mlkit-swatch" aria-hidden="true" style="background:{html.escape(colour, quote=True)}"></span>'


def status_html(text: str, level: str) -> str:
    """A widget's save status line; ``level`` (info, saved, unsaved, error) picks its colour in ``kit.css``."""
    return (f'<div class="mlkit-status" data-level="{html.escape(level, quote=True)}" role="status" '
            f'aria-live="polite">{html.escape(text)}</div>')


def simple_markdown(text: str) -> str:
    """A case file's short Markdown (paragraphs, ``- `` lists, **bold**, *italic*) as HTML, escaped first,
    so a teacher's text can never inject markup."""


    out = []
    for block in re.split(r"\n\s*\n", html.escape(text.strip(), quote=False)):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            out.append("<ul>" + "".join(f"<li>{line[2:]}</li>" for line in lines) + "</ul>")
        else:
            out.append(f"<p>{' '.join(lines)}</p>")
    rendered = "".join(out)
    rendered = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", rendered)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", rendered)


def left_out(section: str) -> HTML | None:
    """A one-line note in place of ``section`` when the teacher's class file skips it (``skip:``), else ``None``."""
    if not load_switches().skips(section):
        return None
    return HTML(styled('<p class="mlkit-left-out">Your teacher left this part out of today\'s lesson: go on to '
                       "the next step.</p>"))
