"""What tests of whole grading runs share: the files a run wrote, and a plan that grades every file alone."""

from __future__ import annotations

from pathlib import Path

from helpers.grading import by_student


def class_files(out: Path) -> dict[str, bytes]:
    """Every file a grading run wrote under ``out``, by its path there."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def every_file_alone(jobs: list[tuple[str, str]], roster: object) -> list[by_student.Unit]:
    """``by_student.plan_units`` with no student's files together: every feedback and share made at the end."""
    return [by_student.Unit((n,), (job,)) for n, job in enumerate(jobs)]
