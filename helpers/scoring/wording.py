"""Write feedback once and read it two ways: as Markdown (notebooks, feedback .md files) and as plain text
(an LMS comment box, where Markdown escapes would show as stray backslashes).

Why: feedback reaches students through "check my work" in a notebook and through an LMS; the same words
must be safe in the first (student text escaped) and clean in the second (nothing escaped, no markup).
"""

from __future__ import annotations

from dataclasses import dataclass

from .markdown import escape_md, quoted_md

__all__ = ["MARKDOWN", "PLAIN", "Wording"]


@dataclass(frozen=True)
class Wording:
    """How to mark up feedback text: escaping, emphasis, quotes, headings and folded lists."""

    markdown: bool

    def esc(self, text: str) -> str:
        """Student or key text, made safe for the output (one line)."""
        return escape_md(text) if self.markdown else " ".join(str(text).split())

    def quote(self, text: str, limit: int = 140) -> str:
        """A short quotation in curly quotes."""
        if self.markdown:
            return quoted_md(text, limit)
        flat = " ".join(str(text).split())
        short = flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
        return short if short[:1] in "“\"‘'" else f"“{short}”"

    def bold(self, text: str) -> str:
        """Strong emphasis (already-safe text)."""
        return f"**{text}**" if self.markdown else text

    def em(self, text: str) -> str:
        """Emphasis (already-safe text)."""
        return f"*{text}*" if self.markdown else text

    def heading(self, level: int, text: str) -> str:
        """A heading line (already-safe text)."""
        if self.markdown:
            return f"{'#' * level} {text}"
        return f"{text}\n{('=' if level == 1 else '-') * len(text)}" if level <= 2 else text

    def fold(self, summary: str, lines: list[str]) -> list[str]:
        """Lines folded behind a summary in Markdown (a details element); in plain text, a labelled list."""
        if self.markdown:
            return [f"<details><summary>{summary}</summary>", "", *lines, "", "</details>"]
        return [f"{summary}:", *lines]


MARKDOWN = Wording(markdown=True)
PLAIN = Wording(markdown=False)
