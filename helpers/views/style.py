"""The kit's one stylesheet (``helpers/static/kit.css``) and the palette as CSS, put in front of its HTML.

Why: presentation lives in a file a designer can read, not in Python strings; the palette's hex values live
only in ``case/palette.py`` and reach the CSS as custom properties. Each HTML view and each ipywidgets form
carries the stylesheet once (a ``<style>`` element in its output), so a saved or exported notebook still
looks right without the kernel.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

from ..case.palette import COLOURS

__all__ = ["STYLESHEET", "palette_css", "status_html", "styled", "stylesheet", "swatch"]

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
