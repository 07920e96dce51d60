"""Check an answer record against its versioned JSON Schema, fast, and word any failure exactly.

Version 1 records stay readable forever: they validate against the v1 schema and are upgraded in memory
to version 2 (``upgrade``), which is what the rest of the kit reads and every writer writes.

Why three validators: a hand-written check (``quick_check``) accepts a well-formed v2 record fastest and is
never more lenient; anything it is unsure of goes to ``fastjsonschema``, which compiles the schema to Python
(compiled once a process needs it); ``jsonschema`` words a failure precisely ("at items/0/labels: ...") but
costs a second to import (it pulls in a URI grammar), so it is imported only once a record has already failed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, cast

from .profile import student_name
from .quick_check import surely_valid
from .types import AnswerRecord, Item

__all__ = [
    "KIT", "SCHEMA_PATH", "SCHEMA_VERSION", "AnswerError", "new_document", "now_iso", "schema", "upgrade", "validate",
    "validate_beside",
]

KIT = "media-literacy-notebook-kit"
SCHEMA_VERSION = 2
SCHEMAS = Path(__file__).parent / "schemas"
SCHEMA_PATH = SCHEMAS / f"answers-v{SCHEMA_VERSION}.schema.json"


class AnswerError(ValueError):
    """An answer record is unreadable or does not follow the schema."""


@cache
def schema(version: int = SCHEMA_VERSION) -> dict[str, Any]:
    """The answer schema of ``version`` (default: the current one) as parsed JSON."""
    path = SCHEMAS / f"answers-v{version}.schema.json"
    return cast(dict[str, Any], json.loads(path.read_text(encoding="utf-8")))


@cache
def _fast_validator(version: int) -> Any:
    import fastjsonschema  # imported here: 4 ms of every start, and a class's records pass ``surely_valid``

    return fastjsonschema.compile(schema(version))


def _explain(document: Any, version: int) -> str | None:
    """Where and why ``document`` fails the schema, worded by ``jsonschema``; ``None`` if it passes."""
    import jsonschema  # imported here on purpose: slow to import, and needed only to word a failure

    cls = jsonschema.validators.validator_for(schema(version))
    validator = cls(schema(version), format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    first = errors[0]
    where = "/".join(str(p) for p in first.absolute_path) or "(top level)"
    return f"at {where}: {first.message}"


def _invalid() -> type[Exception]:
    """What the compiled validator raises for a document that fails (its module is loaded by then)."""
    import fastjsonschema  # imported here: as in ``_fast_validator``, which has loaded it by then

    return cast(type[Exception], fastjsonschema.JsonSchemaException)


def validate(document: Any) -> AnswerRecord:
    """Return ``document`` (a v1 record upgraded to v2) if it follows its schema; else raise ``AnswerError``.

    The hand-written check answers first for v2, then the compiled validator; only a failing record goes
    through ``jsonschema``, which is also the reference if the two ever disagree (a record it accepts is
    accepted).
    """
    version = document.get("schema_version") if isinstance(document, dict) else None
    if version == 2 and surely_valid(document):
        return cast(AnswerRecord, document)
    if version not in (1, 2):
        version = SCHEMA_VERSION  # let the current schema word what is wrong
    validator = _fast_validator(version)
    try:
        validator(document)
    except _invalid():
        problem = _explain(document, version)
        if problem is not None:
            raise AnswerError(f"answer record does not follow schema v{version} {problem}") from None
    return upgrade(document) if version == 1 else cast(AnswerRecord, document)


def validate_beside(document: Any, known: AnswerRecord) -> AnswerRecord:
    """``validate``, skipping the items and removals ``known`` (a record already validated) holds verbatim.

    Why: a tag's save re-reads the autosave when another view wrote it; that file mostly repeats what this
    kernel holds, and checking only what is new keeps the save fast however many answers there are.
    """
    if not (isinstance(document, dict) and document.get("schema_version") == SCHEMA_VERSION
            and isinstance(document.get("items"), list) and isinstance(document.get("removed"), list)):
        return validate(document)
    limits = schema()["properties"]
    for field in ("items", "removed"):
        if len(document[field]) > limits[field]["maxItems"]:
            raise AnswerError(f"answer record does not follow schema v2 at {field}: more than "
                              f"{limits[field]['maxItems']} entries")
    items = {str(item["id"]): item for item in known["items"]}
    stones = {(stone["id"], stone["removed_at"]) for stone in known["removed"]}
    fresh = [i for i in document["items"] if not (isinstance(i, dict) and items.get(str(i.get("id"))) == i)]
    fresh_removed = [r for r in document["removed"]
                     if not (isinstance(r, dict) and (r.get("id"), r.get("removed_at")) in stones)]
    validate({**document, "items": fresh, "removed": fresh_removed})
    return cast(AnswerRecord, document)


def upgrade(document: Any) -> AnswerRecord:
    """A valid v1 record as v2, in memory: items dated by the record's save time, no removals, a history.

    The v1 file is never rewritten by reading it; the next write saves v2.
    """
    saved_at = str(document["saved_at"])
    items = []
    for item in document["items"]:
        created = str(item.get("created_at") or saved_at)
        items.append({**item, "created_at": created, "changed_at": max(created, saved_at)})
    revision = int(document["revision"])
    return cast(AnswerRecord, {
        **document,
        "schema_version": 2,
        "items": items,
        "removed": [],
        "history": {
            "edits": revision,
            "sessions": 1 if revision else 0,
            "first_at": min([saved_at, *(str(i["created_at"]) for i in items)]),
        },
    })


def now_iso() -> str:
    """The current UTC time, ISO 8601 with milliseconds, so records from one second still order."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_document(activity: str, case: str, items: list[Item] | None = None) -> AnswerRecord:
    """An empty record for ``activity`` on the case with id ``case``, signed with the saved student name."""
    now = now_iso()
    return {
        "kit": KIT,
        "schema_version": SCHEMA_VERSION,
        "activity": activity,
        "case": case,
        "revision": 0,
        "saved_at": now,
        "student": {"name": student_name()},
        "items": [cast(Item, {"created_at": now, "changed_at": now, **item}) for item in items or []],
        "removed": [],
        "history": {"edits": 0, "sessions": 0, "first_at": now},
    }
