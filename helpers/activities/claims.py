"""Notebook 02's activity: tag the article's claims with their type; scored against ``key/claims.csv``.

Why: finding the claims is the skill, so a claim found with another type still earns half credit
(``scoring.labels.claim_near_miss``). The graded score (``scoring.span_grade``) counts the key's core
claims; the SemEval-2020 Task 11 precision, recall and F1 stay in the gradebook for teachers. Feedback
(``span_feedback``) speaks to the student, with every student-supplied text escaped.
"""

from __future__ import annotations

from functools import cache

from ..case.key import KeySpan, claims_key, core_ids
from ..case.model import Case
from ..case.switches import Switches
from ..case.taxonomy import load_claim_types
from ..record.types import AnswerRecord
from ..scoring.labels import claim_near_miss
from ..scoring.span_grade import FairScore, fair_score
from ..scoring.spans import Scored, guesses_from_items, score_spans
from ..scoring.wording import MARKDOWN, Wording
from .base import DEFAULT_OPTIONS, Activity, ActivityGrade, GradeOptions, span_items
from .span_feedback import SpanWords, grade_span_activity, measure_spans, shown_scope, span_columns, span_feedback

__all__ = ["ACTIVITY", "NO_KEY", "claims_feedback", "grade_claim_tags", "grade_claims", "score_claims"]

NO_KEY = (
    "**The answer key is not part of this copy of the kit**, so there is nothing to check against here. "
    "Your teacher has it and will go through the claims with the class."
)
COLUMNS = span_columns("claims")


@cache
def _words() -> SpanWords:
    return SpanWords(
        heading="Claims (notebook 02)", item="claim", items="claims", label="type",
        names={label.id: label.name for label in load_claim_types()},
        off_key_advice="For each of these, ask whether the words make a claim at all, and of what type.",
    )


def _key(case: Case, switches: Switches | None) -> tuple[KeySpan, ...] | None:
    """The key, or only the part of it the teacher's switches showed students (``Switches.shown_key``)."""
    key = claims_key(case)
    return key if key is None or switches is None else switches.shown_key(key)


def score_claims(answers: object, case: Case, switches: Switches | None = None) -> Scored | None:
    """The SemEval-2020 Task 11 measure for span items (a widget's, or a whole record); ``None`` without a key."""
    key = _key(case, switches)
    if key is None:
        return None
    return score_spans(guesses_from_items(span_items(answers)), key, claim_near_miss)


def grade_claim_tags(answers: object, case: Case, switches: Switches | None = None) -> FairScore | None:
    """The graded score for span items (``scoring.span_grade``); ``None`` without a key."""
    key = _key(case, switches)
    if key is None:
        return None
    labels = _words().names.keys()
    return fair_score(guesses_from_items(span_items(answers)), key, claim_near_miss, labels,
                      core_ids(key))


def claims_feedback(case: Case, answers: object, *, wording: Wording = MARKDOWN, reveal_missed: bool = True,
                switches: Switches | None = None) -> str:
    """Feedback on the tags in the student's voice (the same words in "check my work" and the grader's files),
    against the part of the key the teacher's ``switches`` showed, when given."""
    key = _key(case, switches)
    if key is None:
        return NO_KEY
    graded, scored = measure_spans(answers, key, claim_near_miss, _words())
    return span_feedback(case, key, graded, scored, _words(), wording=wording,
                         reveal_missed=reveal_missed, scope=shown_scope(switches, "claims"))


def grade_claims(case: Case, document: AnswerRecord, options: GradeOptions = DEFAULT_OPTIONS) -> ActivityGrade:
    """The graded score, detail columns and feedback for one student's ``claims`` record."""
    switches = options.switches
    return grade_span_activity(case, document, options, _key(case, switches), claim_near_miss, _words(), "claims",
                               shown_scope(switches, "claims"))


ACTIVITY = Activity(id="claims", notebook="02_tag_claims", kind="span", noun="tagged claim", hand_in="claim tags",
                    grade=grade_claims, columns=COLUMNS)
