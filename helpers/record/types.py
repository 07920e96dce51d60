"""The answer record's shape as Python types, mirroring ``schemas/answers-v2.schema.json``.

Why: the record is the one thing graders read, so code that builds or reads it should be checked by the
type checker, not by reading ``dict[str, Any]`` and hoping. The JSON Schema stays the authority on disk;
these types are what the code promises after ``validate`` has passed.

No ``from __future__ import annotations`` here: each class is defined after the ones it names, so its
annotations are the types themselves; as strings, ``TypedDict`` compiles every one of them into a
``ForwardRef`` when the module is imported (~65 compiles, ~3 ms of every grading run's start).
"""

from typing import Literal, NotRequired, TypedDict

__all__ = [
    "AnswerRecord",
    "CheckItem",
    "CheckedClaim",
    "History",
    "Item",
    "ItemKind",
    "LinkedEvent",
    "RatingItem",
    "Role",
    "SpanItem",
    "SpanTarget",
    "Student",
    "TextItem",
    "Tombstone",
]

ItemKind = Literal["span", "text", "check", "rating"]
Role = Literal["supports", "contradicts", "context"]


class SpanTarget(TypedDict):
    """Where a span is: a numbered paragraph, the exact quote, a little context and character offsets."""

    paragraph: int
    exact: str
    start: int
    end: int
    prefix: NotRequired[str]
    suffix: NotRequired[str]


class SpanItem(TypedDict):
    """A highlighted span with one or more labels (claim types or devices)."""

    id: str
    labels: list[str]
    target: SpanTarget
    created_at: NotRequired[str]
    changed_at: NotRequired[str]


class TextItem(TypedDict):
    """A written answer to the question ``id``."""

    id: str
    text: str
    created_at: NotRequired[str]
    changed_at: NotRequired[str]


class CheckedClaim(TypedDict):
    """The claim a check is about: the student's own tag or one of the key's checkable claims."""

    source: Literal["key", "tag"]
    paragraph: int
    exact: str
    start: int
    end: int
    key_id: NotRequired[str]


class LinkedEvent(TypedDict):
    """A timeline event linked to a claim, and what it does to the claim."""

    event_id: str
    role: Role


class CheckItem(TypedDict):
    """One claim checked against the timeline (notebook 03)."""

    id: str
    claim: CheckedClaim
    events: list[LinkedEvent]
    verdict: str
    confidence: float | None
    reason: str
    committed: bool
    committed_at: NotRequired[str]
    key_shown_at: NotRequired[str]
    created_at: NotRequired[str]
    changed_at: NotRequired[str]


class RatingItem(TypedDict):
    """One statement of the pre/post check rated sound or flawed, and how sure the student is (0.5 to 1)."""

    id: str
    verdict: Literal["sound", "flawed", ""]
    confidence: float | None
    created_at: NotRequired[str]
    changed_at: NotRequired[str]


Item = SpanItem | TextItem | CheckItem | RatingItem
# Every item carries created_at and changed_at once validated (v2; v1 items are given them on upgrade).


class Student(TypedDict):
    """Who wrote the answers (as entered in notebook 00)."""

    name: str


class Tombstone(TypedDict):
    """An item the student removed, and when: it beats an older copy of the item, and loses to a later re-add."""

    id: str
    removed_at: str


class History(TypedDict):
    """How the record came to be: changes made in widgets, kernel sessions that wrote it, when it began."""

    edits: int
    sessions: int
    first_at: str


class AnswerRecord(TypedDict):
    """One activity's answers: the document saved to the autosave file and mirrored into the notebook."""

    kit: str
    schema_version: int
    activity: str
    case: str
    revision: int
    saved_at: str
    student: Student
    items: list[Item]
    removed: list[Tombstone]
    history: History
