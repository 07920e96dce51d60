"""Grade a folder of saved notebooks without running any of them.

Why: executing student code to grade it is slow (nbgrader's autograde runs every notebook) and unsafe.
The kit's answers are data inside each ``.ipynb`` (see ``record``), so grading is reading JSON and
scoring it: a class of hundreds grades in about a second, and a hostile notebook can do nothing but
fail to parse. One bad file becomes a row in ``errors.csv``; it never stops the others. Which activities
are graded, and their columns, come from the activity registry.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..activities.base import ActivityGrade, Cell
from ..activities.registry import ACTIVITIES, gradebook_columns, graded
from ..case.key import claims_key
from ..case.model import Case, load_case
from ..record.atomic import write_atomic
from ..record.choose import from_widget_state, newest
from ..record.notebook import find_in_notebook, first_invalid_record
from ..record.schema import AnswerError
from ..record.store import read_autosave
from ..record.types import AnswerRecord
from ..scoring.markdown import escape_md
from .gradebook import csv_bytes
from .read import SubmissionError, read_notebook

__all__ = ["ActivityGrade", "Found", "GradeReport", "SubmissionError", "grade_file", "grade_folder"]

BASE_COLUMNS = ("student", "file", "activities", "answers_from", "saved_at", "notes")


@dataclass(frozen=True)
class Found:
    """An activity's record as the grader found it, and where: inside the notebook or in the autosave beside it."""

    record: AnswerRecord
    source: Literal["notebook", "widget-state", "autosave"]


@dataclass
class GradedFile:
    """One submission's gradebook row, its feedback, and its answers for manual scoring, by reasons file."""

    row: dict[str, Cell]
    feedback: str
    manual: dict[str, list[dict[str, Cell]]] = field(default_factory=dict)


@dataclass
class GradeReport:
    """What ``grade_folder`` wrote."""

    graded: int = 0
    errors: int = 0
    gradebook: Path | None = None
    errors_file: Path | None = None
    feedback_dir: Path | None = None
    reasons_file: Path | None = None
    rows: list[dict[str, Cell]] = field(default_factory=list)


def _records(path: Path, notebook: dict[str, Any], case: Case) -> tuple[dict[str, Found], list[str]]:
    """Each graded activity's record: the newest of the notebook's copy, its saved widget state and the autosave
    beside it (``record.choose.newest``). Also notes for the grader, saying when a copy other than the notebook's
    was used."""
    found: dict[str, Found] = {}
    notes: list[str] = []
    for entry in graded():
        activity = entry.id
        embedded = find_in_notebook(notebook, activity, case.id)
        autosave_file = path.with_name(f"{path.stem}.{activity}.answers.json")
        try:
            autosave = read_autosave(autosave_file) if autosave_file.is_file() else None
        except AnswerError as exc:
            autosave = None
            notes.append(f"{autosave_file.name} is damaged ({exc})")
        if autosave is not None and (autosave["activity"] != activity or autosave["case"] != case.id):
            autosave = None
        state = from_widget_state(notebook, activity, case.id)
        chosen = newest({"notebook": embedded, "widget-state": state, "autosave": autosave})
        if chosen is not None:
            found[activity] = Found(chosen.record, chosen.source)
            notes.extend(chosen.notes)
    return found, notes


def grade_one(path: Path, case: Case, relative: str | None = None) -> GradedFile:
    """Grade one saved notebook: its gradebook row, feedback (Markdown, student text escaped) and manual rows."""
    notebook = read_notebook(path)
    records, notes = _records(path, notebook, case)
    if not records:
        problem = first_invalid_record(notebook)
        if problem:
            raise SubmissionError(f"the notebook holds an answer record that was altered or damaged: {problem}")
        raise SubmissionError(
            f"no answers for case {case.id!r} in this notebook or beside it: was it saved after answering, "
            "and is it one of the kit's notebooks?"
        )
    name = next((f.record["student"]["name"] for f in records.values() if f.record["student"].get("name")), "")
    student = name or "(no name entered)"
    row: dict[str, Cell] = {
        "student": student,
        "file": relative or path.name,
        "activities": ";".join(sorted(records)),
        "answers_from": ";".join(sorted({f.source for f in records.values()})),
        "saved_at": max(f.record["saved_at"] for f in records.values()),
        "notes": "; ".join(notes),
    }
    result = GradedFile(row, "")
    sections = [f"# Feedback for {escape_md(student)}", "", f"File: `{escape_md(str(row['file']))}`", ""]
    for entry in graded():
        assert entry.grade is not None
        if entry.id in records:
            grade = entry.grade(case, records[entry.id].record)
            row.update(grade.columns)
            if entry.manual is not None:
                result.manual.setdefault(entry.manual.file, []).extend(
                    {"student": student, "file": row["file"], **m} for m in grade.manual
                )
            sections += [grade.feedback, ""]
        else:
            row.update(dict.fromkeys(entry.columns, ""))
    if notes:
        sections += ["## Notes for the instructor", "", *[f"- {escape_md(n)}" for n in notes], ""]
    result.feedback = "\n".join(sections)
    return result


def grade_file(path: Path, case: Case, relative: str | None = None) -> tuple[dict[str, Cell], str]:
    """Grade one saved notebook: its gradebook row and its feedback (Markdown, student text escaped)."""
    result = grade_one(path, case, relative)
    return result.row, result.feedback


def _submissions(folder: Path) -> Iterator[Path]:
    if folder.is_file():
        yield folder
        return
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" not in path.parts and not any(
            p.startswith(".") for p in path.relative_to(folder).parts
        ):
            yield path


_WORKER_CASE: Case | None = None


def _init_worker(case_path: str) -> None:
    global _WORKER_CASE
    _WORKER_CASE = load_case(case_path)


def _grade_job(job: tuple[str, str]) -> tuple[str, GradedFile | None, str]:
    path, relative = job
    assert _WORKER_CASE is not None
    try:
        return relative, grade_one(Path(path), _WORKER_CASE, relative), ""
    except SubmissionError as exc:
        return relative, None, str(exc)
    except Exception as exc:
        return relative, None, f"could not be graded ({type(exc).__name__}: {exc})"


def grade_folder(submissions: Path, out: Path, case: Case | None = None, workers: int | None = None) -> GradeReport:
    """Grade every ``.ipynb`` under ``submissions`` against ``case`` (default: the kit's current case); write
    gradebook.csv, errors.csv, feedback/, and each hand-scored activity's reasons file with its rubric in ``out``."""
    case = case if case is not None else load_case()
    if claims_key(case) is None:
        raise SubmissionError(
            f"the case {case.id!r} has no answer key (key/claims.csv): grade with the instructor copy"
        )
    submissions = Path(submissions)
    jobs = [
        (str(p), str(p.relative_to(submissions)) if submissions.is_dir() else p.name) for p in _submissions(submissions)
    ]
    workers = workers if workers is not None else (min(os.cpu_count() or 1, 4) if len(jobs) >= 64 else 1)
    if workers > 1:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(str(case.path),)) as pool:
            results = list(pool.map(_grade_job, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    else:
        _init_worker(str(case.path))
        results = [_grade_job(job) for job in jobs]

    out = Path(out)
    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    gradebook, errors_file = out / "gradebook.csv", out / "errors.csv"
    report = GradeReport(gradebook=gradebook, errors_file=errors_file, feedback_dir=feedback_dir)
    errors = []
    done: list[GradedFile] = []
    for relative, result, problem in results:
        if result is None:
            errors.append({"file": relative, "reason": problem})
            continue
        done.append(result)
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in relative.removesuffix(".ipynb"))
        write_atomic(feedback_dir / f"{safe}.md", result.feedback.encode("utf-8"))
    done.sort(key=lambda r: (str(r.row["student"]).lower(), str(r.row["file"])))
    report.rows = [r.row for r in done]
    write_atomic(gradebook, csv_bytes(report.rows, [*BASE_COLUMNS, *gradebook_columns()]))
    for entry in ACTIVITIES:
        if entry.manual is None:
            continue
        manual = [m for r in done for m in r.manual.get(entry.manual.file, [])]
        reasons = out / entry.manual.file
        write_atomic(reasons, csv_bytes(manual, list(entry.manual.columns)))
        write_atomic(out / entry.manual.rubric_file, entry.manual.rubric.encode("utf-8"))
        report.reasons_file = report.reasons_file or reasons
    write_atomic(errors_file, csv_bytes(errors, ["file", "reason"]))
    report.graded, report.errors = len(report.rows), len(errors)
    return report
