"""Score labelled spans against a key with partial credit for partial overlap and for a near-miss label.

Why this formula: it is the span-and-technique measure of SemEval-2020 Task 11 (Da San Martino et al.,
2020), implemented here from the paper's description (its scorer is GPL, so no code is taken from it).
For a student span s and key span t in the same paragraph, with h a normaliser:

    C(s, t, h) = |s ∩ t| / h × δ(s, t)

    precision P = 1/|S| × Σ_s min(1, Σ_t C(s, t, |s|))     (how much of what the student marked is right)
    recall    R = 1/|T| × Σ_t min(1, Σ_s C(s, t, |t|))     (how much of the key the student found)
    F1 = 2PR / (P + R)

δ is 1 when the student's label is the key's label or one it also accepts, and a part credit otherwise
(``near_miss``: 0.5 for claims, where finding the claim is itself the skill; for devices, 0.5 when the
family is right and 0 otherwise). The paper's sums are capped at 1 per span here so that overlapping key
spans cannot give more than full credit. A student span with several labels counts once per label.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ..case.key import KeySpan
from ..case.memo import ENTRIES, table

__all__ = ["NearMiss", "Scored", "SpanGuess", "SpanMatch", "guesses_from_items", "score_spans"]

NearMiss = Callable[[str, KeySpan], float]


@dataclass(frozen=True)
class SpanGuess:
    """One (span, label) a student gave."""

    paragraph: int
    start: int
    end: int
    label: str
    quote: str = ""


@dataclass(frozen=True)
class SpanMatch:
    """A key span and the student's best-matching guess for it (``None``: not found)."""

    key: KeySpan
    guess: SpanGuess | None
    covered: float  # share of the key span the guess covers
    credit: float  # label credit δ of that guess (1, a near-miss part, or 0)


@dataclass
class Scored:
    """Precision, recall and F1, with the per-span detail feedback needs."""

    precision: float
    recall: float
    f1: float
    guesses: int
    key_spans: int
    # one per key span, in key order
    matches: list[SpanMatch] = field(default_factory=list)
    # student spans that overlap no key span at all
    extras: list[SpanGuess] = field(default_factory=list)

    @property
    def score(self) -> float:
        """F1 as a percentage, rounded for a gradebook."""
        return round(100 * self.f1, 1)


def guesses_from_items(items: Iterable[Any]) -> list[SpanGuess]:
    """Flatten answer-record span items into one guess per (span, label); malformed items are skipped
    (items come from records that passed the schema, or straight from a widget)."""
    guesses: list[SpanGuess] = []
    for item in items:
        try:
            target = item["target"]
            for label in item["labels"]:
                guesses.append(
                    SpanGuess(
                        int(target["paragraph"]),
                        int(target["start"]),
                        int(target["end"]),
                        str(label),
                        str(target.get("exact", "")),
                    )
                )
        except (KeyError, TypeError, ValueError):
            continue
    return guesses


_NO_MATCH: tuple[float, SpanGuess | None, float, float] = (0.0, None, 0.0, 0.0)
# What one guess adds: to precision, and to each key position it overlaps (part, share covered, δ).
_Parts = tuple[float, tuple[tuple[int, float, float, float], ...]]


def _guess_parts(paragraph: int, start: int, end: int, label: str,
                 placed: Sequence[tuple[int, KeySpan]], near_miss: NearMiss) -> _Parts:
    """What the guess (paragraph, start, end, label) adds to precision (capped at 1) and to each key span it
    overlaps. Depends on nothing but its arguments, so ``score_spans`` may remember it."""
    length = max(1, end - start)
    # Key spans the guess does not overlap add 0 to the sum, so only the overlapping ones are summed.
    parts = []
    adds = []
    for position, t in placed:
        shared = min(end, t.end) - max(start, t.start)
        if shared > 0:
            d = 1.0 if t.accepts(label) else near_miss(label, t)
            parts.append(shared / length * d)
            key_length = max(1, t.end - t.start)
            adds.append((position, shared / key_length * d, shared / key_length, d))
    return min(1.0, sum(parts)), tuple(adds)


def _by_paragraph(key: Sequence[KeySpan]) -> dict[int, list[tuple[int, KeySpan]]]:
    memo = table(key, "spans.by_paragraph") if type(key) is tuple else None
    if memo:
        return cast(dict[int, list[tuple[int, KeySpan]]], memo["placed"])
    by_paragraph: dict[int, list[tuple[int, KeySpan]]] = {}
    for position, t in enumerate(key):
        by_paragraph.setdefault(t.paragraph, []).append((position, t))
    if memo is not None:
        memo["placed"] = by_paragraph
    return by_paragraph


def _unmatched(key: Sequence[KeySpan]) -> list[SpanMatch]:
    """One ``SpanMatch`` per key span with no guess on it (frozen, so shared by every student's result)."""
    memo = table(key, "spans.unmatched") if type(key) is tuple else None
    if memo:
        return list(cast(tuple[SpanMatch, ...], memo["matches"]))
    matches = tuple(SpanMatch(t, None, 0.0, 0.0) for t in key)
    if memo is not None:
        memo["matches"] = matches
    return list(matches)


def score_spans(guesses: Sequence[SpanGuess], key: Sequence[KeySpan], near_miss: NearMiss, *,
                detail: bool = True) -> Scored:
    """Score ``guesses`` against ``key``; ``near_miss(label, key_span)`` gives δ for a non-accepted label.
    Without ``detail``, only the measures: ``matches`` and ``extras`` stay empty (the grader reads precision,
    recall and F1 alone).

    What each distinct (span, label) adds is worked out once per key and ``near_miss`` (``case.memo``), since
    a class repeats the same spans; the sums then run in the order the formula gives (guesses in order, for
    each key span), so every total is the same float as summing afresh.
    """
    by_paragraph = _by_paragraph(key)
    memo = table(key, ("spans.guess", near_miss)) if type(key) is tuple else None

    precision_sum = 0.0
    extras: list[SpanGuess] = []
    credits = [0.0] * len(key)
    bests: dict[int, tuple[float, SpanGuess | None, float, float]] = {}
    for s in guesses:
        guess_key = (s.paragraph, s.start, s.end, s.label)
        parts = memo.get(guess_key) if memo is not None else None
        if parts is None:
            parts = _guess_parts(s.paragraph, s.start, s.end, s.label, by_paragraph.get(s.paragraph, ()), near_miss)
            if memo is not None and len(memo) < ENTRIES:
                memo[guess_key] = parts
        precision_part, adds = parts
        precision_sum += precision_part
        if not detail:
            for position, part, _, _ in adds:
                credits[position] += part
            continue
        if not adds:
            extras.append(s)
        for position, part, covered, d in adds:
            credits[position] += part
            best = bests.get(position, _NO_MATCH)
            if part > best[0] or (part == best[0] and best[1] is None):
                bests[position] = (part, s, covered, d)

    recall_sum = 0.0
    for credit in credits:
        recall_sum += min(1.0, credit)
    matches = _unmatched(key) if detail else []
    for position, best in bests.items():
        matches[position] = SpanMatch(key[position], best[1], best[2], best[3])

    precision = precision_sum / len(guesses) if guesses else (1.0 if not key else 0.0)
    recall = recall_sum / len(key) if key else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scored(precision, recall, f1, len(guesses), len(key), matches, extras)
