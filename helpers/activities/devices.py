"""Notebook 04's activity: tag rhetorical devices; scored against ``key/devices.csv``, with feedback.

Why: naming a device ("loaded language", "straw man") lets a student say how a passage works on a
reader without arguing about whether the writer is right. Devices come from
``lessons/taxonomy/devices.yaml``, grouped into six families; a span may carry more than one device, and
naming a device of the right family earns half credit, because seeing *what kind* of move it is is the
first half of the skill. The graded score (``scoring.span_grade``) counts the key's core devices; the
SemEval-2020 Task 11 measure stays in the gradebook for teachers. All student-derived text is escaped.
"""

from __future__ import annotations

from functools import cache

from ..case.key import KeySpan, core_ids, devices_key
from ..case.model import Case
from ..case.switches import Switches
from ..case.taxonomy import load_device_families, load_devices
from ..record.types import AnswerRecord
from ..scoring.labels import device_near_miss, family_of
from ..scoring.span_grade import FairScore, fair_score
from ..scoring.spans import Scored, guesses_from_items, score_spans
from ..scoring.wording import MARKDOWN, Wording
from .base import DEFAULT_OPTIONS, Activity, ActivityGrade, GradeOptions, span_items
from .span_feedback import SpanWords, grade_span_activity, measure_spans, shown_scope, span_columns, span_feedback

__all__ = ["ACTIVITY", "NO_KEY", "devices_feedback", "grade_device_tags", "grade_devices", "score_devices"]

NO_KEY = (
    "**The answer key is not part of this copy of the kit**, so there is nothing to check against here. "
    "Your teacher has it and will go through the devices with the class."
)
COLUMNS = span_columns("devices")


def _family_name(family: str) -> str:
    return next((label.name for label in load_device_families() if label.id == family), family)


def _near_miss(label: str, key_span: KeySpan) -> str:
    family = family_of(label)
    if family and family == family_of(key_span.label):
        return f"Both are {_family_name(family)}: the right kind of move, so half credit."
    return ""


@cache
def _words() -> SpanWords:
    return SpanWords(
        heading="Rhetorical devices (notebook 04)", item="device", items="devices", label="device",
        names={label.id: label.name for label in load_devices()},
        off_key_advice="For each, ask what the words do to a reader, and which device's definition fits best.",
        near_miss=_near_miss,
    )


def _key(case: Case, switches: Switches | None) -> tuple[KeySpan, ...] | None:
    """The key, or only the part of it the teacher's switches showed students (``Switches.shown_key``)."""
    key = devices_key(case)
    return key if key is None or switches is None else switches.shown_key(key, palette=True)


def score_devices(answers: object, case: Case, switches: Switches | None = None) -> Scored | None:
    """The SemEval-2020 Task 11 measure for span items (a widget's, or a whole record); ``None`` without a key."""
    key = _key(case, switches)
    if key is None:
        return None
    return score_spans(guesses_from_items(span_items(answers)), key, device_near_miss)


def grade_device_tags(answers: object, case: Case, switches: Switches | None = None) -> FairScore | None:
    """The graded score for span items (``scoring.span_grade``); ``None`` without a key."""
    key = _key(case, switches)
    if key is None:
        return None
    labels = _words().names.keys()
    return fair_score(guesses_from_items(span_items(answers)), key, device_near_miss, labels,
                      core_ids(key))


def devices_feedback(case: Case, answers: object, *, wording: Wording = MARKDOWN, reveal_missed: bool = True,
                switches: Switches | None = None) -> str:
    """Feedback on the tags in the student's voice (the same words in "check my work" and the grader's files),
    against the part of the key the teacher's ``switches`` showed, when given."""
    key = _key(case, switches)
    if key is None:
        return NO_KEY
    graded, scored = measure_spans(answers, key, device_near_miss, _words())
    return span_feedback(case, key, graded, scored, _words(), wording=wording,
                         reveal_missed=reveal_missed, scope=shown_scope(switches, "devices", palette=True))


def grade_devices(case: Case, document: AnswerRecord, options: GradeOptions = DEFAULT_OPTIONS) -> ActivityGrade:
    """The graded score, detail columns and feedback for one student's ``devices`` record."""
    switches = options.switches
    return grade_span_activity(case, document, options, _key(case, switches), device_near_miss, _words(), "devices",
                               shown_scope(switches, "devices", palette=True))


ACTIVITY = Activity(id="devices", notebook="04_rhetorical_devices", kind="span", noun="tagged device",
                    hand_in="device tags", grade=grade_devices, columns=COLUMNS)
