"""Find the kit's answer records inside a parsed notebook, and word one for a reader.

Why: the saved ``.ipynb`` alone must carry a student's answers, so each record is mirrored into the
notebook as a display output under the kit's own MIME type; graders and the hand-in status read it back
from there without running anything.
"""

from __future__ import annotations

from typing import Any

from .schema import AnswerError, validate
from .types import AnswerRecord

__all__ = ["MIME_TYPE", "find_in_notebook", "first_invalid_record", "newer", "summarise", "version_in_notebook"]

MIME_TYPE = "application/vnd.mlkit.answers+json"


def _outputs(notebook: Any) -> list[dict[str, Any]]:
    """The data dictionaries of every output in a parsed notebook (malformed parts are skipped)."""
    found: list[dict[str, Any]] = []
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    for cell in cells if isinstance(cells, list) else []:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict):
                found.append(data)
    return found


def find_in_notebook(notebook: Any, activity: str, case: str | None = None) -> AnswerRecord | None:
    """The newest valid record for ``activity`` (on case id ``case``, if given) among a notebook's outputs."""
    best: AnswerRecord | None = None
    for data in _outputs(notebook):
        document = data.get(MIME_TYPE)
        if not isinstance(document, dict) or document.get("activity") != activity:
            continue
        if case is not None and document.get("case") != case:
            continue
        try:
            record = validate(document)
        except AnswerError:
            continue
        if best is None or newer(record, best):
            best = record
    return best


def version_in_notebook(notebook: Any, activity: str) -> int | None:
    """The highest ``schema_version`` among the notebook's copies of ``activity`` (before any upgrade)."""
    versions = [
        data[MIME_TYPE].get("schema_version") for data in _outputs(notebook)
        if isinstance(data.get(MIME_TYPE), dict) and data[MIME_TYPE].get("activity") == activity
    ]
    numbers = [v for v in versions if isinstance(v, int)]
    return max(numbers) if numbers else None


def first_invalid_record(notebook: Any) -> str | None:
    """Why the first kit record in the notebook fails the schema, if any record does."""
    for data in _outputs(notebook):
        if MIME_TYPE in data:
            try:
                validate(data[MIME_TYPE])
            except AnswerError as exc:
                return str(exc)
    return None


def newer(a: AnswerRecord, b: AnswerRecord) -> bool:
    """Whether record ``a`` is newer than ``b`` (by revision, then save time)."""
    return (a["revision"], a["saved_at"]) > (b["revision"], b["saved_at"])


def summarise(document: AnswerRecord, noun: str = "answer") -> str:
    """A one-line, human-readable account of a record, shown where the MIME data is not rendered.

    ``noun`` names one item ("tagged claim"); each activity declares its own in the registry.
    """
    count = len(document["items"])
    name = document["student"].get("name") or "no name entered"
    when = str(document["saved_at"])[:16].replace("T", " ")
    return (
        f"Your saved answers ({document['activity']}): {count} {noun}{'s' if count != 1 else ''} by {name}, "
        f"last change {when} UTC. This line carries your answers inside the notebook: keep it, and save the notebook."
    )
