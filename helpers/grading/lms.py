"""Files an LMS imports: Canvas's gradebook CSV, Moodle's grade import CSV and nbgrader's export columns.

Why: a teacher should not retype 30 totals. Each LMS matches rows by its own identifier, never by a
typed name, so these files are written only for students the roster (or the submission layout) gives an
identifier, and each file's rows carry the identifier that LMS matches on:

- Canvas (Grades > Import): ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``, then one
  column per assignment; Canvas needs one of the first three and matches on it. An unknown column name
  becomes a new assignment.
- Moodle (Grades > Import > CSV file): any identifier column, mapped on import under "Identify user by"
  (email address, username or ID number), then one column per grade item mapped on import.
- nbgrader's ``nbgrader export`` columns: ``assignment, duedate, timestamp, student_id, last_name,
  first_name, email, raw_score, late_submission_penalty, score, max_score``, for tools built on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .gradebook import RISKY, csv_header, csv_text

__all__ = ["CANVAS_COLUMNS", "MOODLE_COLUMNS", "NBGRADER_COLUMNS", "LmsRow", "canvas_csv", "canvas_lines", "moodle_csv",
           "moodle_lines", "nbgrader_csv", "nbgrader_lines"]

CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_COLUMNS = ("email", "username", "idnumber", "fullname")
NBGRADER_COLUMNS = ("assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                    "raw_score", "late_submission_penalty", "score", "max_score")


@dataclass(frozen=True)
class LmsRow:
    """One student's scores as the LMS files need them (scores on 0-100, ``None`` when not graded)."""

    student_id: str
    name: str
    email: str
    sis_login: str
    scores: dict[str, float | None]  # column title -> score
    total: float | None
    submitted_at: str = ""


def _csv(header: Sequence[str], body: str) -> str:
    return csv_header(header) + body


def _lines(rows: Iterable[Sequence[object]]) -> str:
    # a name such as ``=cmd()`` must not run as a spreadsheet formula (``spreadsheet_safe``, written out)
    return csv_text(["" if cell is None else ("'" + cell) if isinstance(cell, str) and cell[:1] in RISKY
                     else cell for cell in row] for row in rows)


def _canvas_name(name: str) -> str:
    """Canvas shows students as "Last, First"; the column is informational, the ID is what matches."""
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name


def canvas_csv(rows: Sequence[LmsRow], assignment: str, columns: Sequence[str]) -> str:
    """Canvas's gradebook import: the total as ``assignment`` and each listed activity score after it."""
    return _csv([*CANVAS_COLUMNS, assignment, *(f"{assignment}: {c}" for c in columns)], canvas_lines(rows, columns))


def canvas_lines(rows: Iterable[LmsRow], columns: Sequence[str]) -> str:
    """The rows of ``canvas_csv`` (a line depends on its row alone: lines made apart join into one file)."""
    return _lines([_canvas_name(r.name), r.student_id, r.student_id, r.sis_login, "", _round(r.total),
                   *(_round(r.scores.get(c)) for c in columns)] for r in rows)


def moodle_csv(rows: Sequence[LmsRow], assignment: str, columns: Sequence[str]) -> str:
    """Moodle's CSV grade import: identifiers first (map one under "Identify user by"), then the grades."""
    return _csv([*MOODLE_COLUMNS, assignment, *(f"{assignment}: {c}" for c in columns)], moodle_lines(rows, columns))


def moodle_lines(rows: Iterable[LmsRow], columns: Sequence[str]) -> str:
    """The rows of ``moodle_csv``."""
    return _lines([r.email, r.sis_login, r.student_id, r.name, _round(r.total),
                   *(_round(r.scores.get(c)) for c in columns)] for r in rows)


def nbgrader_csv(rows: Sequence[LmsRow], assignment: str) -> str:
    """nbgrader's export columns, with the total as the score out of 100."""
    return _csv(NBGRADER_COLUMNS, nbgrader_lines(rows, assignment))


def nbgrader_lines(rows: Iterable[LmsRow], assignment: str) -> str:
    """The rows of ``nbgrader_csv``."""
    def split(name: str) -> tuple[str, str]:
        words = name.split()
        return (words[-1], " ".join(words[:-1])) if len(words) > 1 else (name, "")

    return _lines([assignment, "", r.submitted_at, r.student_id, *split(r.name), r.email, _round(r.total), 0.0,
                   _round(r.total), 100.0] for r in rows)


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)
