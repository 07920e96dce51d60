"""What an activity is, for the registry: the fields every layer above reads instead of naming activities.

Why: an activity used to be spread over the schema, the grader, the hand-in status and the widgets; now
each declares itself once as an ``Activity`` and everything else walks the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..case.model import Case
from ..case.switches import Switches
from ..record.types import AnswerRecord, ItemKind

__all__ = [
    "DEFAULT_OPTIONS", "Activity", "ActivityGrade", "Cell", "GradeOptions", "Grader", "ManualScoring", "span_items",
]

Cell = str | int | float  # one gradebook or reasons.csv cell


@dataclass
class ActivityGrade:
    """One activity's graded score (0-100), detail columns, feedback (Markdown and plain text) and any answers
    left for the teacher to score by hand."""

    columns: dict[str, Cell]
    feedback: str
    # Rows for an instructor to score by hand (written reasons); the grader adds student and file.
    manual: list[dict[str, Cell]] = field(default_factory=list)
    score: float | None = None
    feedback_text: str = ""


@dataclass(frozen=True)
class GradeOptions:
    """What the teacher chose for this grading run (``lessons/grading.yaml``)."""

    reveal_missed: bool = False  # list the key items a student missed in their feedback
    claims_to_check: tuple[str, ...] = ()  # the claims notebook 03 asks for (empty: the key's core claims)
    switches: Switches | None = None  # the class file students worked under: compare with what it showed them


DEFAULT_OPTIONS = GradeOptions()
Grader = Callable[[Case, AnswerRecord, GradeOptions], ActivityGrade]


@dataclass(frozen=True)
class ManualScoring:
    """Answers an instructor scores by hand: the CSV the grader writes them to, its columns, and the rubric."""

    file: str
    columns: tuple[str, ...]
    rubric_file: str
    rubric: str


@dataclass(frozen=True)
class Activity:
    """One activity, declared once.

    ``kind`` is what its record items are (the schema's ``span``, ``text`` or ``check``); ``noun`` names one
    item in the record's one-line summary; ``hand_in`` is how the wrap-up's hand-in status names its answers.
    ``grade`` is ``None`` when the answers are read by hand; otherwise it gives ``columns`` of the gradebook.
    ``asks`` is true when its questions come from ``lessons/questions.yaml``; ``name_question`` is the
    question whose answer is also saved as the student's name. ``hand_part`` names the gradebook part under
    which a teacher scores its written answers by hand (``hand/<part>.csv``); empty when there is none.
    ``survey`` marks answers that count towards nothing (the pre/post check): the grader skips them and only
    the class report reads them. ``offered`` says whether a case asks for the activity at all (``None``:
    always); the hand-in status lists it only then.
    """

    id: str
    notebook: str
    kind: ItemKind
    noun: str
    hand_in: str
    grade: Grader | None = None
    columns: tuple[str, ...] = ()
    manual: ManualScoring | None = None
    asks: bool = False
    name_question: str | None = None
    hand_part: str = ""  # the gradebook part its written answers are scored under by hand ("" for none)
    survey: bool = False  # never graded: the grader skips it, the class report reads it
    offered: Callable[[Case], bool] | None = None  # whether a case asks for it (None: every case)


def span_items(answers: object) -> list[Any]:
    """The items of a whole record, or a list of items as a widget holds them (anything else: none)."""
    if isinstance(answers, dict):
        items = answers.get("items", [])
        return list(items) if isinstance(items, list) else []
    return list(answers) if isinstance(answers, list | tuple) else []
