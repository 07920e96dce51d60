"""Which case the kit teaches: the one place that decides it.

Why one place: notebooks, the grader and the release all need "the case", and a teacher changes it by
editing one line of ``lessons/kit.yaml``. Tests (and a teacher trying a case out) can override it with
the environment variable ``MLKIT_CASE``. Nothing else in the kit names a case.
"""

from __future__ import annotations

import os

from .files import ID_PATTERN, LESSONS_DIR, CaseError, read_yaml

__all__ = ["CASE_ENV", "KIT_FILE", "current_case_id"]

KIT_FILE = LESSONS_DIR / "kit.yaml"
CASE_ENV = "MLKIT_CASE"


def current_case_id() -> str:
    """``MLKIT_CASE`` if set, else ``case:`` in ``lessons/kit.yaml``; ``CaseError`` if neither names one.

    The value may also be a folder path (``MLKIT_CASE=/tmp/my-case``), which ``load_case`` accepts.
    """
    chosen = os.environ.get(CASE_ENV, "").strip()
    if chosen:
        return chosen
    data = read_yaml(KIT_FILE)
    case = str(data.get("case") or "").strip() if isinstance(data, dict) else ""
    if not ID_PATTERN.match(case):
        raise CaseError(f"{KIT_FILE}: 'case:' must name a folder of lessons/cases/ (lowercase, digits, hyphens)")
    return case
