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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from ..activities.base import Cell, GradeOptions
from ..activities.registry import ACTIVITIES
from ..case.key import keys_read_once
from ..case.switches import Switches
from ..record.types import AnswerRecord
from .by_student import Unit, plan_units, student_feedback, write_feedback
from .classbook import Student, gradebook_columns, group_students, parts
from .grade import (
    CaseCache,
    FileResult,
    Read,
    SubmissionRecords,
    forget_listings,
    grade_records,
    remember_listings,
    submission_records,
)
from .gradebook import csv_bytes, csv_header
from .hand import HAND_COLUMNS, gone_rows, hand_csv_lines
from .heap import fewer_collections
from .identity import file_stem
from .lms import canvas_csv, moodle_csv, nbgrader_csv
from .output import Writer, write_file
from .parallel import FORK, beside, map_chunks_forked
from .read import Found, Skipped, SubmissionError, find_submissions, read_graded_sized
from .roster import Roster
from .settings import GradingSettings
from .shares import (
    FLAG_COLUMNS,
    HAND_PARTS,
    SUPERSEDED_COLUMNS,
    Share,
    TeacherHand,
    make_share,
    not_offered_by,
    read_teacher_hand,
    with_duplicate_flags,
)

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
# What a student's share of the class's files needs (``shares``), when they are made while grading
_CLASS: tuple[GradingSettings, TeacherHand, Callable[[str], frozenset[str]]] | None = None


def _init(options: GradeOptions, cases_dir: str | None, feedback: str = "",
          class_: tuple[GradingSettings, TeacherHand] | None = None) -> None:
    """What every job needs: set in this process before it forks (its copies inherit it, with every case and
    key it loaded), or in each worker of a process pool where there is no fork."""
    global _WORKER, _FEEDBACK, _FAILED, _CLASS
    cases = CaseCache(Path(cases_dir) if cases_dir else None)
    _WORKER = (options, cases)
    _FEEDBACK, _FAILED = feedback, False
    _CLASS = (*class_, not_offered_by(cases.get)) if class_ is not None else None


# Each file's result (``None`` for a file whose student's share came back), whether the student's feedback was
# written, the failure that stopped it, and the student's share of the class's files.
UnitResult = tuple[list[FileResult | tuple[str, str] | None], bool, BaseException | None, Share | None]


def _units_job(units: Sequence[Unit]) -> list[UnitResult]:
    """Grade units of files, with the work done a step at a time across all of them: every file read
    (``read_graded``), its records found (``submission_records``), every file graded (the files of one activity
    one after the other), each student's feedback written, each student's share made. For a student's unit the
    feedback is written here and now (``by_student``) and only their share of the class's files (``shares``) is
    sent back, not the files' results; without shares (a teacher's file that could not be read), the results
    are sent back without the feedback text (nothing else reads it).

    Why: reading a notebook with a chart runs a megabyte through the processor's caches (the file, the
    parser's copy and its strings), which pushes out what grading keeps using (the case, the key, what is
    remembered per key, the code); each step done for a chunk of students at a time, and each activity's
    files graded together, keeps what a step uses there. Measured on a class of 1,000 on one core: grading
    took about a fifth less time than a student at a time, for the same files and results. (The order files
    are graded in changes no result: grading one depends on nothing graded before.) What is read ahead is
    kept in check: once the files read come to ``_READ_AHEAD`` bytes (notebooks holding large saved widget
    state, say), those units go through every step before more are read."""
    done: list[UnitResult] = []
    batch: list[Unit] = []
    read: dict[str, Read] = {}
    size = 0
    for unit in units:
        for path, _ in unit.jobs:
            try:
                read[path], bytes_read = read_graded_sized(path)
                size += bytes_read
            except Exception as exc:  # raised where the file is graded, as reading it there would
                read[path] = exc
        batch.append(unit)
        if size >= _READ_AHEAD:
            done += _read_units_job(batch, read)
            batch, read, size = [], {}, 0
    return done + _read_units_job(batch, read) if batch else done


_READ_AHEAD = 32 * 1024 * 1024  # bytes of files read before their units are graded, at most (past a unit's end)


def _read_units_job(units: list[Unit], read: dict[str, Read]) -> list[UnitResult]:
    """``_units_job`` of units whose files are read (``read``: each file's ``read_graded``, or what it raised)."""
    assert _WORKER is not None
    options, cases = _WORKER
    jobs = [job for unit in units for job in unit.jobs]
    found: list[SubmissionRecords | Exception] = []
    for path, _ in jobs:
        notebook = read.pop(path)
        found.append(notebook if isinstance(notebook, Exception)
                     else _attempt(submission_records, path, cases, notebook))
    results: list[FileResult | tuple[str, str] | None] = [None] * len(jobs)
    for n in sorted(range(len(jobs)), key=lambda n: _activity_first(found[n])):
        results[n] = _graded(jobs[n][1], found[n], options)
    graded, start = [], 0
    for unit in units:
        graded.append(results[start:start + len(unit.jobs)])
        start += len(unit.jobs)
    written = [_with_feedback(unit, done) for unit, done in zip(units, graded, strict=True)]
    return [_with_share(done, results) if isinstance(done, Student) else done
            for done, results in zip(written, graded, strict=True)]


T = TypeVar("T")


def _attempt(function: Callable[..., T], *args: Any) -> T | Exception:
    """``function(*args)``, or what it raised: a file that fails a step becomes an error row where it is graded
    (``_graded``), as it did when each file was taken from start to end alone."""
    try:
        return function(*args)
    except Exception as exc:
        return exc


_ORDER = {entry.id: number for number, entry in enumerate(ACTIVITIES)}


def _activity_first(found: SubmissionRecords | Exception) -> int:
    """Where a file comes when a chunk's files are graded: by the first activity it holds, in the notebooks'
    order (files that failed first, then those with nothing to grade last)."""
    if isinstance(found, Exception):
        return -1
    return min((_ORDER[activity] for activity in found.found), default=len(_ORDER))


def _graded(relative: str, found: SubmissionRecords | Exception, options: GradeOptions) -> FileResult | tuple[str, str]:
    """A file's result, or its error row (an earlier step's failure raised here, as it was where it happened)."""
    try:
        if isinstance(found, Exception):
            raise found
        return grade_records(found, relative, options)
    except SubmissionError as exc:
        return relative, str(exc)
    except Exception as exc:  # one broken file never stops the class: it becomes an error row
        return relative, f"could not be graded ({type(exc).__name__}: {exc})"


def _with_feedback(unit: Unit, results: list[FileResult | tuple[str, str] | None]) -> UnitResult | Student:
    """A unit's files graded: its result, or, once the student's feedback is written and their share is to be
    made, the student (``_with_share``)."""
    global _FAILED
    graded = [r for r in results if isinstance(r, FileResult)]
    if not unit.stem or _FAILED or not graded or any(f.identity.student_id != unit.student_id for f in graded):
        return _for_class(results), False, None, None
    students, _ = group_students(graded, None)
    try:
        write_feedback(_FEEDBACK, students[0], unit.stem)
    except Exception as exc:  # raised at the end of the run, after the class's files (see ``_grade_folder``)
        _FAILED = True
        return _for_class(results), False, exc, None
    if _CLASS is not None:
        return students[0]
    for file in graded:
        for result in file.results.values():
            if result.grade is not None:
                result.grade.feedback = result.grade.feedback_text = ""
    return _for_class(results), True, None, None


def _with_share(student: Student, results: list[FileResult | tuple[str, str] | None]) -> UnitResult:
    """A student's unit, their feedback written: their share instead of their files' results."""
    assert _CLASS is not None
    settings, teacher, not_offered = _CLASS
    share = make_share(student, teacher, settings, not_offered)
    return [None if isinstance(r, FileResult) else r for r in results], True, None, share


_TEXT = frozenset(a.id for a in ACTIVITIES if a.kind == "text")


def _for_class(results: list[FileResult | tuple[str, str] | None]) -> list[FileResult | tuple[str, str] | None]:
    """``results`` sent back with only what the class's files read: a graded record's answers are in its grade,
    so its items and removals are left out (written answers keep theirs: ``hand_rows`` lists them). Half of
    what a grading process sends back is a record's items, and nothing reads them after grading. (A student's
    unit that sends back their share instead sends back no file's result: nothing to leave out.)"""
    for file in results:
        if isinstance(file, FileResult):
            for result in file.results.values():
                if result.activity not in _TEXT:
                    kept = {k: v for k, v in result.record.items() if k not in ("items", "removed")}
                    result.record = cast(AnswerRecord, kept)
    return results


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
    hand_dir = out / "hand"
    # The teacher's hand-scored files, read before grading: each student's rows are merged where they are graded.
    teacher = read_teacher_hand(hand_dir)
    class_ = (settings, teacher) if teacher.separable else None
    if workers > 1 and not FORK:  # processes start empty here: each loads what it needs (``_init``)
        from concurrent.futures import ProcessPoolExecutor  # imported here: 35 ms, and only where there is no fork

        with ProcessPoolExecutor(workers, initializer=_init, initargs=(options, cases, feedback, class_)) as pool:
            size = max(1, min(_UNITS_PER_CHUNK, len(units) // (workers * 8)))
            done = [result for chunk in pool.map(_units_job, [units[n:n + size] for n in range(0, len(units), size)])
                    for result in chunk]
    else:
        _init(options, cases, feedback, class_)
        done = map_chunks_forked(_units_job, units, workers, warm=1, most=_UNITS_PER_CHUNK)
    results, early, shares, failure = _in_order(len(jobs), units, done)
    graded = [r for r in results if isinstance(r, FileResult)]
    errors += [{"file": r[0], "reason": r[1]} for r in results if isinstance(r, tuple)]

    # Everyone whose share did not come back is grouped and given theirs here, in the class's order.
    rest, roster_report = group_students(graded, roster)
    not_offered = not_offered_by(CaseCache(cases_dir).get)
    taken: dict[str, set[str]] = {}
    everyone = sorted([*shares, *(make_share(s, teacher, settings, not_offered, taken) for s in rest)],
                      key=lambda share: share.order)
    with_duplicate_flags(everyone)
    report = GradeReport(files=len(results) + len(errors) - sum(1 for r in results if isinstance(r, tuple)),
                         graded=len(graded) + results.count(None), students=len(everyone), errors=len(errors),
                         out=out, gradebook=out / "gradebook.csv", errors_file=out / "errors.csv",
                         feedback_dir=out / "feedback", to_read=sum(s.to_read for s in everyone))
    report.rows = [s.row for s in everyone]
    for case_id in sorted({c for s in everyone for c in s.case_ids}):
        if left_out := not_offered(case_id):
            report.left_out[case_id] = sorted(left_out)
    hand_files = _hand_files(teacher, everyone)
    if teacher.failure is not None:  # the files before the one that could not be read are written, as ever
        for path, data, write, _ in hand_files:
            if write:
                write_file(path, data, durable=True)
        raise teacher.failure[1]
    # Feedback written while grading keeps its stem; the others are given theirs in the class's order, never one
    # of those (``identity.settled_stems``).
    used = {stem.casefold() for stem in early.values()}
    later = [(s, file_stem(s.student_id, used)) for s in rest if s.student_id not in early]
    # The files are written in this order: each student's feedback whose files' place names them (while grading),
    # the hand-scored CSVs and the rubric, the rest of the feedback, then the gradebook, flags and LMS files. When
    # much feedback is left, a copy of this process writes the first of these (creating a thousand files is mostly
    # kernel work) while this one writes the rest (``parallel.beside``: the copy's failure, which would have come
    # first, is the one raised). A failure while grading comes before both: after it no more feedback is written,
    # and it is raised once the rest is.
    try:
        with beside(lambda: _write_first(hand_dir, hand_files, [] if failure else later, feedback),
                    fork=workers > 1 and len(later) >= _FORK_FOR), Writer() as writer:
            _write_class(writer, everyone, errors, roster, roster_report, report, settings)
    except Exception:  # an interruption is let through as it is
        if failure is not None:
            raise failure from None
        raise
    if failure is not None:
        raise failure
    return report


_UNITS_PER_CHUNK = 20  # a student's files (three, in a class handing in 02, 03 and 04) per unit: ~60 files a chunk
_FORK_FOR = 100  # students whose feedback is left for the end from which a copy of this process writes it


def _in_order(count: int, units: list[Unit], done: list[UnitResult]) -> tuple[
        list[FileResult | tuple[str, str] | None], dict[str, str], list[Share], BaseException | None]:
    """Each file's result in the listing's order, the stem of each student whose feedback is written, the
    shares that came back, and the first failure to write feedback (in the listing's order)."""
    results: list[FileResult | tuple[str, str] | None] = [None] * count
    early: dict[str, str] = {}
    shares: list[Share] = []
    failure: BaseException | None = None
    for unit, (graded, written, failed, share) in zip(units, done, strict=True):
        for number, result in zip(unit.numbers, graded, strict=True):
            results[number] = result
        if written:
            early[unit.student_id] = unit.stem
        if share is not None:
            shares.append(share)
        failure = failure or failed
    return results, early, shares, failure


def _hand_files(teacher: TeacherHand, everyone: list[Share]) -> list[tuple[Path, bytes, bool, bool]]:
    """Each hand-scored CSV up to the teacher's file that could not be read, if one could not: its path, its
    bytes (the class's written answers in its order with the teacher's levels and comments, then the teacher's
    scored rows no answer took, marked as gone), whether to write it (there is something, or a file to keep up
    to date) and whether it holds the teacher's work (then it is replaced atomically and flushed to disk)."""
    files: list[tuple[Path, bytes, bool, bool]] = []
    for part in HAND_PARTS[:teacher.failure[0] if teacher.failure is not None else None]:
        path = teacher.folder / f"{part}.csv"
        mine = [s.hand[part] for s in everyone if part in s.hand]
        gone = gone_rows(teacher.previous.get(part, {}), {row_id for h in mine for row_id in h.taken})
        lines = b"".join(h.lines for h in mine) + hand_csv_lines(gone).encode("utf-8")
        files.append((path, csv_header(HAND_COLUMNS).encode("utf-8") + lines, bool(lines) or path.exists(),
                      bool(gone) or any(h.teachers_work for h in mine)))
    return files


def _write_first(hand_dir: Path, hand_files: list[tuple[Path, bytes, bool, bool]],
                 later: list[tuple[Student, str]], feedback: str) -> None:
    """The files written first at the end: the hand-scored CSVs, the rubric, then these students' feedback."""
    with Writer() as writer:
        for path, data, write, durable in hand_files:
            if write:
                writer.write(path, data, durable=durable)
        rubric = next((a.manual.rubric for a in ACTIVITIES if a.manual is not None), "")
        if rubric:
            writer.write(hand_dir / "rubric.md", rubric.encode("utf-8"))
        for student, stem in later:
            _write_feedback(writer, feedback, student, stem)


def _write_feedback(writer: Writer, feedback: str, student: Student, stem: str) -> None:
    """One student's two feedback files into the folder ``feedback`` (its path as text: two thousand files)."""
    writer.write(os.path.join(feedback, f"{stem}.md"), student_feedback(student, True).encode("utf-8"))
    writer.write(os.path.join(feedback, f"{stem}.txt"), student_feedback(student, False).encode("utf-8"))


def _write_class(writer: Writer, everyone: list[Share], errors: list[dict[str, str]], roster: Roster | None,
                 roster_report: list[dict[str, str]], report: GradeReport, settings: GradingSettings) -> None:
    """The class's CSVs, each student's lines in the class's order: the gradebook, flags, superseded, errors,
    the roster report, and the LMS files."""
    out = report.out
    assert out is not None
    report.flags = sum(len(dict.fromkeys(s.flags)) for s in everyone)
    writer.write(out / "gradebook.csv", _joined(gradebook_columns(), (s.gradebook for s in everyone)))
    writer.write(out / "flags.csv", _joined(FLAG_COLUMNS, (s.flag_lines for s in everyone)))
    writer.write(out / "superseded.csv", _joined(SUPERSEDED_COLUMNS, (s.superseded for s in everyone)))
    writer.write(out / "errors.csv", csv_bytes(errors, ["file", "reason"]))
    if roster is not None:
        writer.write(out / "roster-report.csv",
                     csv_bytes(roster_report, ["student_id", "name", "file", "status", "note"]))
    lms = out / "lms"
    columns = list(parts())
    # each file's header is the file with no rows
    for number, (name, header) in enumerate((("canvas.csv", canvas_csv([], settings.assignment, columns)),
                                             ("moodle.csv", moodle_csv([], settings.assignment, columns)),
                                             ("nbgrader.csv", nbgrader_csv([], settings.assignment)))):
        writer.write(lms / name, header.encode("utf-8") + b"".join(s.lms[number] for s in everyone))


def _joined(columns: Sequence[str], lines: Iterable[bytes]) -> bytes:
    return csv_header(columns).encode("utf-8") + b"".join(lines)
