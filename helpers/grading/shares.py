"""Each student's share of the class's files, made by the process that graded them: their gradebook row, their
written answers merged with the teacher's levels, their LMS rows, flags and set-aside files, as CSV lines.

Why: after grading, one process used to work all of this out for the whole class while the other cores
waited (a fifth of a class's run). Each of these depends on one student, the teacher's settings and the
teacher's hand-scored files (read before grading, ``TeacherHand``), except two things only the whole class
decides: its order (by name) and the flags for identical answers across students. So the process that grades
a student (``by_student``) makes their share, CSV lines included; this process puts the shares in the class's
order, adds the flags for identical answers (``with_duplicate_flags``) and joins the lines. A CSV line depends
on its row alone, so the files are the ones written from all rows at once.

One condition makes merging a student at a time the same as merging the class at once: no two students can
have a row of the same id, so no teacher's row can go to either of two students. ``TeacherHand.separable``
checks it on the teacher's row ids (a fresh row's id is ``<student id>:<part>:<item>``); where it fails (ids
made to collide), every share is made here, in the class's order, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..activities.base import Cell
from ..activities.registry import ACTIVITIES
from ..case.model import Case
from .classbook import Student, duplicates, gradebook_columns, gradebook_row, hand_rows, parts, parts_not_offered
from .gradebook import csv_lines
from .hand import carry_over, hand_csv_lines, hand_scores, holds_teachers_work, read_hand_csv
from .lms import LmsRow, canvas_lines, moodle_lines, nbgrader_lines
from .settings import GradingSettings

__all__ = [
    "HAND_PARTS", "HandShare", "Share", "TeacherHand", "make_share", "not_offered_by", "read_teacher_hand",
    "with_duplicate_flags",
]

HAND_PARTS = tuple(dict.fromkeys(a.hand_part for a in ACTIVITIES if a.hand_part))
FLAG_COLUMNS = ["student_id", "name", "flag"]
SUPERSEDED_COLUMNS = ["student_id", "file", "activity", "saved_at"]


@dataclass(frozen=True)
class TeacherHand:
    """The hand-scored files in the output folder as the teacher left them, read before grading: each part's
    rows by ``row_id`` (in the file's order), and the first file that could not be read (its part's place in
    ``HAND_PARTS`` and the error, raised once the files before it are written, as when read after grading)."""

    folder: Path
    previous: dict[str, dict[str, dict[str, str]]]
    failure: tuple[int, Exception] | None = None

    @property
    def separable(self) -> bool:
        """Whether every teacher's row can go to one student only: its id holds ``:<part>:`` once, so the
        student id before it is the only one whose fresh row can have that id."""
        return self.failure is None and all(_once(row_id, f":{part}:") for part, rows in self.previous.items()
                                            for row_id in rows)


def _once(text: str, part: str) -> bool:
    """Whether ``part`` is in ``text`` at most once, counting overlaps (``str.count`` does not: ``:p:p:``)."""
    first = text.find(part)
    return first < 0 or text.find(part, first + 1) < 0


def read_teacher_hand(folder: Path) -> TeacherHand:
    """The teacher's hand-scored files in ``folder`` (``hand/<part>.csv``), read in the parts' order."""
    previous: dict[str, dict[str, dict[str, str]]] = {}
    for number, part in enumerate(HAND_PARTS):
        try:
            rows = read_hand_csv(folder / f"{part}.csv")
        except Exception as exc:  # a teacher's file that cannot be read: raised after the ones before it
            return TeacherHand(folder, previous, (number, exc))
        previous[part] = {row["row_id"]: row for row in rows}
    return TeacherHand(folder, previous)


@dataclass(frozen=True)
class HandShare:
    """A student's rows of one hand-scored file: their CSV lines (UTF-8), the teacher's rows they took (by id),
    and whether any holds the teacher's work (a level or a comment: the file is then flushed to disk)."""

    lines: bytes
    taken: tuple[str, ...]
    teachers_work: bool


@dataclass
class Share:
    """One student's part of every class file (see the module's docstring), its lines encoded as the files are
    (UTF-8: encoded by the process that made them, so this one only joins bytes); ``flags`` and the lines that
    show them are brought up to date by ``with_duplicate_flags``."""

    student_id: str
    name: str
    row: dict[str, Cell]
    flags: list[str]
    fingerprints: tuple[tuple[str, str], ...]  # (activity, fingerprint), in the order of the student's results
    case_ids: tuple[str, ...]
    to_read: int
    hand: dict[str, HandShare]
    gradebook: bytes
    flag_lines: bytes
    superseded: bytes
    lms: tuple[bytes, bytes, bytes] = (b"", b"", b"")  # Canvas, Moodle and nbgrader lines (none without an LMS id)

    @property
    def order(self) -> tuple[str, str]:
        """Where the student comes in the class's files: by name, then id (``classbook.group_students``)."""
        return (self.name.casefold() or "~", self.student_id)


def make_share(student: Student, teacher: TeacherHand, settings: GradingSettings,
               not_offered: Callable[[str], frozenset[str]], taken: dict[str, set[str]] | None = None) -> Share:
    """``student``'s share. ``not_offered`` gives a case id's parts it cannot offer (``parts_not_offered``);
    ``taken`` holds the teacher's rows already taken by students before this one (merged in the class's order);
    a student merged on their own takes from a fresh set."""
    fresh: dict[str, list[dict[str, str]]] = {}
    for hand_row in hand_rows(student):
        fresh.setdefault(hand_row["activity"], []).append(hand_row)
    hand: dict[str, HandShare] = {}
    merged_rows: list[dict[str, str]] = []
    for part, rows in fresh.items():
        merged, took = carry_over(rows, teacher.previous.get(part, {}),
                                  taken.setdefault(part, set()) if taken is not None else set())
        merged_rows += merged
        hand[part] = HandShare(hand_csv_lines(merged).encode("utf-8"), tuple(took), holds_teachers_work(merged))
    scores = hand_scores(merged_rows, settings.levels)
    case_ids = tuple(sorted({r.case_id for _, r in student.results.values()}))
    row = gradebook_row(student, scores, settings, {c: not_offered(c) for c in case_ids})
    problems = [p for (sid, _), scored in scores.items() if sid == student.student_id for p in scored.problems]
    if problems:
        row["notes"] = "; ".join(filter(None, [str(row["notes"]), *problems]))
    share = Share(
        student.student_id, student.name, row, list(student.flags),
        tuple((activity, r.fingerprint) for activity, (_, r) in student.results.items() if r.fingerprint),
        case_ids, sum(s.to_read for s in scores.values()), hand, b"", b"",
        csv_lines([{"student_id": student.student_id, "file": f, "activity": a, "saved_at": s}
                   for f, a, s in student.superseded], SUPERSEDED_COLUMNS).encode("utf-8") if student.superseded
        else b"",
    )
    if student.has_id:
        entry, total = student.entry, row["total"]
        lms = LmsRow(
            student.student_id, student.name, entry.email if entry else "", entry.sis_login if entry else "",
            {p: (v if isinstance(v := row.get(f"{p}_score"), int | float) else None) for p in parts()},
            float(total) if isinstance(total, int | float) else None,
            max((r.record["saved_at"] for _, r in student.results.values()), default=""),
        )
        columns = list(parts())
        share.lms = (canvas_lines([lms], columns).encode("utf-8"), moodle_lines([lms], columns).encode("utf-8"),
                     nbgrader_lines([lms], settings.assignment).encode("utf-8"))
    _show_flags(share)
    return share


@cache  # the registry is fixed: asked for every student's row
def _columns() -> tuple[str, ...]:
    return tuple(gradebook_columns())


def _show_flags(share: Share) -> None:
    """The share's gradebook line and ``flags.csv`` lines, from its row and flags as they are now."""
    flags = dict.fromkeys(share.flags)
    share.row["flags"] = "; ".join(flags)
    share.gradebook = csv_lines([share.row], _columns()).encode("utf-8")
    share.flag_lines = csv_lines([{"student_id": share.student_id, "name": share.name, "flag": f} for f in flags],
                                 FLAG_COLUMNS).encode("utf-8") if flags else b""


def with_duplicate_flags(shares: Sequence[Share]) -> None:
    """Flag students who handed in identical answers for an activity (``classbook.duplicates``), ``shares``
    in the class's order, and bring the lines that show their flags up to date."""
    found = duplicates((s.student_id, s.fingerprints) for s in shares)
    for share in shares:
        if share.student_id in found:
            share.flags += found[share.student_id]
            _show_flags(share)


def not_offered_by(cases: Callable[[str], object]) -> Callable[[str], frozenset[str]]:
    """``parts_not_offered`` of each case id, each case asked once (``cases``: a ``CaseCache``'s ``get``)."""
    known: dict[str, frozenset[str]] = {}

    def of(case_id: str) -> frozenset[str]:
        if case_id not in known:
            case = cases(case_id)
            known[case_id] = parts_not_offered(case) if isinstance(case, Case) else frozenset()
        return known[case_id]
    return of
