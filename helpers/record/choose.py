"""Pick the copy of a record to grade or restore: whichever is newer, saying when it was not the notebook's.

Why: one activity's answers may sit in three places when a notebook is handed in — the output inside
the notebook, the widget state the front end saved into the notebook's metadata, and the autosave beside
it — and any of them can lag (a reopened view, outputs cleared, a notebook saved before the last tag).
The grader takes the newest and tells the instructor when that was not the notebook's own copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .merge import same_answers
from .schema import AnswerError, validate
from .types import AnswerRecord

__all__ = ["SOURCES", "Chosen", "Source", "from_widget_state", "newest", "widget_models"]

Source = Literal["notebook", "widget-state", "autosave"]
SOURCES: tuple[Source, ...] = ("notebook", "widget-state", "autosave")
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


@dataclass(frozen=True)
class Chosen:
    """The copy chosen, where it came from, and notes for the instructor (empty when the notebook's was used)."""

    record: AnswerRecord
    source: Source
    notes: list[str] = field(default_factory=list)


def _when(record: AnswerRecord) -> tuple[int, str, int]:
    # Newest: the most changes seen, then the latest write; a preference for the notebook breaks ties.
    return record["revision"], record["saved_at"], record["history"]["edits"]


def newest(copies: Mapping[Source, AnswerRecord | None]) -> Chosen | None:
    """The newest of the copies given (``None`` ones are absent); on a tie the notebook's copy, then the widget
    state's. ``None`` if there is no copy at all.
    """
    present = [(source, copies[source]) for source in SOURCES if copies.get(source) is not None]
    if not present:
        return None
    rank = {source: n for n, source in enumerate(SOURCES)}
    source, record = max(present, key=lambda c: (_when(c[1]), -rank[c[0]]))  # type: ignore[arg-type]
    assert record is not None
    notes: list[str] = []
    notebook = copies.get("notebook")
    # Without a notebook copy the source alone says it (the gradebook's answers_from column); a note is
    # added when the notebook held a copy with other answers than the one graded.
    if source != "notebook" and notebook is not None:
        count = len(record["items"])
        if not same_answers(notebook["items"], record["items"]):
            notes.append(
                f"{record['activity']}: the {source} copy is newer than the notebook's (change {record['revision']} "
                f"vs {notebook['revision']}; {count} vs {len(notebook['items'])} items): graded the {source} copy"
            )
    return Chosen(record, source, notes)


def widget_models(notebook: Any) -> dict[str, Any] | None:
    """The widget models kept in saved widget state (``metadata.widgets``), or ``None`` when there are none:
    a notebook without them holds no widget copy of any activity, so the grader asks once per notebook."""
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    widgets = metadata.get("widgets") if isinstance(metadata, dict) else None
    state = widgets.get(_WIDGET_STATE) if isinstance(widgets, dict) else None
    models = state.get("state") if isinstance(state, dict) else None
    return models if isinstance(models, dict) and models else None


def from_widget_state(notebook: Any, activity: str, case: str | None = None) -> AnswerRecord | None:
    """The newest valid record for ``activity`` kept in saved widget state (``metadata.widgets``), if any.

    The kit's record widget carries the record in its ``record`` trait; the front end writes every widget's
    state into the notebook's metadata when "save widget state" is on.
    """
    models = widget_models(notebook)
    best: AnswerRecord | None = None
    for model in models.values() if models is not None else []:
        inner = model.get("state") if isinstance(model, dict) else None
        document = inner.get("record") if isinstance(inner, dict) else None
        if not isinstance(document, dict) or document.get("activity") != activity or document.get("kit") is None:
            continue
        if case is not None and document.get("case") != case:
            continue
        try:
            record = validate(document)
        except AnswerError:
            continue
        if best is None or _when(record) > _when(best):
            best = record
    return best
