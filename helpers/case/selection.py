"""Which case the kit teaches: the one place that decides it.

Why one place: notebooks, the grader and the release all need "the case", and a teacher changes it by
editing one line of ``lessons/kit.yaml``. Tests (and a teacher trying a case out) can override it with
the environment variable ``MLKIT_CASE``. Nothing else in the kit names a case.
"""

from __future__ import annotations

import os
from pathlib import Path

from .files import ID_PATTERN, LESSONS_DIR, CaseError, read_yaml

__all__ = ["CASE_ENV", "KIT_FILE", "current_case_id", "use_case"]

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



def use_case(case_id: str, lessons_dir: Path = LESSONS_DIR) -> tuple[str | None, str]:
    """Make ``case_id`` the case named in ``lessons_dir/kit.yaml`` (keeping its comments); returns (old, new).

    The caller checks the case first (``check.find_problems``); this only writes the one line.
    """
    if not ID_PATTERN.match(case_id):
        raise CaseError(f"{case_id!r}: a case id is lowercase letters, digits and hyphens (a folder of lessons/cases/)")
    kit_file = Path(lessons_dir) / "kit.yaml"
    try:
        old_data = read_yaml(kit_file)
    except CaseError:
        old_data = None
    old = str(old_data.get("case")) if isinstance(old_data, dict) and old_data.get("case") else None
    lines = kit_file.read_text(encoding="utf-8").splitlines() if kit_file.is_file() else []
    kept = [line for line in lines if not line.startswith("case:")]
    kit_file.write_text("\n".join([*kept, f"case: {case_id}"]) + "\n", encoding="utf-8")
    return old, case_id
