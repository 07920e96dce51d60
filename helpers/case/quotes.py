"""Find a quoted span in article text, forgiving curly-versus-straight quotes and runs of white space.

Why: instructors type key quotes by hand and students copy them from a browser, so a quote rarely
matches the published characters byte for byte. Matching on a normalised form, then mapping back to
offsets in the original text, lets the key and the answers stay anchored to the article as published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Match", "find_all", "find_quote", "normalise"]

# Typographic variants folded to one plain character each before matching.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
        "\u2010": "-",
    }
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Match:
    """Where a quote was found: ``text[start:end]`` is the span as published."""

    start: int
    end: int


def normalise(text: str) -> str:
    """Fold quote marks and dashes and collapse white space (including no-break spaces)."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


@lru_cache(maxsize=512)
def _normalised_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """Return the normalised text and, for each of its characters, the index it came from."""
    out: list[str] = []
    index: list[int] = []
    folded = text.translate(_FOLD)
    previous_space = True  # drop leading white space
    for i, ch in enumerate(folded):
        if ch.isspace():
            if previous_space:
                continue
            out.append(" ")
            index.append(i)
            previous_space = True
        else:
            out.append(ch)
            index.append(i)
            previous_space = False
    return "".join(out), tuple(index)


def find_all(text: str, quote: str) -> list[Match]:
    """Every place ``quote`` occurs in ``text``, as offsets into the original ``text``.

    Matches never overlap. An empty or all-white-space quote matches nothing.
    """
    needle = normalise(quote)
    if not needle:
        return []
    hay, index = _normalised_with_map(text)
    matches: list[Match] = []
    pos = hay.find(needle)
    while pos != -1:
        last = pos + len(needle) - 1
        matches.append(Match(index[pos], index[last] + 1))
        pos = hay.find(needle, pos + len(needle))
    return matches


def find_quote(text: str, quote: str) -> Match | None:
    """The single place ``quote`` occurs in ``text``; ``None`` when it is absent or ambiguous."""
    matches = find_all(text, quote)
    return matches[0] if len(matches) == 1 else None
