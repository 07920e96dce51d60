"""Notebook 04's activity: tag rhetorical devices; scored against ``key/devices.csv``, with feedback.

Why: naming a device ("loaded language", "straw man") lets a student say how a passage works on a
reader without arguing about whether the writer is right. Devices come from
``lessons/taxonomy/devices.yaml``, grouped into six families; a span may carry more than one device, and
naming a device of the right family earns half credit, because seeing *what kind* of move it is is the
first half of the skill. All student-derived text in feedback is escaped.
"""

from __future__ import annotations

from ..case.key import KeySpan, devices_key
from ..case.model import Case
from ..case.taxonomy import load_device_families, load_devices
from ..record.types import AnswerRecord
from ..scoring.labels import device_near_miss, family_of
from ..scoring.markdown import escape_md
from ..scoring.spans import Scored, SpanGuess, guesses_from_items, score_spans
from .base import Activity, ActivityGrade, Cell, span_items

__all__ = ["ACTIVITY", "NO_KEY", "devices_feedback", "grade_devices", "score_devices"]

NO_KEY = (
    "**The answer key is not part of this copy of the kit**, so there is nothing to check against here. "
    "Your teacher has it and will go through the devices with the class."
)
COLUMNS = ("devices_tags", "devices_precision", "devices_recall", "devices_f1", "devices_score")


def _name(device: str) -> str:
    return next((label.name for label in load_devices() if label.id == device), device)


def _family_name(family: str) -> str:
    return next((label.name for label in load_device_families() if label.id == family), family)


def score_devices(answers: object, case: Case) -> Scored | None:
    """Score span items (a widget's, or a whole record) against ``key/devices.csv``; ``None`` without a key."""
    key = devices_key(case)
    if key is None:
        return None
    return score_spans(guesses_from_items(span_items(answers)), key, device_near_miss)


def _quote(text: str, limit: int = 140) -> str:
    short = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    quoted = short[:1] in "“\"" and short.rstrip(".,")[-1:] in "”\""  # already in quotation marks
    return escape_md(short) if quoted and short else f"“{escape_md(short)}”"


def _overlaps(guess: SpanGuess, key_span: KeySpan) -> bool:
    return guess.paragraph == key_span.paragraph and min(guess.end, key_span.end) > max(guess.start, key_span.start)


def _why(key_span: KeySpan) -> str:
    return f"  - Why: {escape_md(key_span.row.get('explanation', ''))}"


def _credit(guess: SpanGuess, key_span: KeySpan) -> float:
    return 1.0 if key_span.accepts(guess.label) else device_near_miss(guess.label, key_span)


def _best(key_span: KeySpan, guesses: list[SpanGuess]) -> tuple[SpanGuess | None, float, float]:
    """The guess to report for a key span (most credit, then the key's own device, then most overlap)."""
    def overlap(g: SpanGuess) -> int:
        return min(g.end, key_span.end) - max(g.start, key_span.start)

    candidates = [g for g in guesses if _overlaps(g, key_span)]
    if not candidates:
        return None, 0.0, 0.0
    best = max(candidates, key=lambda g: (_credit(g, key_span), g.label == key_span.label, overlap(g)))
    return best, overlap(best) / max(1, key_span.end - key_span.start), _credit(best, key_span)


def devices_feedback(case: Case, scored: Scored, guesses: list[SpanGuess], *, for_student: bool = False) -> str:
    """Feedback on device tagging: found, near misses, missed (with the key's reasons), and the other tags."""
    key = [m.key for m in scored.matches]
    matches = [(t, *_best(t, guesses)) for t in sorted(key, key=lambda t: (t.paragraph, t.start, t.id))]
    passages = len({(g.paragraph, g.start, g.end) for g in guesses})
    lines = [
        "## Rhetorical devices (notebook 04)",
        "",
        f"You tagged **{scored.guesses}** device(s) on **{passages}** passage(s); "
        f"the key lists **{scored.key_spans}**. "
        f"Precision {scored.precision:.0%} (how much of what you tagged the key agrees with), recall "
        f"{scored.recall:.0%} (how much of the key you found), score **{scored.score:g}/100**. "
        "A device from the right family earns half credit.",
        "",
    ]
    found = [m for m in matches if m[1] is not None and m[3] >= 1]
    near = [m for m in matches if m[1] is not None and 0 < m[3] < 1]
    missed = [m for m in matches if m[1] is None or m[3] == 0]
    if found:
        lines += ["### Devices you found", ""]
        for t, g, covered, _ in found:
            assert g is not None
            said = "" if g.label == t.label else f" (you said *{escape_md(_name(g.label))}*, also accepted)"
            lines.append(f"- ¶{t.paragraph} {_quote(t.quote)} — *{escape_md(_name(t.label))}*{said}; "
                         f"your span covers {covered:.0%} of it.")
        lines.append("")
    if near:
        lines += ["### Right family, another device (half credit)", ""]
        for t, g, _, _ in near:
            assert g is not None
            lines.append(f"- ¶{t.paragraph} {_quote(t.quote)} — you said *{escape_md(_name(g.label))}*; the key says "
                         f"*{escape_md(_name(t.label))}*. Both are *{escape_md(_family_name(family_of(t.label)))}*.")
            lines.append(_why(t))
        lines.append("")
    if missed:
        # Folded away, as for claims: the whole key would otherwise bury the feedback above it.
        lines += ["### Devices you did not tag", "", f"<details><summary>Show the {len(missed)} key passages you "
                  "have not tagged yet, with why each works on a reader</summary>", ""]
        for t, g, _, _ in missed:
            tried = f" You tagged these words as *{escape_md(_name(g.label))}*, from another family." if g else ""
            lines.append(f"- ¶{t.paragraph} {_quote(t.quote)} — *{escape_md(_name(t.label))}*.{tried}")
            lines.append(_why(t))
        lines += ["", "</details>", ""]
    reported = {m[1] for m in matches if m[1] is not None}
    others = sorted({g for g in guesses if g not in reported}, key=lambda g: (g.paragraph, g.start, g.label))
    defensible, unlisted = [], []
    for g in others:
        near_keys = [t for t in key if _overlaps(g, t) and (t.accepts(g.label) or device_near_miss(g.label, t))]
        if near_keys:
            t = near_keys[0]
            family = _family_name(family_of(t.label))
            how = "an accepted alternative" if t.accepts(g.label) else f"the same family ({family})"
            defensible.append(f"- ¶{g.paragraph} {_quote(g.quote)} — *{escape_md(_name(g.label))}*: {escape_md(how)} "
                              f"for the key's *{escape_md(_name(t.label))}* here.")
        else:
            overlapping = [t for t in key if _overlaps(g, t)]
            where = (f" The key tags these words as *{escape_md(_name(overlapping[0].label))}*." if overlapping
                     else " The key does not list these words.")
            unlisted.append(f"- ¶{g.paragraph} {_quote(g.quote)} — you said *{escape_md(_name(g.label))}*.{where}")
    if defensible:
        lines += ["### Your other tags: defensible alternatives", "", *defensible, ""]
    if unlisted:
        lines += [
            "### Your other tags: not in the key",
            "",
            "The key lists the clearest instances, not every possible one, so some of these may still be right. "
            "For each, ask what the words do to a reader, and which device's definition fits best.",
            "",
            *unlisted,
            "",
        ]
    if for_student and found and not near and not missed and not unlisted:
        lines.append("Well done: every key device found, and nothing the key does not list.")
    return "\n".join(lines)


def grade_devices(case: Case, document: AnswerRecord) -> ActivityGrade:
    """The gradebook columns and feedback section for one student's ``devices`` record."""
    guesses = guesses_from_items(document["items"])
    scored = score_devices(document["items"], case)
    if scored is None:
        columns: dict[str, Cell] = {"devices_tags": len(guesses), "devices_precision": "", "devices_recall": "",
                                   "devices_f1": "", "devices_score": ""}
        return ActivityGrade(columns, "## Rhetorical devices (notebook 04)\n\nThis case has no key/devices.csv.")
    columns = {
        "devices_tags": scored.guesses,
        "devices_precision": round(scored.precision, 3),
        "devices_recall": round(scored.recall, 3),
        "devices_f1": round(scored.f1, 3),
        "devices_score": scored.score,
    }
    return ActivityGrade(columns, devices_feedback(case, scored, guesses))


ACTIVITY = Activity(id="devices", notebook="04_rhetorical_devices", kind="span", noun="tagged device",
                    hand_in="device tags", grade=grade_devices, columns=COLUMNS)
