"""The lines span feedback (``span_feedback``) writes about one key item or one tag, each written once per class.

Why a module of its own: a class of a thousand students names the same key items and the same few tags again
and again, so each line is made once per (case, words, wording) and then looked up; how that stays right is
said once, here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..case.article import place_short
from ..case.key import KeySpan
from ..case.memo import ENTRIES, table
from ..case.model import Case
from ..scoring.span_grade import GradedTag
from ..scoring.wording import Wording

if TYPE_CHECKING:  # ``span_feedback`` imports this module
    from .span_feedback import SpanWords

__all__ = ["Phrases"]


def _tag_text(case: Case, tag: GradedTag) -> str:
    text = case.part_text(tag.paragraph)  # the headline (0), the dek (-1) or a body paragraph
    return "" if text is None else text[tag.start : tag.end]


class Phrases:
    """The feedback lines about one key item or one tag, in one wording: the same for every student who found,
    missed or tagged it alike, so each is written once per class and then looked up.

    Why safe: a line depends only on the key item (frozen, and held by the key tuple that owns the table, so
    ``id(k)`` names one item while the table lives), on what the entry's own key says (core, labelled right,
    the student's label, the span), and on the case, the words and the wording, which name the table
    (``case.memo``). ``SpanWords`` is compared by identity and never changed once made. The student's own
    text never enters a line: off-key quotes are cut from the case's article by offset.
    """

    def __init__(self, case: Case, key: Sequence[KeySpan], words: SpanWords, wording: Wording) -> None:
        self.case, self.words, self.w = case, words, wording
        self.memo = table(key, ("span_feedback.lines", case, words, wording)) if type(key) is tuple else {}

    def _remember(self, entry: tuple[object, ...], value: list[str]) -> list[str]:
        if len(self.memo) < ENTRIES:
            self.memo[entry] = value
        return value

    def _remember_text(self, entry: tuple[object, ...], value: str) -> str:
        if len(self.memo) < ENTRIES:
            self.memo[entry] = value
        return value

    def _name(self, label: str) -> str:
        return self.words.names.get(label, label)

    def found(self, entry: tuple[object, ...], k: KeySpan, core_item: bool, right: bool,
              tag: GradedTag | None) -> str:
        """A key item the student found (``right``: with a label the key accepts): whether the label matches,
        else what they said and why it differs; its lines joined, as the feedback joins them. ``entry``:
        ``("found", id(k), core_item, right, tag.label or None)``, the same in every wording, so made once."""
        joined: str | None = self.memo.get(entry)
        if joined is not None:
            return joined
        w, words = self.w, self.words
        core = " (core)" if core_item else ""
        if right:
            said = f"{words.label} matches" if words.label else "found"
            return self._remember_text(entry, f"- {place_short(k.paragraph)} {w.quote(k.quote)}{core} — {said}.")
        mine = w.em(w.esc(self._name(tag.label))) if tag else "another label"
        lines = [f"- {place_short(k.paragraph)} {w.quote(k.quote)}{core} — you said {mine}; the key says "
                 f"{w.em(w.esc(self._name(k.label)))}."]
        if tag is not None and words.near_miss is not None:
            why_part = words.near_miss(tag.label, k)
            if why_part:
                lines.append(f"  - {w.esc(why_part)}")
        explanation = k.row.get("explanation", "")
        if explanation:
            lines.append(f"  - Why: {w.esc(explanation)}")
        return self._remember_text(entry, "\n".join(lines))

    def other(self, tag: GradedTag, k: KeySpan) -> str:
        """Another label the student put on a passage they found, and what the key makes of it."""
        entry = ("other", id(k), tag.paragraph, tag.label, tag.credit >= tag.fit, tag.credit > 0)
        lines = self.memo.get(entry)
        if lines is None:
            w, near_miss = self.w, self.words.near_miss
            if tag.credit >= tag.fit:
                how = "an accepted alternative here"
            elif tag.credit > 0 and near_miss is not None and near_miss(tag.label, k):
                how = near_miss(tag.label, k)
            else:
                how = f"not what the key sees here ({self._name(k.label)})"
            lines = self._remember(entry, [f"- {place_short(tag.paragraph)} {w.quote(k.quote)} — "
                                           f"{w.em(w.esc(self._name(tag.label)))}: {w.esc(how)}"])
        return lines[0]

    def off_key(self, tag: GradedTag) -> str:
        """A tag that fits no key item, quoted from the article."""
        entry = ("off", tag.paragraph, tag.start, tag.end, tag.label)
        lines = self.memo.get(entry)
        if lines is None:
            w = self.w
            lines = self._remember(entry, [f"- {place_short(tag.paragraph)} {w.quote(_tag_text(self.case, tag))} — "
                                           f"you said {w.em(w.esc(self._name(tag.label)))}."])
        return lines[0]

    def missed(self, k: KeySpan, core: bool) -> list[str]:
        """A key item the student did not find (listed only when the teacher reveals them)."""
        entry = ("missed", id(k), core)
        lines = self.memo.get(entry)
        if lines is None:
            w = self.w
            lines = [f"- {place_short(k.paragraph)} {w.quote(k.quote)}{' (core)' if core else ''} — "
                     f"{w.em(w.esc(self._name(k.label)))}"]
            if k.row.get("explanation"):
                lines.append(f"  - Why: {w.esc(k.row['explanation'])}")
            lines = self._remember(entry, lines)
        return lines
