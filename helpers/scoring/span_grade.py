"""The graded score for a span-tagging activity (claims, devices): full marks for finding the key's core
items, and no way to pad the score by tagging more, tagging everything, or repeating a tag.

Why not the SemEval-2020 Task 11 F1 alone (``spans.py`` still reports it for teachers): measured on a
simulated class, its recall is taken over the whole key (43 claims), so ten perfect tags capped near 37,
and its precision averages over tags, so copies of one right tag lifted it while every paragraph was
tagged whole. This score keeps the paper's idea of partial credit for partial overlap and replaces its
sums with maxima, so each key item and each of the student's tags counts once.

For a student span s and a key item t in the same paragraph (lengths in characters):

    coverage   c(s, t) = |s ∩ t| / |t|        (how much of the key item the student marked)
    tightness  τ(s, t) = |s ∩ t| / |s|        (how much of the student's span is the key item)
    fit        f(s, t) = min(1, c / 0.8) × min(1, τ / 0.5)
                 a span may miss a fifth of the key's quote, or be up to twice its length (the whole
                 sentence around a clause), and still fit fully; a whole paragraph around one sentence fits
                 about a quarter
    label      δ(l, t) = 1 for the key's label or one it accepts; the near-miss credit otherwise (claims:
                 0.5 for another claim type; devices: 0.5 for the right family); 0 for a label outside
                 the taxonomy
    Each tag is given to the one key item it earns most on (its credit f × δ, then its fit, then how
    exactly it matches), so one tag
    never counts for two key items, and a tag that overlaps none is "off the key".
    found      q(t) = max of f(s, t) × δ(l, t) over the tags given to t     (max: repeats count once)

    core       Q_core  = mean of q(t) over the core items (the key's ``core`` column; all items if none)
    the rest   Q_extra = mean of q(t) over the other key items (0 when there are none)
    coverage   A = Q_core + (1 − Q_core) × 0.5 × Q_extra
                 the rest of the key can make up at most half of what the core lacks, so A ≤ 1 always

    Tags given to the same key item with the same label form one group, worth the best credit in it; a tag
    off the key is a group of its own, worth 0. Exact repeats of a tag are dropped first.
    misses     W = sum over the groups of (1 − worth)     (a wrong or loose tag costs what it lacks)
    allowance  a = 0.25 × (number of core items)          (honest slips and defensible extras cost nothing)
    penalty    D = 0.75 × max(0, W − a) / (number of core items)
                 beyond the allowance, each wholly wrong tag costs three quarters of one core item

    score = 100 × max(0, A − D)

Why a subtraction and not a ratio such as precision: a ratio punishes one slip in seven tags as hard as
tagging every sentence of the article (measured on the simulated class: both near 0.7), while a cost per
wrong tag, counted in core items, leaves the honest student almost untouched and the one who tags
everything with nothing. Precision (the groups' mean worth) is still reported for teachers.

Invariants, pinned by property tests over a simulated class (``tests/test_span_grade.py``): the core
exactly scores 100, the whole key exactly 100, no tags 0; adding an exactly correct tag never lowers
the score; repeating a tag never raises it; and tagging every paragraph or every sentence, with one
label or every label, or a key item hundreds of times, scores far below a student who finds half the
core exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, cast

from ..case.memo import ENTRIES, table
from .span_results import FOUND, FairScore, GradedTag, ItemResult

__all__ = [
    "ALLOWANCE",
    "COVERAGE_FULL",
    "EXTRA_WEIGHT",
    "FOUND",
    "MISS_COST",
    "TIGHTNESS_FULL",
    "FairScore",
    "GradedTag",
    "ItemResult",
    "KeyItem",
    "Tag",
    "fair_score",
    "fit",
    "score_given_tags",
]

COVERAGE_FULL = 0.8
TIGHTNESS_FULL = 0.5
EXTRA_WEIGHT = 0.5
ALLOWANCE = 0.25
MISS_COST = 0.75


class Tag(Protocol):
    """One (span, label) a student gave."""

    @property
    def paragraph(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


class KeyItem(Protocol):
    """One located key row."""

    @property
    def id(self) -> str: ...
    @property
    def paragraph(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...

    def accepts(self, label: str) -> bool: ...


K = TypeVar("K", bound=KeyItem)


def fit(tag: Tag, item: KeyItem) -> float:
    """How well ``tag``'s span fits ``item``'s span, 0 to 1 (labels aside); see the module docstring."""
    if tag.paragraph != item.paragraph:
        return 0.0
    shared = min(tag.end, item.end) - max(tag.start, item.start)
    if shared <= 0:
        return 0.0
    coverage = shared / max(1, item.end - item.start)
    tightness = shared / max(1, tag.end - tag.start)
    return min(1.0, coverage / COVERAGE_FULL) * min(1.0, tightness / TIGHTNESS_FULL)


@dataclass(frozen=True)
class _Placed(Generic[K]):
    """A key laid out for scoring: its items by paragraph (each with start, end, length of at least 1, and id),
    its ids, and where each id stands in the key."""

    by_paragraph: dict[int, list[tuple[K, int, int, int, str]]]
    ids: frozenset[str]
    positions: dict[str, tuple[int, ...]]


def _placed(key: Sequence[K]) -> _Placed[K]:
    """The key laid out for scoring: once per key when the key is a tuple (``case.memo``: the grader scores a
    class against one cached key); any other sequence may change between calls, so it is laid out each time."""
    memo = table(key, "span_grade.placed") if type(key) is tuple else None
    if memo:
        return cast("_Placed[K]", memo["placed"])  # a string: no generic alias made per call
    by_paragraph: dict[int, list[tuple[K, int, int, int, str]]] = {}
    positions: dict[str, list[int]] = {}
    for position, item in enumerate(key):
        by_paragraph.setdefault(item.paragraph, []).append(
            (item, item.start, item.end, max(1, item.end - item.start), item.id))
        positions.setdefault(item.id, []).append(position)
    placed = _Placed(by_paragraph, frozenset(positions), {i: tuple(p) for i, p in positions.items()})
    if memo is not None:
        memo["placed"] = placed
    return placed


def _grade_tag(paragraph: int, start: int, end: int, label: str, known: bool,
               items: Sequence[tuple[K, int, int, int, str]], near_miss: Callable[[str, K], float]) -> GradedTag:
    """One de-duplicated tag given to the key item it earns most on (``fit`` and the module docstring, written
    out inline), or to none. Depends on nothing but its arguments, so ``fair_score`` may remember it."""
    top: tuple[float, float, float] | None = None
    top_id = ""
    length = max(1, end - start)
    for item, item_start, item_end, item_length, item_id in items:
        shared = min(end, item_end) - max(start, item_start)
        if shared <= 0:
            continue
        f = min(1.0, shared / item_length / COVERAGE_FULL) * min(1.0, shared / length / TIGHTNESS_FULL)
        if not f:
            continue
        delta = (1.0 if item.accepts(label) else near_miss(label, item)) if known else 0.0
        # Ties go to the key item the tag matches most exactly (overlap over union).
        candidate = (f * delta, f, shared / (max(end, item_end) - min(start, item_start)))
        if top is None or candidate > top:
            top, top_id = candidate, item_id
    if top is None:
        return GradedTag(paragraph, start, end, label, None, 0.0, 0.0)
    return GradedTag(paragraph, start, end, label, top_id, top[1], top[0])


@dataclass(frozen=True)
class _Untouched:
    """What every student's result starts from, for one key and one set of core ids: each key item's result
    when no tag was given to it (shared, immutable), the core ids that count, how many items are core and how
    many are not, where the core ones stand, and where each id stands in the key (``_Placed.positions``)."""

    items: tuple[ItemResult, ...]
    core_ids: frozenset[str]
    core: int
    extra: int
    core_positions: tuple[int, ...]
    positions: dict[str, tuple[int, ...]]


def _untouched(key: Sequence[K], core: Collection[str] | None) -> tuple[_Untouched, dict[Any, ItemResult]]:
    """``_Untouched`` for ``key`` and ``core`` (the caller's core ids), and a table of the results of touched
    items to share (frozen, so one per distinct (position, fit, credit, best tag)); once per key tuple and core
    frozenset (``case.memo``: the grader passes the one ``core_ids(key)`` for a class), else afresh."""
    memo = table(key, ("span_grade.untouched", core)) if type(key) is tuple and type(core) is frozenset else None
    if memo:
        return memo["untouched"], memo["results"]
    placed = _placed(key)
    core_ids = frozenset(set(core or ()) & placed.ids or placed.ids)
    items = tuple(ItemResult(item.id, item.id in core_ids, 0.0, 0.0, None) for item in key)
    core_positions = tuple(position for position, item in enumerate(items) if item.core)
    untouched = _Untouched(items, core_ids, len(core_positions), len(items) - len(core_positions), core_positions,
                           placed.positions)
    results: dict[Any, ItemResult] = {}
    if memo is not None:
        memo["untouched"], memo["results"] = untouched, results
    return untouched, results


def fair_score(
    tags: Sequence[Tag],
    key: Sequence[K],
    near_miss: Callable[[str, K], float],
    labels: Collection[str],
    core: Collection[str] | None = None,
) -> FairScore:
    """Score ``tags`` against ``key``.

    ``near_miss(label, item)`` is δ for a taxonomy label the item does not accept; ``labels`` is the
    taxonomy (any other label earns 0); ``core`` the ids of the core items (``None`` or empty: all).

    Each distinct (span, label, whether the label is in the taxonomy) is given to a key item once per key
    and ``near_miss`` (``case.memo``): students' tags coincide, and the result depends on nothing else.
    """
    unique: list[tuple[int, int, int, str]] = []
    seen: set[tuple[int, int, int, str]] = set()
    for tag in tags:
        span = (int(tag.paragraph), int(tag.start), int(tag.end), str(tag.label))
        if span not in seen:
            seen.add(span)
            unique.append(span)
    by_paragraph = _placed(key).by_paragraph
    memo = table(key, ("span_grade.tag", near_miss)) if type(key) is tuple else None
    graded: list[GradedTag] = []
    for paragraph, start, end, label in unique:
        known = label in labels
        tag_key = (paragraph, start, end, label, known)
        given = memo.get(tag_key) if memo is not None else None
        if given is None:
            given = _grade_tag(paragraph, start, end, label, known, by_paragraph.get(paragraph, ()), near_miss)
            if memo is not None and len(memo) < ENTRIES:
                memo[tag_key] = given
        graded.append(given)
    return score_given_tags(graded, len(tags) - len(unique), key, core)


def score_given_tags(graded: Sequence[GradedTag], repeats: int, key: Sequence[K],
                     core: Collection[str] | None = None) -> FairScore:
    """The score of a student's de-duplicated tags, each already given to a key item (``_grade_tag``, in the
    student's order), with ``repeats`` exact repeats dropped before: the second half of ``fair_score``, for a
    caller that gives each distinct tag once and scores it more ways than one (``span_measures``)."""
    untouched, results = _untouched(key, core)
    core_ids, positions = untouched.core_ids, untouched.positions
    best: dict[str, tuple[float, float, int]] = {}  # item id -> (credit, fit, index) of its best tag
    groups: dict[tuple[str, str], float] = {}  # (item id, label) -> the group's worth
    off_key = 0
    for index, given in enumerate(graded):
        top_id = given.key_id
        if top_id is None:
            off_key += 1
            continue
        credit, f = given.credit, given.fit
        # ``(credit, f) > best[top_id][:2]`` (or > (0.0, 0.0) for the first), without the tuples.
        old = best.get(top_id)
        old_credit, old_fit = (0.0, 0.0) if old is None else old[:2]
        if credit > old_credit or (credit == old_credit and f > old_fit):
            best[top_id] = (credit, f, index)
        group = (top_id, given.label)
        group_worth = groups.get(group, 0.0)
        groups[group] = credit if credit > group_worth else group_worth  # ``max(group_worth, credit)``, no call

    found = list(untouched.items)
    core_count, extra_count, core_positions = untouched.core, untouched.extra, untouched.core_positions
    touched: list[int] = []
    for item_id, best_item in best.items():
        result = results.get((item_id, best_item))
        if result is None:
            credit, f, index = best_item
            result = ItemResult(item_id, item_id in core_ids, f, credit, index)
            if len(results) < ENTRIES:
                results[item_id, best_item] = result
        for position in positions[item_id]:
            found[position] = result
            touched.append(position)
    items = tuple(found)
    # The means over the core and the other items, summed in key order as the formula reads; the items no tag
    # was given to add exactly 0.0, so only the others are added (the same floats, without a pass over the key).
    core_sum = extra_sum = 0.0
    core_found = core_right = extra_found = 0
    found_positions: list[int] = []
    core_found_positions: set[int] = set()
    if len(touched) > 1:
        touched.sort()
    for position in touched:
        result = found[position]
        if result.fit >= FOUND:  # ``found``, inline
            found_positions.append(position)
        if result.core:
            core_sum += result.credit
            if result.fit >= FOUND:  # ``found`` and ``labelled_right``, inline
                core_found += 1
                core_right += result.credit >= result.fit
                core_found_positions.add(position)
        else:
            extra_sum += result.credit
            extra_found += result.fit >= FOUND
    # The core items not found: the untouched ones and any touched too loosely.
    core_missed = (core_positions if not core_found_positions
                   else tuple(p for p in core_positions if p not in core_found_positions))
    core_coverage = core_sum / core_count if core_count else 0.0
    extra_coverage = extra_sum / extra_count if extra_count else 0.0
    coverage = core_coverage + (1 - core_coverage) * EXTRA_WEIGHT * extra_coverage
    group_count = len(groups) + off_key
    worth = sum(groups.values())
    precision = worth / group_count if group_count else 1.0
    misses = group_count - worth
    core_count = max(1, len(core_ids))
    penalty = MISS_COST * max(0.0, misses - ALLOWANCE * core_count) / core_count
    score = round(100 * max(0.0, coverage - penalty), 1) if key else 0.0
    graded_score = FairScore(
        score=score, coverage=coverage, core_coverage=core_coverage, extra_coverage=extra_coverage,
        precision=precision, misses=misses, penalty=penalty, items=items, tags=len(graded), repeats=repeats,
        off_key=off_key, groups=group_count, graded_tags=tuple(graded))
    # The counts feedback and the gradebook read, known here from the items tags were given to (the others are
    # neither found nor core-found): set where ``cached_property`` keeps them, so no one counts the whole key.
    graded_score.__dict__.update(core_total=core_count, core_found=core_found, core_labelled_right=core_right,
                                 extra_found=extra_found, found_positions=tuple(found_positions),
                                 core_missed_positions=core_missed)
    return graded_score
