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

from ..case.article import place_short, places, reading_order
from ..case.key import KeySpan
from ..case.model import Case
from ..case.switches import Switches
from ..scoring.span_grade import FairScore, GradedTag
from ..scoring.spans import Scored
from ..scoring.wording import MARKDOWN, PLAIN, Wording
from .base import ActivityGrade, Cell, GradeOptions

__all__ = ["SpanWords", "grade_span_record", "paragraphs_phrase", "shown_scope", "span_columns", "span_feedback"]


@dataclass(frozen=True)
class SpanWords:
    """The words one span activity uses in its feedback."""

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


def _tag_text(case: Case, tag: GradedTag) -> str:
    if not case.has_part(tag.paragraph):
        return ""
    return case.paragraph(tag.paragraph).text[tag.start : tag.end]


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
    w = wording
    by_id = {k.id: k for k in key}
    name = words.names.get
    lines = [w.heading(2, words.heading), ""]
    if scope:
        lines += [w.em(w.esc(scope)), ""]
    if not key:
        return "\n".join([*lines, f"The key has no {words.items} in that part, so there is nothing to compare "
                                   "with here.", ""])
    core_total, core_found = graded.core_total, graded.core_found
    extra_total = len(graded.items) - core_total
    if not graded.tags:
        lines += [f"You have not tagged any {words.items} yet.", ""]
        return "\n".join(lines)
    found_line = (f"You found {w.bold(f'{core_found} of the {core_total} core {words.items}')} "
                  f"(the ones that matter most in this article)")
    right = graded.core_labelled_right
    if core_found:
        found_line += (f", {'all' if right == core_found else right} of them with the key's {words.label}"
                       if words.label else "")
    lines.append(found_line + ".")
    if extra_total and graded.extra_found:
        lines.append(f"You also found {graded.extra_found} of the key's {_plural(extra_total, 'other ' + words.item)}.")
    elif extra_total and graded.score < 100:
        lines.append(f"The key lists {_plural(extra_total, 'other ' + words.item)} too: finding them also adds to "
                     "your score.")
    lines += ["", f"Score: {w.bold(f'{graded.score:g}/100')}.", ""]
    missing = [by_id[i.key_id] for i in graded.items if i.core and not i.found and i.key_id in by_id]
    if missing:
        lines.append(f"{w.bold('Next:')} look again at {paragraphs_phrase([k.paragraph for k in missing])}: "
                     f"{'it has' if len({k.paragraph for k in missing}) == 1 else 'each has'} a core {words.item} "
                     "you have not found yet.")
    elif core_total:
        more = (f" Try finding the key's other {words.items}." if graded.extra_found < extra_total
                else " Well done.")
        lines.append(f"{w.bold('Next:')} you found every core {words.item}.{more}")
    loose = [t for t in graded.graded_tags if t.key_id is None or t.credit < 0.5]
    if graded.penalty > 0:
        n = len(loose)
        lines.append(f"{'One of your tags matches' if n == 1 else f'{n} of your tags match'} no key {words.item}, "
                     f"or only loosely. A few cost nothing; more lower your score. Tag the {words.item}'s own words, "
                     f"one {words.item} per tag.")
    lines.append("")

    found = [i for i in graded.items if i.found and i.key_id in by_id]
    if found:
        lines += [w.heading(3, f"What you found ({len(found)})"), ""]
        tags = graded.graded_tags
        for item in sorted(found, key=lambda i: (not i.core, reading_order(by_id[i.key_id].paragraph),
                                                 by_id[i.key_id].start)):
            k = by_id[item.key_id]
            tied = [t for t in tags if t.key_id == item.key_id and t.credit == item.credit]
            tag = next((t for t in tied if t.label == k.label), tied[0] if tied else None)
            core = " (core)" if item.core else ""
            if item.labelled_right:
                said = f"{words.label} matches" if words.label else "found"
                lines.append(f"- {place_short(k.paragraph)} {w.quote(k.quote)}{core} — {said}.")
            else:
                mine = w.em(w.esc(name(tag.label, tag.label))) if tag else "another label"
                lines.append(f"- {place_short(k.paragraph)} {w.quote(k.quote)}{core} — you said {mine}; the key says "
                             f"{w.em(w.esc(name(k.label, k.label)))}.")
                if tag is not None and words.near_miss is not None:
                    why_part = words.near_miss(tag.label, k)
                    if why_part:
                        lines.append(f"  - {w.esc(why_part)}")
                explanation = k.row.get("explanation", "")
                if explanation:
                    lines.append(f"  - Why: {w.esc(explanation)}")
        lines.append("")
    best_labels: dict[str, str] = {}
    for item in found:
        k = by_id[item.key_id]
        tied_labels = [t.label for t in graded.graded_tags if t.key_id == item.key_id and t.credit == item.credit]
        if tied_labels:
            best_labels[item.key_id] = k.label if k.label in tied_labels else tied_labels[0]
    others = [t for t in graded.graded_tags if t.key_id in by_id and t.fit >= 0.5
              and best_labels.get(t.key_id) not in (None, t.label)]
    if others:
        lines += [w.heading(3, f"Your other labels on those passages ({len(others)})"), ""]
        for tag in sorted(others, key=lambda t: (reading_order(t.paragraph), t.start, t.label)):
            k = by_id[tag.key_id or ""]
            if tag.credit >= tag.fit:
                how = "an accepted alternative here"
            elif tag.credit > 0 and words.near_miss is not None and words.near_miss(tag.label, k):
                how = words.near_miss(tag.label, k)
            else:
                how = f"not what the key sees here ({name(k.label, k.label)})"
            lines.append(f"- {place_short(tag.paragraph)} {w.quote(k.quote)} — "
                         f"{w.em(w.esc(name(tag.label, tag.label)))}: {w.esc(how)}")
        lines.append("")
    off_key = [t for t in graded.graded_tags if t.key_id is None]
    if off_key:
        lines += [w.heading(3, f"Tags that match no key {words.item} ({len(off_key)})"), "",
                  f"The key lists the clearest {words.items}, not every possible one. {words.off_key_advice}", ""]
        for tag in sorted(off_key, key=lambda t: (reading_order(t.paragraph), t.start))[:20]:
            lines.append(f"- {place_short(tag.paragraph)} {w.quote(_tag_text(case, tag))} — you said "
                         f"{w.em(w.esc(name(tag.label, tag.label)))}.")
        if len(off_key) > 20:
            lines.append(f"- … and {len(off_key) - 20} more.")
        lines.append("")
    if reveal_missed:
        missed = [by_id[i.key_id] for i in graded.items if not i.found and i.key_id in by_id]
        if missed:
            listed = []
            for k in sorted(missed, key=lambda k: (reading_order(k.paragraph), k.start)):
                core = " (core)" if k.id in {m.id for m in missing} else ""
                listed.append(f"- {place_short(k.paragraph)} {w.quote(k.quote)}{core} — "
                              f"{w.em(w.esc(name(k.label, k.label)))}")
                if k.row.get("explanation"):
                    listed.append(f"  - Why: {w.esc(k.row['explanation'])}")
            lines += [w.heading(3, f"Key {words.items} you have not found ({len(missed)})"), "",
                      *w.fold("Show them (try finding more before you look)", listed), ""]
    if statistics is not None:
        lines += [*w.fold("For the curious: two numbers researchers use", [
            f"Of what you tagged, {statistics.precision:.0%} matches the key (researchers call this precision); of "
            f"the whole key, you covered {statistics.recall:.0%} (recall). Your score counts the core "
            f"{words.items} instead, so that finding what matters is enough."]), ""]
    return "\n".join(lines)


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
    return ActivityGrade(
        dict(zip(span_columns(prefix), values, strict=True)),
        span_feedback(case, key, graded, scored, words, reveal_missed=options.reveal_missed, scope=scope),
        score=graded.score,
        feedback_text=span_feedback(case, key, graded, scored, words, wording=PLAIN,
                                    reveal_missed=options.reveal_missed, scope=scope),
    )
