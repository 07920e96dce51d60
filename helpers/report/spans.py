"""What the class highlighted: per-character counts per paragraph, key items found, labels given, confusions.

Why per-character counters: they add up student by student, so a class of 1,000 costs the same memory as
a class of 5 (one small integer array per paragraph and label), and everything the report shows about
spans (the heat strip, majority spans the key lacks, Krippendorff's alpha) is read off them.

Definitions (the tests pin them):
- A student *found* a key item when the union of their spans (any label) covers at least half of the
  item's characters. A student *gave label L* to it when their spans labelled L cover at least half of it
  (or, if no one label does, any label whose spans touch it).
- For the confusion table each (student, found key item) counts once: under the key's label when the
  student gave it, else under an accepted alternative they gave, else under the label covering most of it.
- A label that only an overlapping key item accepts (a short device inside a longer one) is the student
  tagging that other item: it does not count towards this one, neither as found nor as a confusion.
- Where the key lists the same words twice under two labels (a passage that is both a straw man and a
  stereotype), a student who gave either label agrees with the key on both rows, and the confusion table
  counts them on the row whose label they gave.
- Only labels of the kit's taxonomy get character counters; other labels count as ``OTHER``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .inputs import Case, KeySpan

__all__ = ["OTHER", "KeyItemTally", "MajoritySpan", "SpanTally"]

OTHER = "(not a kit label)"


@dataclass
class KeyItemTally:
    """Class counts for one key item."""

    key: KeySpan
    found: int = 0
    agreed: int = 0  # found and gave the key's label or one it accepts
    labels: Counter[str] = field(default_factory=Counter)  # students giving each label

    def share(self, coders: int) -> float:
        """Share of the students who did the activity that found it."""
        return self.found / coders if coders else 0.0


@dataclass(frozen=True)
class MajoritySpan:
    """A stretch of the article highlighted by more than half of the students that no key item covers."""

    paragraph: int
    start: int
    end: int
    quote: str
    share: float
    label: str
    label_share: float


class SpanTally:
    """Streaming counts for one span activity (claims or devices)."""

    def __init__(self, case: Case, key: tuple[KeySpan, ...], labels: tuple[str, ...]) -> None:
        self.case = case
        self.key = key
        self.labels = labels
        # one row per taggable part of the article, in reading order: headline, standfirst, paragraphs 1…n
        self.rows = (*case.parts(), *case.paragraphs)
        self.index = {p.number: i for i, p in enumerate(self.rows)}  # paragraph number (0 headline, -1 dek) -> row
        self.lengths = [len(p.text) for p in self.rows]
        self.coders = 0  # students with at least one span
        self.spans = 0
        self.skipped = 0  # span items that were malformed or outside the article
        self.any = [np.zeros(n, dtype=np.int32) for n in self.lengths]
        self.by_label = {label: [np.zeros(n, dtype=np.int32) for n in self.lengths] for label in labels}
        self.items = [KeyItemTally(k) for k in key]
        self.confusion: Counter[tuple[str, str]] = Counter()  # (key label, student label) -> count
        self.missed: Counter[str] = Counter()  # key label -> (student, item) pairs not found
        self.users: Counter[str] = Counter()  # label -> students who used it at least once
        # Key rows that mark the same words under another label (overlap of at least half of each): a student
        # who gives a sibling's label agrees with the key there, and is counted on the sibling's row.
        self.siblings = {k.id: [o for o in key if o.id != k.id and _same_words(k, o)] for k in key}
        # Other key items that overlap this one without marking the same words (a short device inside a longer
        # one): a label only they accept says the student tagged them, so it does not count for this item.
        self.neighbours = {k.id: [o for o in key if o.id != k.id and _overlaps(k, o) and not _same_words(k, o)]
                           for k in key}
        self.key_masks = [np.zeros(n, dtype=bool) for n in self.lengths]
        for k in key:
            self.key_masks[self.index[k.paragraph]][k.start : k.end] = True

    def add(self, items: list[dict[str, Any]]) -> None:
        """Count one student's span items."""
        masks: dict[str, list[np.ndarray | None]] = {}
        union: list[np.ndarray | None] = [None] * len(self.lengths)
        count = 0
        for item in items:
            try:
                target = item["target"]
                p, start, end = int(target["paragraph"]), int(target["start"]), int(target["end"])
                labels = [str(label) for label in item["labels"]]
            except (KeyError, TypeError, ValueError):
                self.skipped += 1
                continue
            if p not in self.index:
                self.skipped += 1
                continue
            p = self.index[p]  # from here on, the row
            start, end = max(0, start), min(self.lengths[p], end)
            if end <= start:
                self.skipped += 1
                continue
            count += 1
            for label in labels:
                key = label if label in self.by_label else OTHER
                row = masks.setdefault(key, [None] * len(self.lengths))
                if row[p] is None:
                    row[p] = np.zeros(self.lengths[p], dtype=bool)
                row[p][start:end] = True  # type: ignore[index]
            if union[p] is None:
                union[p] = np.zeros(self.lengths[p], dtype=bool)
            union[p][start:end] = True  # type: ignore[index]
        if not count:
            return
        self.coders += 1
        self.spans += count
        for i, mask in enumerate(union):
            if mask is not None:
                self.any[i] += mask
        self.users.update(list(masks))
        for label, rows in masks.items():
            if label == OTHER:
                continue
            for i, mask in enumerate(rows):
                if mask is not None:
                    self.by_label[label][i] += mask
        for tally in self.items:
            self._score_item(tally, union, masks)

    def _score_item(self, tally: KeyItemTally, union: list[np.ndarray | None],
                    masks: dict[str, list[np.ndarray | None]]) -> None:
        k = tally.key
        i, need = self.index[k.paragraph], (k.end - k.start) / 2
        if union[i] is None:
            self.missed[k.label] += 1
            return
        cover: dict[str, int] = {}
        covered = np.zeros(k.end - k.start, dtype=bool)
        for label, rows in masks.items():
            row = rows[i]
            if row is None or not row[k.start : k.end].any():
                continue
            if not k.accepts(label) and any(o.accepts(label) for o in self.neighbours[k.id]):
                continue  # the label of a key item this one sits inside or beside: the student tagged that one
            cover[label] = int(row[k.start : k.end].sum())
            covered |= row[k.start : k.end]
        if int(covered.sum()) < need:
            self.missed[k.label] += 1
            return
        tally.found += 1
        given = [label for label, n in cover.items() if n >= need] or list(cover)
        tally.labels.update(given)
        accepted = [label for label in given if k.accepts(label)]
        elsewhere = [label for label in given if any(o.accepts(label) for o in self.siblings[k.id])]
        if accepted or elsewhere:
            tally.agreed += 1
        if not accepted and elsewhere:
            return  # counted in the confusion table on the sibling row whose label the student gave
        chosen = k.label if k.label in given else (accepted[0] if accepted else max(given, key=lambda g: cover[g]))
        self.confusion[(k.label, chosen)] += 1

    # ---- what the report reads ---------------------------------------------------------------------------------
    def shares(self) -> list[np.ndarray]:
        """Per row (``rows``: headline, standfirst, paragraphs), the share of students (who did the activity)
        highlighting each character."""
        return [a / self.coders if self.coders else a.astype(float) for a in self.any]

    def majority_spans(self, threshold: float = 0.5, min_chars: int = 12) -> list[MajoritySpan]:
        """Stretches more than ``threshold`` of the students highlighted that no key item covers."""
        if self.coders < 3:
            return []
        found = []
        for i, counts in enumerate(self.any):
            hot = (counts > threshold * self.coders) & ~self.key_masks[i]
            for start, end in _runs(hot):
                if end - start < min_chars:
                    continue
                text = self.rows[i].text
                label, best = "", 0
                for name, rows in self.by_label.items():
                    n = int(rows[i][start:end].max())
                    if n > best:
                        label, best = name, n
                found.append(MajoritySpan(self.rows[i].number, start, end, text[start:end].strip(),
                                          float(counts[start:end].max()) / self.coders, label, best / self.coders))
        return found

    def disputed_items(self, threshold: float = 0.5, min_found: int = 3) -> list[KeyItemTally]:
        """Key items that most of the students who found them labelled otherwise than the key."""
        return [t for t in self.items
                if t.found >= min_found and (t.found - t.agreed) > threshold * t.found]

    def value_counts(self, label: str | None = None) -> np.ndarray:
        """Krippendorff's value counts over every character of the article: columns (out, in) per character."""
        rows = self.any if label is None else self.by_label[label]
        inside = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
        return np.stack([self.coders - inside, inside], axis=1)


def _overlaps(a: KeySpan, b: KeySpan) -> bool:
    return a.paragraph == b.paragraph and min(a.end, b.end) > max(a.start, b.start)


def _same_words(a: KeySpan, b: KeySpan) -> bool:
    """Whether two key rows mark (nearly) the same words: each covers at least half of the other."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    return a.paragraph == b.paragraph and shared * 2 >= max(a.end - a.start, b.end - b.start)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a boolean array."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
