"""Feedback on a span activity (claims, devices) in the student's voice: what you found of what matters,
where to look next, then the detail; precision and recall only as a note for the curious.

Why one function for both activities: "check my work" in the notebook and the grader's feedback file
must say the same thing in the same words, and a student must read "you found 6 of the 12 core claims;
look again at paragraphs 5 and 9" before any statistic. Missed key items are listed only when the
teacher chooses to reveal them (``reveal_missed``), so feedback can go out before late work is in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any, cast

from ..case.article import places, reading_order
from ..case.key import KeySpan, core_ids
from ..case.memo import ENTRIES, table
from ..case.model import Case
from ..case.switches import Switches
from ..scoring.span_grade import FOUND, FairScore, GradedTag
from ..scoring.span_measures import span_measures, spans_from_items
from ..scoring.spans import NearMiss, Scored
from ..scoring.wording import MARKDOWN, PLAIN, Wording
from .base import ActivityGrade, Cell, GradeOptions, span_items
from .span_phrases import Phrases

__all__ = [
    "SpanWords", "grade_span_record", "measure_spans", "paragraphs_phrase", "shown_scope", "span_columns",
    "span_feedback", "span_feedback_texts",
]


@dataclass(frozen=True, eq=False)
class SpanWords:
    """The words one span activity uses in its feedback (compared by identity: feedback lines are remembered
    per ``SpanWords``, each made once per activity and never changed)."""

    heading: str  # "Claims (notebook 02)"
    item: str  # "claim"
    items: str  # "claims"
    label: str  # "type" or "device"
    names: dict[str, str]  # label id -> name
    off_key_advice: str  # what to ask yourself about a tag the key does not list
    near_miss: Callable[[str, KeySpan], str] | None = None  # why a wrong label still earns part credit


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def paragraphs_phrase(numbers: Sequence[int]) -> str:
    """Where in words: ``paragraph 5``, ``paragraphs 5 and 9``, ``the headline and paragraph 9``."""
    return places(numbers)


def shown_scope(switches: Switches | None, items: str, *, palette: bool = False) -> str:
    """The sentence that says which part of the key feedback compares with ("" when students saw everything)."""
    if switches is None or not (switches.paragraphs or (palette and switches.devices)):
        return ""
    where = f" in {paragraphs_phrase(switches.paragraphs)}" if switches.paragraphs else ""
    menu = " that are on today's menu" if palette and switches.devices else ""
    return (f"Compared with the key's {items}{where}{menu}: the part your teacher chose for this activity.")


def _by_id(key: Sequence[KeySpan]) -> tuple[dict[str, KeySpan], dict[str, tuple[int, int]]]:
    """The key's items by id (the last of any repeated id), and where each stands in reading order (paragraph,
    then start): what feedback names and sorts by, once per key tuple (``case.memo``)."""
    memo = table(key, "span_feedback.by_id") if type(key) is tuple else None
    if memo:
        return cast(tuple[dict[str, KeySpan], dict[str, tuple[int, int]]], memo["by_id"])
    by_id = {k.id: k for k in key}
    laid_out = by_id, {i: (reading_order(k.paragraph), k.start) for i, k in by_id.items()}
    if memo is not None:
        memo["by_id"] = laid_out
    return laid_out


# The wordings the grader writes feedback in: passed as this one tuple, so ``_said`` knows them by identity
# without hashing each ``Wording`` per student.
_BOTH = (MARKDOWN, PLAIN)
# What ``_said`` gives: the key by id, where each id stands in reading order, each wording's ``Phrases``, the
# "what you found" rows in all wordings, and each scope's heading lines in every wording.
_Said = tuple[dict[str, KeySpan], dict[str, tuple[int, int]], list[Phrases], dict[Any, tuple[str, ...]],
              dict[str, tuple[tuple[str, ...], ...]]]


def _said(case: Case, key: Sequence[KeySpan], words: SpanWords, wordings: Sequence[Wording]) -> _Said:
    """What feedback in ``wordings`` reads the same for every student of a class: the key by id and in reading
    order (``_by_id``), each wording's ``Phrases``, the table of "what you found" rows in all wordings, and the
    heading lines per scope; from one look-up per student (``case.memo``) instead of one per piece, the pieces
    themselves remembered as before."""
    wording_set = tuple(wordings)
    memo = (table(key, ("span_feedback.said", case, words, "both" if wordings is _BOTH else wording_set))
            if type(key) is tuple else None)
    if memo:
        return cast(_Said, memo["said"])
    by_id, reading = _by_id(key)
    rows: dict[Any, tuple[str, ...]] = (table(key, ("span_feedback.found", case, words, wording_set))
                                        if memo is not None else {})
    said: _Said = by_id, reading, [Phrases(case, key, words, w) for w in wordings], rows, {}
    if memo is not None:
        memo["said"] = said
    return said


def _where_missing(key: Sequence[KeySpan], paragraphs: tuple[int, ...], item: str) -> str:
    """"look again at paragraphs 5 and 9: each has a core claim you have not found yet." for the core items
    not found in ``paragraphs``; once per key, set of paragraphs and item word (``case.memo``)."""
    memo = table(key, ("span_feedback.where_missing", item)) if type(key) is tuple else {}
    line: str | None = memo.get(paragraphs)
    if line is None:
        line = (f"look again at {paragraphs_phrase(paragraphs)}: "
                f"{'it has' if len(set(paragraphs)) == 1 else 'each has'} a core {item} you have not found yet.")
        if len(memo) < ENTRIES:
            memo[paragraphs] = line
    return line


def span_feedback(
    case: Case,
    key: Sequence[KeySpan],
    graded: FairScore,
    statistics: Scored | None,
    words: SpanWords,
    *,
    wording: Wording = MARKDOWN,
    reveal_missed: bool = True,
    scope: str = "",
) -> str:
    """Feedback for one student's tags, second person, student text escaped for ``wording``; ``scope`` says
    which part of the key it compares with when the teacher's switches showed only part of it."""
    return span_feedback_texts(case, key, graded, statistics, words, (wording,), reveal_missed=reveal_missed,
                               scope=scope)[0]


def span_feedback_texts(
    case: Case,
    key: Sequence[KeySpan],
    graded: FairScore,
    statistics: Scored | None,
    words: SpanWords,
    wordings: Sequence[Wording],
    *,
    reveal_missed: bool = True,
    scope: str = "",
) -> list[str]:
    """``span_feedback`` in each of ``wordings`` (the grader writes Markdown and plain text): what to say, and
    every sentence that reads the same in all of them, is worked out once, then worded once per wording, each
    line about a key item or a tag once per class (``Phrases``)."""
    by_id, reading, every, found_rows, heads_by_scope = _said(case, key, words, wordings)
    head_lines = heads_by_scope.get(scope)
    if head_lines is None:
        head_lines = tuple((w.heading(2, words.heading), "", *((w.em(w.esc(scope)), "") if scope else ()))
                           for w in wordings)
        if len(heads_by_scope) < ENTRIES:
            heads_by_scope[scope] = head_lines
    heads = [list(lines) for lines in head_lines]
    if not key:
        return ["\n".join([*lines, f"The key has no {words.items} in that part, so there is nothing to compare "
                                   "with here.", ""]) for lines in heads]
    if not graded.tags:
        return ["\n".join([*lines, f"You have not tagged any {words.items} yet.", ""]) for lines in heads]
    tags = graded.graded_tags
    items = graded.items
    given: dict[str | None, list[GradedTag]] = {}  # the tags given to each key item, in the student's order
    for t in tags:
        given.setdefault(t.key_id, []).append(t)
    core_total, core_found = graded.core_total, graded.core_found
    core_right, extra_found = graded.core_labelled_right, graded.extra_found
    # Only the items found and the core items missed are named (or every item missed, when the teacher reveals
    # them): ``FairScore`` knows where they stand, so no pass over the whole key is needed per student.
    missing: list[KeySpan] = []  # core items not found, in key order
    for position in graded.core_missed_positions:
        k = by_id.get(items[position].key_id)
        if k is not None:
            missing.append(k)
    # Each item found, with the tag feedback names (the best-credited one, the key's label first): its lines in
    # every wording are looked up as soon as they are known (``Phrases.found``, made once per class in all of
    # them), and only where feedback lists it and those lines are kept.
    shown: list[tuple[tuple[bool, tuple[int, int]], tuple[str, ...]]] = []
    best_labels: dict[str, str] = {}
    for position in graded.found_positions:
        item = items[position]
        k = by_id.get(item.key_id)
        if k is None:
            continue
        credit = item.credit
        tag = None
        for t in given.get(item.key_id, ()):
            if t.credit == credit:
                if t.label == k.label:
                    tag = t
                    break
                if tag is None:
                    tag = t
        if tag is not None:
            best_labels[item.key_id] = tag.label
        labelled_right = credit >= item.fit
        core = item.core
        entry = ("found", id(k), core, labelled_right, None if labelled_right or tag is None else tag.label)
        row = found_rows.get(entry)
        if row is None:
            row = tuple(phrases.found(entry, k, core, labelled_right, tag) for phrases in every)
            if len(found_rows) < ENTRIES:
                found_rows[entry] = row
        shown.append(((not core, reading[item.key_id]), row))
    shown.sort(key=itemgetter(0))  # core first, then as the article reads
    others: list[GradedTag] = []
    if best_labels:
        for t in tags:
            if t.key_id in by_id and t.fit >= 0.5 and best_labels.get(t.key_id) not in (None, t.label):
                others.append(t)
        if len(others) > 1:
            others.sort(key=lambda t: (reading_order(t.paragraph), t.start, t.label))
    off_key = given.get(None, [])
    if len(off_key) > 1:
        off_key = sorted(off_key, key=lambda t: (reading_order(t.paragraph), t.start))
    missed: list[KeySpan] = []  # every item not found, listed only when revealed
    missing_ids: set[str] = set()
    if reveal_missed:
        for i in items:
            if i.fit < FOUND:
                k = by_id.get(i.key_id)
                if k is not None:
                    missed.append(k)
        missed.sort(key=lambda k: (reading_order(k.paragraph), k.start))
        missing_ids = {m.id for m in missing}
    extra_total = len(items) - core_total

    # The sentences that read the same in every wording.
    next_line = ""
    if missing:
        next_line = _where_missing(key, tuple(k.paragraph for k in missing), words.item)
    elif core_total:
        more = (f" Try finding the key's other {words.items}." if extra_found < extra_total
                else " Well done.")
        next_line = f"you found every core {words.item}.{more}"
    found_of = ""
    if core_found and words.label:
        found_of = f", {'all' if core_right == core_found else core_right} of them with the key's {words.label}"
    extra_line = ""
    if extra_total and extra_found:
        extra_line = f"You also found {extra_found} of the key's {_plural(extra_total, 'other ' + words.item)}."
    elif extra_total and graded.score < 100:
        extra_line = (f"The key lists {_plural(extra_total, 'other ' + words.item)} too: finding them also adds "
                      "to your score.")
    loose_line = ""
    if graded.penalty > 0:
        n = 0  # loose tags
        for t in tags:
            if t.key_id is None or t.credit < 0.5:
                n += 1
        loose_line = (f"{'One of your tags matches' if n == 1 else f'{n} of your tags match'} no key "
                      f"{words.item}, or only loosely. A few cost nothing; more lower your score. Tag the "
                      f"{words.item}'s own words, one {words.item} per tag.")
    curious = ""
    if statistics is not None:
        curious = (f"Of what you tagged, {statistics.precision:.0%} matches the key (researchers call this "
                   f"precision); of the whole key, you covered {statistics.recall:.0%} (recall). Your score "
                   f"counts the core {words.items} instead, so that finding what matters is enough.")
    core_phrase = f"{core_found} of the {core_total} core {words.items}"
    score_phrase = f"{graded.score:g}/100"

    # "What you found" in every wording: each item's lines in all of them found with one look-up (per wording
    # they are ``Phrases.found``), then each wording's column joined.
    found_blocks: list[str] = []
    if shown:
        found_blocks = ["\n".join(column) for column in zip(*[row for _, row in shown], strict=True)]

    texts = []
    for w, lines, phrases, found in zip(wordings, heads, every, found_blocks or [""] * len(wordings), strict=True):
        lines.append(f"You found {w.bold(core_phrase)} (the ones that matter most in this article){found_of}.")
        if extra_line:
            lines.append(extra_line)
        lines += ["", f"Score: {w.bold(score_phrase)}.", ""]
        if next_line:
            lines.append(f"{w.bold('Next:')} {next_line}")
        if loose_line:
            lines.append(loose_line)
        lines.append("")
        if shown:
            lines += [w.heading(3, f"What you found ({len(shown)})"), "", found, ""]
        if others:
            lines += [w.heading(3, f"Your other labels on those passages ({len(others)})"), ""]
            lines += [phrases.other(tag, by_id[tag.key_id or ""]) for tag in others]
            lines.append("")
        if off_key:
            lines += [w.heading(3, f"Tags that match no key {words.item} ({len(off_key)})"), "",
                      f"The key lists the clearest {words.items}, not every possible one. {words.off_key_advice}", ""]
            lines += [phrases.off_key(tag) for tag in off_key[:20]]
            if len(off_key) > 20:
                lines.append(f"- … and {len(off_key) - 20} more.")
            lines.append("")
        if missed:
            listed = []
            for k in missed:
                listed += phrases.missed(k, k.id in missing_ids)
            lines += [w.heading(3, f"Key {words.items} you have not found ({len(missed)})"), "",
                      *w.fold("Show them (try finding more before you look)", listed), ""]
        if curious:
            lines += [*w.fold("For the curious: two numbers researchers use", [curious]), ""]
        texts.append("\n".join(lines))
    return texts


@cache  # the same few prefixes, asked for every student: a tuple, so safe to share
def span_columns(prefix: str) -> tuple[str, ...]:
    """The gradebook columns of a span activity: its graded score first, then the detail teachers read."""
    return tuple(f"{prefix}_{c}" for c in ("score", "core_found", "core", "other_found", "tags", "off_key",
                                          "precision", "recall", "f1"))


def grade_span_record(case: Case, key: Sequence[KeySpan] | None, graded: FairScore | None, scored: Scored | None,
                      words: SpanWords, prefix: str, options: GradeOptions, scope: str = "") -> ActivityGrade:
    """One span activity's gradebook columns, graded score and feedback (Markdown and plain text)."""
    if key is None or graded is None or scored is None:
        return ActivityGrade(dict.fromkeys(span_columns(prefix), ""),
                             f"## {words.heading}\n\nThis case has no key/{words.items}.csv.")
    values: tuple[Cell, ...] = (graded.score, graded.core_found, graded.core_total, graded.extra_found, graded.tags,
                                graded.off_key, round(scored.precision, 3), round(scored.recall, 3),
                                round(scored.f1, 3))
    feedback, feedback_text = span_feedback_texts(case, key, graded, scored, words, _BOTH,
                                                  reveal_missed=options.reveal_missed, scope=scope)
    return ActivityGrade(dict(zip(span_columns(prefix), values, strict=True)), feedback, score=graded.score,
                         feedback_text=feedback_text)


def grade_span_activity(case: Case, document: object, options: GradeOptions, key: Sequence[KeySpan] | None,
                        near_miss: NearMiss, words: SpanWords, prefix: str, scope: str = "") -> ActivityGrade:
    """Score one student's span record (``document``: its answer record) against ``key`` and grade it: what the
    claims (02) and devices (04) activities share; each gives its own key, near-miss rule and words. Both
    measures come from one look-up per tag (``span_measures``: the same numbers as ``fair_score`` and
    ``score_spans``)."""
    if key is None:
        return grade_span_record(case, None, None, None, words, prefix, options, scope)
    graded, scored = measure_spans(document, key, near_miss, words)
    return grade_span_record(case, key, graded, scored, words, prefix, options, scope)


def measure_spans(answers: object, key: Sequence[KeySpan], near_miss: NearMiss,
                  words: SpanWords) -> tuple[FairScore, Scored]:
    """The graded score and the SemEval-2020 Task 11 measure of span answers (a widget's, or a whole record)
    from one look-up per tag (``span_measures``): what the grader's files and "check my work" both read, so the
    two say the same words by one route."""
    return span_measures(spans_from_items(span_items(answers)), key, near_miss, words.names.keys(), core_ids(key))
