"""The activity registry: every activity declared once, and the views of it the rest of the kit reads.

Why: the answer schema's activity list, the hand-in status, the record summaries, the grader's columns and
the widgets' special behaviour all used to name activities by hand; now they read ``ACTIVITIES`` (and
``tests/test_registry.py`` checks the schema, notebooks and lesson files agree with it).

To add an activity: write ``activities/<name>.py`` with its ``ACTIVITY = Activity(...)`` (and its grade
function, if it is scored), add it to ``ACTIVITIES`` below, and add its id to the schema's enum and item
rule in ``record/schemas/answers-v2.schema.json``.
"""

from __future__ import annotations

from . import checks, claims, devices, first_read, prepost, rewrite, welcome, wrap_up
from .base import Activity

__all__ = ["ACTIVITIES", "activity", "gradebook_columns", "graded", "notebooks"]

# In the order of the gradebook's columns (claims, devices, then checks, as release 0.1 wrote them, so
# instructors' spreadsheets keep working); the hand-in status orders by notebook instead.
ACTIVITIES: tuple[Activity, ...] = (
    welcome.ACTIVITY,
    first_read.ACTIVITY,
    claims.ACTIVITY,
    devices.ACTIVITY,
    checks.ACTIVITY,
    rewrite.ACTIVITY,
    wrap_up.ACTIVITY,
    prepost.PRE,  # the pre/post check: never graded (survey), read by the class report
    prepost.POST,
)
_BY_ID = {a.id: a for a in ACTIVITIES}


def activity(ident: str) -> Activity:
    """The activity with id ``ident``; ``KeyError`` naming the known ones otherwise."""
    try:
        return _BY_ID[ident]
    except KeyError:
        raise KeyError(f"no activity {ident!r}; the kit has {', '.join(_BY_ID)}") from None


def graded() -> tuple[Activity, ...]:
    """The activities a machine scores, in gradebook order."""
    return tuple(a for a in ACTIVITIES if a.grade is not None)


def gradebook_columns() -> tuple[str, ...]:
    """Every graded activity's gradebook columns, in order."""
    return tuple(c for a in graded() for c in a.columns)


def notebooks() -> dict[str, tuple[Activity, ...]]:
    """Which activities each notebook records, notebooks in order (the order students meet them)."""
    found: dict[str, list[Activity]] = {}
    for a in sorted(ACTIVITIES, key=lambda a: a.notebook):
        found.setdefault(a.notebook, []).append(a)
    return {stem: tuple(group) for stem, group in found.items()}
