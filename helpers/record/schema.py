"""Check an answer record against the versioned JSON Schema, fast, and word any failure exactly.

Why two validators: ``fastjsonschema`` compiles the schema to Python and answers the grader's hot path
about 15x faster; ``jsonschema`` words a failure precisely ("at items/0/labels: ...") but costs a second
to import (it pulls in a URI grammar), so it is imported only once a record has already failed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, cast

import fastjsonschema

from .profile import student_name
from .types import AnswerRecord, Item

__all__ = ["KIT", "SCHEMA_PATH", "SCHEMA_VERSION", "AnswerError", "new_document", "now_iso", "schema", "validate"]

KIT = "media-literacy-notebook-kit"
SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).parent / "schemas" / "answers-v1.schema.json"


class AnswerError(ValueError):
    """An answer record is unreadable or does not follow the schema."""


@cache
def schema() -> dict[str, Any]:
    """The answer schema as parsed JSON."""
    return cast(dict[str, Any], json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))



@cache
def _fast_validator() -> Any:
    return fastjsonschema.compile(schema())


def _explain(document: Any) -> str | None:
    """Where and why ``document`` fails the schema, worded by ``jsonschema``; ``None`` if it passes."""
    import jsonschema  # imported here on purpose: slow to import, and needed only to word a failure

    cls = jsonschema.validators.validator_for(schema())
    validator = cls(schema(), format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    first = errors[0]
    where = "/".join(str(p) for p in first.absolute_path) or "(top level)"
    return f"at {where}: {first.message}"


def validate(document: Any) -> AnswerRecord:
    """Return ``document`` if it follows the answer schema; otherwise raise ``AnswerError`` saying where.

    The compiled validator answers first; only a failing record goes through ``jsonschema``, which is also
    the reference if the two ever disagree (a record it accepts is accepted).
    """
    try:
        _fast_validator()(document)
    except fastjsonschema.JsonSchemaException:
        problem = _explain(document)
        if problem is not None:
            raise AnswerError(f"answer record does not follow schema v{SCHEMA_VERSION} {problem}") from None
    return cast(AnswerRecord, document)


def now_iso() -> str:
    """The current UTC time, ISO 8601 with milliseconds, so records from one second still order."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_document(activity: str, case: str, items: list[Item] | None = None) -> AnswerRecord:
    """An empty record for ``activity`` on the case with id ``case``, signed with the saved student name."""
    return {
        "kit": KIT,
        "schema_version": SCHEMA_VERSION,
        "activity": activity,
        "case": case,
        "revision": 0,
        "saved_at": now_iso(),
        "student": {"name": student_name()},
        "items": list(items or []),
    }
