"""Make student-supplied text safe inside the kit's Markdown feedback.

Why one place: the grader's feedback files and the notebooks' "check my work" put student text (names,
quotes, reasons) into Markdown; escaping it in one function keeps hostile text in a name or reason text.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["escape_md", "quoted_md"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def escape_md(text: str) -> str:
    """Text made safe to put inside Markdown: HTML escaped, Markdown punctuation backslashed, one line."""
    return _escape(text) if type(text) is str else _escape(str(text))


# Remembered: feedback for a class escapes the key's quotes, names and explanations once per student.
@lru_cache(maxsize=4096)
def _escape(text: str) -> str:
    flat = " ".join(text.split())
    # What ``html.escape(flat, quote=False)`` does, written out: importing ``html`` builds its table of over 2,000
    # named entities, ~2 ms of every grading run's start, and nothing here needs it.
    escaped = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", escaped)


@lru_cache(maxsize=4096)
def quoted_md(text: str, limit: int = 140) -> str:
    """A quote, shortened to ``limit`` characters, escaped and in curly quotation marks (unless it has its own)."""
    short = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return escape_md(short) if short[:1] in "“\"‘'" else f"“{escape_md(short)}”"
