"""Both measures of one student's span tags, the graded score (``span_grade``) and the SemEval-2020 Task 11
precision and recall (``spans``), from one look-up per tag: what the grader asks for every claims and devices
record.

Why: the two measures used to be worked out apart, each turning the record's items into objects and matching
every tag against the key through its own memo; per student the work is the same matching, so here each
distinct (span, label) is matched once per key and ``near_miss`` (``case.memo``), and what both measures need
from it is kept together. The sums still run in the order each formula gives, so every number is the same
float as ``fair_score`` and ``score_spans(..., detail=False)`` give (``tests/test_span_measures.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any, cast

from ..case.key import KeySpan
from ..case.memo import ENTRIES, table
from .span_grade import COVERAGE_FULL, TIGHTNESS_FULL, FairScore, GradedTag, score_given_tags
from .spans import NearMiss, Scored

__all__ = ["Span", "span_measures", "spans_from_items"]

Span = tuple[int, int, int, str]  # paragraph, start, end, label
# What one distinct tag is, for both measures: given to a key item, what it adds to precision, and what it
# adds to the recall of each key position it overlaps.
_Matched = tuple[GradedTag, float, tuple[tuple[int, float], ...]]


def spans_from_items(items: Iterable[Any]) -> list[Span]:
    """``guesses_from_items`` as plain tuples: one (paragraph, start, end, label) per label of each item, the
    same ones in the same order (malformed items skipped), without an object per guess."""
    spans: list[Span] = []
    append = spans.append
    for item in items:
        try:
            target = item["target"]
            converted = False
            for label in item["labels"]:
                if not converted:  # converted at the first label, as ``guesses_from_items`` does per label
                    # ``int(x)`` and ``str(x)`` give back x itself when it is exactly an int or a str (JSON's
                    # numbers and strings), so they are called only for anything else (a bool, a float, ...).
                    paragraph, start, end = target["paragraph"], target["start"], target["end"]
                    paragraph = paragraph if type(paragraph) is int else int(paragraph)
                    start = start if type(start) is int else int(start)
                    end = end if type(end) is int else int(end)
                    converted = True
                append((paragraph, start, end, label if type(label) is str else str(label)))
        except (KeyError, TypeError, ValueError):
            continue
    return spans


# paragraph -> (position, item, start, end, length, id) of each of its key items, in key order
_Placed = dict[int, list[tuple[int, KeySpan, int, int, int, str]]]


def _placed(key: Sequence[KeySpan]) -> _Placed:
    """The key's items by paragraph, in key order, with what matching reads of each; once per key tuple."""
    memo = table(key, "span_measures.placed") if type(key) is tuple else None
    if memo:
        return cast(_Placed, memo["placed"])
    placed: _Placed = {}
    for position, item in enumerate(key):
        placed.setdefault(item.paragraph, []).append(
            (position, item, item.start, item.end, max(1, item.end - item.start), item.id))
    if memo is not None:
        memo["placed"] = placed
    return placed


def _match(span: Span, known: bool, key: Sequence[KeySpan], near_miss: NearMiss) -> _Matched:
    """One distinct tag matched against the key items of its paragraph, once for both measures: the key item
    it is given to (``span_grade._grade_tag``: the most credit, then fit, then overlap over union; δ is 0 for a
    label outside the taxonomy) and what it adds to precision and to each overlapped item's recall
    (``spans._guess_parts``: δ for any label). The same formulas, written out once."""
    paragraph, start, end, label = span
    length = end - start if end - start > 1 else 1  # ``max(1, end - start)``
    top: tuple[float, float, float] | None = None
    top_id = ""
    parts: list[float] = []
    adds: list[tuple[int, float]] = []
    # ``min`` and ``max`` of two numbers are written as conditional expressions (``a if a < b else b`` is the
    # value ``min(a, b)`` gives, and ``a if a > b else b`` that of ``max(a, b)``): in Python 3.11 each builtin
    # call packs its arguments into a tuple, about 700 instructions against 60, and this loop runs for every
    # key item of the tag's paragraph (measured: about 4% of grading a claims notebook).
    for position, item, item_start, item_end, item_length, item_id in _placed(key).get(paragraph, ()):
        shared = (end if end < item_end else item_end) - (start if start > item_start else item_start)
        if shared <= 0:
            continue
        d = 1.0 if label == item.label or label in item.accepted else near_miss(label, item)  # ``item.accepts``
        parts.append(shared / length * d)
        adds.append((position, shared / item_length * d))
        coverage, tightness = shared / item_length / COVERAGE_FULL, shared / length / TIGHTNESS_FULL
        f = (coverage if coverage < 1.0 else 1.0) * (tightness if tightness < 1.0 else 1.0)
        if not f:
            continue
        union = (end if end > item_end else item_end) - (start if start < item_start else item_start)
        candidate = (f * (d if known else 0.0), f, shared / union)
        if top is None or candidate > top:
            top, top_id = candidate, item_id
    given = (GradedTag(paragraph, start, end, label, None, 0.0, 0.0) if top is None
             else GradedTag(paragraph, start, end, label, top_id, top[1], top[0]))
    precision = sum(parts)
    return given, precision if precision < 1.0 else 1.0, tuple(adds)


def span_measures(spans: Sequence[Span], key: Sequence[KeySpan], near_miss: NearMiss, labels: Collection[str],
                  core: Collection[str] | None = None) -> tuple[FairScore, Scored]:
    """``fair_score`` and ``score_spans(..., detail=False)`` of the same tags (``spans_from_items``): the same
    results, from one look-up per tag."""
    memo = table(key, ("span_measures.match", near_miss)) if type(key) is tuple else None
    graded: list[GradedTag] = []  # the distinct tags, in the student's order
    seen: set[Span] = set()
    precision_sum = 0.0
    credits: dict[int, float] = {}  # key position -> the recall parts added to it, in the student's order
    for span in spans:
        known = span[3] in labels
        entry = (*span, known)
        matched: _Matched | None = memo.get(entry) if memo is not None else None
        if matched is None:
            matched = _match(span, known, key, near_miss)
            if memo is not None and len(memo) < ENTRIES:
                memo[entry] = matched
        given, precision_part, adds = matched
        precision_sum += precision_part
        for position, part in adds:
            credits[position] = credits.get(position, 0.0) + part
        if span not in seen:
            seen.add(span)
            graded.append(given)
    fair = score_given_tags(graded, len(spans) - len(graded), key, core)
    # Recall sums min(1, credit) over the key in key order; a key span no tag overlaps adds exactly 0.0.
    recall_sum = 0.0
    for position in sorted(credits):
        credit = credits[position]
        recall_sum += credit if credit < 1.0 else 1.0  # ``min(1.0, credit)``
    precision = precision_sum / len(spans) if spans else (1.0 if not key else 0.0)
    recall = recall_sum / len(key) if key else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return fair, Scored(precision, recall, f1, len(spans), len(key), [], [])
