"""Grade a class folder: every saved notebook in it, one row per student, and the files a teacher and an LMS
need, without running anything.

What it writes in ``out`` (each file replaced whole, readable by the teacher's other programs):

- ``gradebook.csv``: ``student_id``, ``name``, each part's score (0-100), ``total``, then the detail;
- ``feedback/<student>.md`` and ``.txt``: each student's feedback, in their voice (Markdown and plain text);
- ``hand/<part>.csv`` and ``hand/rubric.md``: written answers to score by hand; your levels survive regrades;
- ``lms/canvas.csv``, ``lms/moodle.csv``, ``lms/nbgrader.csv``: the totals by LMS identifier;
- ``flags.csv`` (what looks tampered with or copied), ``superseded.csv`` (older submissions set aside),
  ``errors.csv`` (every file that could not be graded, and why), ``roster-report.csv`` (with a roster).

Why one row per student: see ``classbook``. Why processes: parsing is the cost, and a class of 1,000
grades in a couple of seconds on two cores (``parallel``: this process grades beside forked copies of it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from ..activities.base import Cell, GradeOptions
from ..activities.registry import ACTIVITIES
from ..case.key import keys_read_once
from ..case.model import Case
from ..case.switches import Switches
from ..record.types import AnswerRecord
from .by_student import Unit, plan_units, student_feedback, write_feedback
from .classbook import (
    Student,
    duplicate_flags,
    gradebook_columns,
    gradebook_row,
    group_students,
    hand_rows,
    parts,
    parts_not_offered,
)
from .grade import CaseCache, FileResult, forget_listings, grade_submission, remember_listings
from .gradebook import csv_bytes
from .hand import HandScores, hand_scores, merge_hand_rows, read_hand_csv, write_hand_csv
from .heap import fewer_collections
from .identity import file_stem
from .lms import LmsRow, canvas_csv, moodle_csv, nbgrader_csv
from .output import Writer, write_file
from .parallel import FORK, beside, map_forked
from .read import Found, Skipped, SubmissionError, find_submissions
from .roster import Roster
from .settings import GradingSettings

__all__ = ["GradeReport", "grade_folder"]


@dataclass
class GradeReport:
    """What ``grade_folder`` found and wrote."""

    files: int = 0
    graded: int = 0
    students: int = 0
    errors: int = 0
    flags: int = 0
    to_read: int = 0
    out: Path | None = None
    gradebook: Path | None = None
    errors_file: Path | None = None
    feedback_dir: Path | None = None
    rows: list[dict[str, Cell]] = field(default_factory=list)
    # case id -> the parts its key cannot offer (no verdicts: nothing to fact-check), left out of its totals
    left_out: dict[str, list[str]] = field(default_factory=dict)


_WORKER: tuple[GradeOptions, CaseCache] | None = None
_FEEDBACK = ""  # the folder students' feedback is written to as they are graded (``by_student``)
_FAILED = False  # whether writing feedback failed in this process: nothing more is written after a failure


def _init(options: GradeOptions, cases_dir: str | None, feedback: str = "") -> None:
    """What every job needs: set in this process before it forks (its copies inherit it, with every case and
    key it loaded), or in each worker of a process pool where there is no fork."""
    global _WORKER, _FEEDBACK, _FAILED
    _WORKER = (options, CaseCache(Path(cases_dir) if cases_dir else None))
    _FEEDBACK, _FAILED = feedback, False


UnitResult = tuple[list[FileResult | tuple[str, str]], bool, BaseException | None]


def _unit_job(unit: Unit) -> UnitResult:
    """Grade a unit's files; for a student's unit, write their feedback here and now (``by_student``). Gives
    each file's result, whether the feedback was written (its text is then left out of the results sent
    back: nothing else reads it), and the failure that stopped it, if one did."""
    global _FAILED
    results = [_job(job) for job in unit.jobs]
    graded = [r for r in results if isinstance(r, FileResult)]
    if not unit.stem or _FAILED or not graded or any(f.identity.student_id != unit.student_id for f in graded):
        return results, False, None
    students, _ = group_students(graded, None)
    try:
        write_feedback(_FEEDBACK, students[0], unit.stem)
    except Exception as exc:  # raised at the end of the run, after the class's files (see ``_grade_folder``)
        _FAILED = True
        return results, False, exc
    for file in graded:
        for result in file.results.values():
            if result.grade is not None:
                result.grade.feedback = result.grade.feedback_text = ""
    return results, True, None


def _job(job: tuple[str, str]) -> FileResult | tuple[str, str]:
    path, relative = job
    assert _WORKER is not None
    try:
        return _for_class(grade_submission(path, relative, *_WORKER))
    except SubmissionError as exc:
        return relative, str(exc)
    except Exception as exc:  # one broken file never stops the class: it becomes an error row
        return relative, f"could not be graded ({type(exc).__name__}: {exc})"


_TEXT = frozenset(a.id for a in ACTIVITIES if a.kind == "text")


def _for_class(file: FileResult) -> FileResult:
    """``file`` with only what the class's files read: a graded record's answers are in its grade, so its
    items and removals are left out (written answers keep theirs: ``hand_rows`` lists them). Half of what a
    grading process sends back is a record's items, and nothing reads them after grading."""
    for result in file.results.values():
        if result.activity not in _TEXT:
            kept = {k: v for k, v in result.record.items() if k not in ("items", "removed")}
            result.record = cast(AnswerRecord, kept)
    return file


def grade_folder(
    submissions: Path,
    out: Path,
    *,
    settings: GradingSettings | None = None,
    roster: Roster | None = None,
    workers: int | None = None,
    cases_dir: Path | None = None,
    switches: Switches | None = None,
) -> GradeReport:
    """Grade every saved notebook under ``submissions`` and write the class's files into ``out``; with
    ``switches`` (the class file students worked under), compare with only what it showed them."""
    with fewer_collections(), keys_read_once():
        return _grade_folder(submissions, out, settings=settings, roster=roster, workers=workers,
                             cases_dir=cases_dir, switches=switches)


def _grade_folder(
    submissions: Path,
    out: Path,
    *,
    settings: GradingSettings | None,
    roster: Roster | None,
    workers: int | None,
    cases_dir: Path | None,
    switches: Switches | None,
) -> GradeReport:
    forget_listings()
    settings = settings or GradingSettings()
    options = GradeOptions(reveal_missed=settings.reveal_missed, claims_to_check=settings.claims_to_check,
                           switches=switches)
    jobs: list[tuple[str, str]] = []
    errors: list[dict[str, str]] = []
    listings: dict[str, frozenset[str]] = {}
    for found in find_submissions(Path(submissions), listings):
        if isinstance(found, Skipped):
            errors.append({"file": found.relative, "reason": found.reason})
        else:
            assert isinstance(found, Found)
            jobs.append((found.where, found.relative))
    remember_listings(listings)
    workers = workers if workers is not None else (min(os.cpu_count() or 1, 4) if len(jobs) >= 64 else 1)
    cases = str(cases_dir) if cases_dir else None
    out = Path(out)
    feedback = os.fspath(out / "feedback")
    units = plan_units(jobs, roster)
    if workers > 1 and not FORK:  # processes start empty here: each loads what it needs (``_init``)
        from concurrent.futures import ProcessPoolExecutor  # imported here: 35 ms, and only where there is no fork

        with ProcessPoolExecutor(workers, initializer=_init, initargs=(options, cases, feedback)) as pool:
            done = list(pool.map(_unit_job, units, chunksize=max(1, len(units) // (workers * 8))))
    else:
        _init(options, cases, feedback)
        done = map_forked(_unit_job, units, workers, warm=1, most=_UNITS_PER_CHUNK)
    results, early, failure = _in_order(len(jobs), units, done)
    graded = [r for r in results if isinstance(r, FileResult)]
    errors += [{"file": r[0], "reason": r[1]} for r in results if isinstance(r, tuple)]

    students, roster_report = group_students(graded, roster)
    duplicate_flags(students)
    report = GradeReport(files=len(results) + len(errors) - sum(1 for r in results if isinstance(r, tuple)),
                         graded=len(graded), students=len(students), errors=len(errors), out=out,
                         gradebook=out / "gradebook.csv", errors_file=out / "errors.csv",
                         feedback_dir=out / "feedback")

    hand_dir = out / "hand"
    merged = _merge_hand(hand_dir, students)
    hand = hand_scores([row for _, rows, _ in merged for row in rows], settings.levels)
    report.to_read = sum(h.to_read for h in hand.values())
    # Feedback written while grading keeps its stem; the others are given theirs in the class's order, never one
    # of those (``identity.settled_stems``).
    used = {early[s.student_id].casefold() for s in students if s.student_id in early}
    later = [(s, file_stem(s.student_id, used)) for s in students if s.student_id not in early]
    # The files are written in this order: each student's feedback whose files' place names them (while grading),
    # the hand-scored CSVs and the rubric, the rest of the feedback, then the gradebook, flags and LMS files. When
    # much feedback is left, a copy of this process writes the first of these (creating a thousand files is mostly
    # kernel work) while this one works out the gradebook and writes the rest (``parallel.beside``: the copy's
    # failure, which would have come first, is the one raised). A failure while grading comes before both: after
    # it no more feedback is written, and it is raised once the rest is.
    try:
        with beside(lambda: _write_first(hand_dir, merged, [] if failure else later, feedback),
                    fork=workers > 1 and len(later) >= _FORK_FOR), Writer() as writer:
            _write_class(writer, students, hand, errors, roster, roster_report, report, settings, cases_dir)
    except Exception:  # an interruption is let through as it is
        if failure is not None:
            raise failure from None
        raise
    if failure is not None:
        raise failure
    return report


_UNITS_PER_CHUNK = 10  # a student's files (three, in a class handing in 02, 03 and 04) per unit: ~30 files a chunk
_FORK_FOR = 100  # students whose feedback is left for the end from which a copy of this process writes it


def _in_order(count: int, units: list[Unit], done: list[UnitResult]
              ) -> tuple[list[FileResult | tuple[str, str]], dict[str, str], BaseException | None]:
    """Each file's result in the listing's order, the stem of each student whose feedback is written, and the
    first failure to write feedback (in the listing's order)."""
    results: list[FileResult | tuple[str, str] | None] = [None] * count
    early: dict[str, str] = {}
    failure: BaseException | None = None
    for unit, (graded, written, failed) in zip(units, done, strict=True):
        for number, result in zip(unit.numbers, graded, strict=True):
            results[number] = result
        if written:
            early[unit.student_id] = unit.stem
        failure = failure or failed
    return cast(list[FileResult | tuple[str, str]], results), early, failure


def _merge_hand(hand_dir: Path, students: list[Student]) -> list[tuple[Path, list[dict[str, str]], bool]]:
    """Each hand-scored CSV: its path, the class's written answers merged into the teacher's file (levels
    kept), and whether to write it (there is something, or a file to keep up to date)."""
    fresh: dict[str, list[dict[str, str]]] = {}
    for student in students:
        for hand_row in hand_rows(student):
            fresh.setdefault(hand_row["activity"], []).append(hand_row)
    merged: list[tuple[Path, list[dict[str, str]], bool]] = []
    for part in dict.fromkeys([a.hand_part for a in ACTIVITIES if a.hand_part]):
        path = hand_dir / f"{part}.csv"
        try:
            rows = merge_hand_rows(read_hand_csv(path), fresh.get(part, []))
        except BaseException:  # a teacher's file that cannot be read: the ones before it are written, as ever
            for earlier, earlier_rows, write in merged:
                if write:
                    write_file(earlier, write_hand_csv(earlier_rows), durable=True)
            raise
        merged.append((path, rows, bool(rows) or path.exists()))
    return merged


def _write_first(hand_dir: Path, merged: list[tuple[Path, list[dict[str, str]], bool]],
                 later: list[tuple[Student, str]], feedback: str) -> None:
    """The files written first at the end: the hand-scored CSVs, the rubric, then these students' feedback."""
    with Writer() as writer:
        for path, rows, write in merged:
            if write:  # replaced atomically and flushed to disk when it holds the teacher's levels or comments
                writer.write(path, write_hand_csv(rows), durable=_holds_teachers_work(rows))
        rubric = next((a.manual.rubric for a in ACTIVITIES if a.manual is not None), "")
        if rubric:
            writer.write(hand_dir / "rubric.md", rubric.encode("utf-8"))
        for student, stem in later:
            _write_feedback(writer, feedback, student, stem)


def _holds_teachers_work(rows: list[dict[str, str]]) -> bool:
    """Whether a hand-scored CSV carries anything the teacher typed (a level or a comment), which a crash must
    never cost. A file without (a first grading run) is remade by the next run, and flushing a class's written
    answers to disk is a wait on a busy disk that keeps nothing safe."""
    return any(row.get("level", "").strip() or row.get("comment", "").strip() for row in rows)


def _write_feedback(writer: Writer, feedback: str, student: Student, stem: str) -> None:
    """One student's two feedback files into the folder ``feedback`` (its path as text: two thousand files)."""
    writer.write(os.path.join(feedback, f"{stem}.md"), student_feedback(student, True).encode("utf-8"))
    writer.write(os.path.join(feedback, f"{stem}.txt"), student_feedback(student, False).encode("utf-8"))


def _write_class(writer: Writer, students: list[Student], hand: dict[tuple[str, str], HandScores],
                 errors: list[dict[str, str]], roster: Roster | None, roster_report: list[dict[str, str]],
                 report: GradeReport, settings: GradingSettings, cases_dir: Path | None = None) -> None:
    """Each student's gradebook row, then the class's CSVs: the gradebook, flags, superseded, errors, LMS."""
    out = report.out
    assert out is not None
    gradebook, errors_file = out / "gradebook.csv", out / "errors.csv"
    problems_of: dict[str, list[str]] = {}
    for (sid, _), scored in hand.items():
        problems_of.setdefault(sid, []).extend(scored.problems)
    part_ids = parts()
    flags_rows: list[dict[str, str]] = []
    superseded_rows: list[dict[str, str]] = []
    lms_rows: list[LmsRow] = []
    cases = CaseCache(cases_dir)
    not_offered: dict[str, frozenset[str]] = {}
    for case_id in sorted({r.case_id for s in students for _, r in s.results.values()}):
        case = cases.get(case_id)
        not_offered[case_id] = parts_not_offered(case) if isinstance(case, Case) else frozenset()
        if not_offered[case_id]:
            report.left_out[case_id] = sorted(not_offered[case_id])
    for student in students:
        row = gradebook_row(student, hand, settings, not_offered)
        report.rows.append(row)
        flags_rows += [{"student_id": student.student_id, "name": student.name, "flag": f} for f in
                       dict.fromkeys(student.flags)]
        superseded_rows += [{"student_id": student.student_id, "file": f, "activity": a, "saved_at": s}
                            for f, a, s in student.superseded]
        problems = problems_of.get(student.student_id, [])
        if problems:
            row["notes"] = "; ".join(filter(None, [str(row["notes"]), *problems]))
        if student.has_id:
            entry = student.entry
            total = row["total"]
            lms_rows.append(LmsRow(
                student.student_id, student.name, entry.email if entry else "", entry.sis_login if entry else "",
                {p: (v if isinstance(v := row.get(f"{p}_score"), int | float) else None) for p in part_ids},
                float(total) if isinstance(total, int | float) else None,
                max((r.record["saved_at"] for _, r in student.results.values()), default=""),
            ))
    report.flags = len(flags_rows)
    writer.write(gradebook, csv_bytes(report.rows, gradebook_columns()))
    writer.write(out / "flags.csv", csv_bytes(flags_rows, ["student_id", "name", "flag"]))
    writer.write(out / "superseded.csv", csv_bytes(superseded_rows, ["student_id", "file", "activity", "saved_at"]))
    writer.write(errors_file, csv_bytes(errors, ["file", "reason"]))
    if roster is not None:
        writer.write(out / "roster-report.csv",
                     csv_bytes(roster_report, ["student_id", "name", "file", "status", "note"]))
    lms = out / "lms"
    columns = [f"{p}" for p in parts()]
    writer.write(lms / "canvas.csv", canvas_csv(lms_rows, settings.assignment, columns).encode("utf-8"))
    writer.write(lms / "moodle.csv", moodle_csv(lms_rows, settings.assignment, columns).encode("utf-8"))
    writer.write(lms / "nbgrader.csv", nbgrader_csv(lms_rows, settings.assignment).encode("utf-8"))
