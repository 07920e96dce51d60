"""Split ``article.md`` into headline, dek, numbered paragraphs with sentence offsets, and the author note.

Why: every activity, chart and grade counts paragraphs and sentences the same way, so they are derived
once here; ``check-case`` uses this same parser, so the numbers it checks are the ones the notebooks show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .files import CaseError

__all__ = ["HEADLINE", "PART_CELLS", "PART_NAMES", "STANDFIRST", "Paragraph", "parse_article", "place",
           "place_short", "places", "reading_order", "split_sentences"]

# The headline and the dek (the standfirst: the line under the headline) are numbered 0 and -1 wherever
# a paragraph number is stored (key rows, answer records), so one integer says where any span is.
HEADLINE, STANDFIRST = 0, -1
PART_NAMES = {HEADLINE: "headline", STANDFIRST: "standfirst"}
# How the files a teacher edits (key CSVs, class.yaml) name them.
PART_CELLS = {"headline": HEADLINE, "dek": STANDFIRST}

# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket) and white space,
# unless the full stop belongs to a short abbreviation such as "Mr." or "Sec." or an initial ("S.").
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s+)")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "sec", "st", "gen", "sen", "rep", "u.s", "u.n", "vs", "e.g", "i.e"}


@dataclass(frozen=True)
class Paragraph:
    """One numbered body paragraph and the character offsets of its sentences."""

    number: int
    text: str
    sentences: tuple[tuple[int, int], ...]
    line: int  # line in article.md where the paragraph starts


def place(number: int) -> str:
    """Where ``number`` is, in words for a sentence: ``the headline``, ``the standfirst`` or ``paragraph 3``."""
    return f"the {PART_NAMES[number]}" if number in PART_NAMES else f"paragraph {number}"


def place_short(number: int) -> str:
    """Where ``number`` is, for a table cell or a list: ``Headline``, ``Standfirst`` or ``¶3``."""
    return PART_NAMES[number].capitalize() if number in PART_NAMES else f"¶{number}"


def places(numbers: Iterable[int]) -> str:
    """Several places in words: ``paragraph 3``, ``paragraphs 3 and 5``, ``the headline and paragraphs 3 and 5``."""
    ordered = sorted(set(numbers), key=reading_order)
    body = [n for n in ordered if n not in PART_NAMES]
    phrases = [place(n) for n in ordered if n in PART_NAMES]
    if len(body) == 1:
        phrases.append(place(body[0]))
    elif body:
        phrases.append("paragraphs " + ", ".join(str(n) for n in body[:-1]) + f" and {body[-1]}")
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + f" and {phrases[-1]}"


def reading_order(number: int) -> int:
    """A sort key that puts the headline, then the standfirst, before paragraph 1 (as the page reads)."""
    return _BEFORE_PARAGRAPHS.get(number, number)


_BEFORE_PARAGRAPHS = {HEADLINE: -2, STANDFIRST: -1}  # ``reading_order``'s sort keys (a sort asks for one per item)


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence offsets in ``text``; white space between sentences belongs to none."""
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for m in _SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)\.$", text[start : m.start() + 1])
        token = word.group(1).lower() if word else ""
        if m.group(0).startswith(".") and (token in _ABBREVIATIONS or len(token) == 1):
            continue
        spans.append((start, m.end()))
        rest = text[m.end() :]
        start = m.end() + len(rest) - len(rest.lstrip())
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return tuple(spans)


def parse_article(path: Path) -> tuple[str, str, list[Paragraph], str]:
    """Split article.md into headline, dek, numbered paragraphs and the author note.

    Markdown's rule for paragraphs: consecutive lines form one paragraph (joined by a space) and a blank
    line ends it, so an instructor may wrap long paragraphs. ``check_case`` uses this same parser, so
    the paragraph numbers it checks are the ones the notebooks show.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise CaseError(f"{path}: file is missing") from exc
    headline = dek = note = ""
    blocks: list[tuple[int, str]] = []
    in_note = False
    open_block = False  # whether the previous line belongs to the current body paragraph
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            open_block = False
        elif line.startswith("# ") and not headline:
            headline = line[2:].strip()
        elif line.startswith(">") and not blocks:
            dek = f"{dek} {line.lstrip('>').strip()}".strip()
        elif line == "---":
            in_note = True
        elif in_note:
            note = f"{note} {line}".strip()
        elif open_block:
            start, text = blocks[-1]
            blocks[-1] = (start, f"{text} {line}")
        else:
            blocks.append((number, raw.rstrip()))
            open_block = True
    if not headline:
        raise CaseError(f"{path}:1: the first line must be the headline, starting with '# '")
    if not blocks:
        raise CaseError(f"{path}: no body paragraphs found")
    paragraphs = [Paragraph(i, text, split_sentences(text), line) for i, (line, text) in enumerate(blocks, 1)]
    return headline, dek, paragraphs, note
