"""Grade a folder of saved notebooks without running any of them.

Why: executing student code to grade it is slow (nbgrader's autograde runs every notebook) and unsafe.
The kit's answers are data inside each ``.ipynb`` (see ``answers.py``), so grading is reading JSON and
scoring it: a class of hundreds grades in about a second, and a hostile notebook can do nothing but
fail to parse. One bad file becomes a row in ``errors.csv``; it never stops the others.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .answers import MIME_TYPE, AnswerError, find_in_notebook, read_autosave, validate
from .case import Case, load_case
from .feedback import claims_feedback, escape_md
from .key import claims_key
from .scoring import claim_near_miss, guesses_from_items, score_spans

__all__ = ["ActivityGrade", "GradeReport", "SubmissionError", "grade_file", "grade_folder"]

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024


class SubmissionError(ValueError):
    """A file that cannot be graded; the message says why in words an instructor can act on."""


@dataclass
class ActivityGrade:
    """One activity's gradebook columns, its feedback section, and any answers left for manual scoring."""

    columns: dict[str, Any]
    feedback: str
    # Rows for an instructor to score by hand (written reasons); grade_folder adds student and file.
    manual: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class GradeReport:
    """What ``grade_folder`` wrote."""

    graded: int = 0
    errors: int = 0
    gradebook: Path | None = None
    errors_file: Path | None = None
    feedback_dir: Path | None = None
    reasons_file: Path | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)


def _grade_claims(case: Case, document: dict[str, Any]) -> ActivityGrade:
    key = claims_key(case) or ()
    scored = score_spans(guesses_from_items(document["items"]), key, claim_near_miss)
    columns = {
        "claims_tags": scored.guesses,
        "claims_precision": round(scored.precision, 3),
        "claims_recall": round(scored.recall, 3),
        "claims_f1": round(scored.f1, 3),
        "claims_score": scored.score,
    }
    return ActivityGrade(columns, claims_feedback(case, scored))


def _grade_devices(case: Case, document: dict[str, Any]) -> ActivityGrade:
    from .device_tagging import grade_devices  # imported here: device_tagging.py imports this module

    return grade_devices(case, document)


def _grade_checks(case: Case, document: dict[str, Any]) -> ActivityGrade:
    from .checks_grading import grade_checks  # imported here: checks_grading.py imports this module

    return grade_checks(case, document)


CHECKS_COLUMNS = ("checks_checked", "checks_verdict_score", "checks_evidence_score", "checks_hits",
                  "checks_false_alarms", "checks_discernment", "checks_brier", "checks_reasons")
# Activity id -> (gradebook columns in order, grader). Later activities add themselves here.
GRADERS: dict[str, tuple[tuple[str, ...], Callable[[Case, dict[str, Any]], ActivityGrade]]] = {
    "claims": (("claims_tags", "claims_precision", "claims_recall", "claims_f1", "claims_score"), _grade_claims),
    "devices": (("devices_tags", "devices_precision", "devices_recall", "devices_f1", "devices_score"), _grade_devices),
    "checks": (CHECKS_COLUMNS, _grade_checks),
}
BASE_COLUMNS = ("student", "file", "activities", "answers_from", "saved_at", "notes")


def read_notebook(path: Path) -> dict[str, Any]:
    """Parse a notebook file as data (never executed), or raise ``SubmissionError`` saying why not."""
    try:
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            raise SubmissionError(
                f"file is {size // 1_048_576} MB, larger than the {MAX_NOTEBOOK_BYTES // 1_048_576} MB limit"
            )
        data = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise SubmissionError(f"cannot read the file ({exc.strerror or exc})") from exc
    except orjson.JSONDecodeError as exc:
        raise SubmissionError(f"not a readable notebook: the file is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise SubmissionError("not a Jupyter notebook: it has no list of cells")
    return data


def _documents(path: Path, notebook: dict[str, Any], case: Case) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Each activity's record: the notebook's copy, else the autosave beside it. Also notes for the grader."""
    found: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    for activity in GRADERS:
        embedded = find_in_notebook(notebook, activity, case.id)
        autosave_file = path.with_name(f"{path.stem}.{activity}.answers.json")
        try:
            autosave = read_autosave(autosave_file) if autosave_file.is_file() else None
        except AnswerError as exc:
            autosave = None
            notes.append(f"{autosave_file.name} is damaged ({exc})")
        if autosave is not None and (autosave.get("activity") != activity or autosave.get("case") != case.id):
            autosave = None
        if embedded is not None:
            found[activity] = {**embedded, "_from": "notebook"}
            if autosave is not None and autosave["revision"] > embedded["revision"]:
                notes.append(
                    f"{activity}: the autosave beside it is newer (change {autosave['revision']} vs "
                    f"{embedded['revision']}): the student may not have saved the notebook"
                )
        elif autosave is not None:
            found[activity] = {**autosave, "_from": "autosave"}
    return found, notes


def _first_invalid_record(notebook: dict[str, Any]) -> str | None:
    """Why the first kit record in the notebook fails the schema, if any record does."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if isinstance(cell, dict) else []:
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and MIME_TYPE in data:
                try:
                    validate(data[MIME_TYPE])
                except AnswerError as exc:
                    return str(exc)
    return None


def grade_file(path: Path, case: Case, relative: str | None = None) -> tuple[dict[str, Any], str]:
    """Grade one saved notebook: its gradebook row and its feedback (Markdown, student text escaped)."""
    notebook = read_notebook(path)
    documents, notes = _documents(path, notebook, case)
    if not documents:
        problem = _first_invalid_record(notebook)
        if problem:
            raise SubmissionError(f"the notebook holds an answer record that was altered or damaged: {problem}")
        raise SubmissionError(
            f"no answers for case {case.id!r} in this notebook or beside it: was it saved after answering, "
            "and is it one of the kit's notebooks?"
        )
    name = next((d["student"]["name"] for d in documents.values() if d["student"].get("name")), "")
    row: dict[str, Any] = {
        "student": name or "(no name entered)",
        "file": relative or path.name,
        "activities": ";".join(sorted(documents)),
        "answers_from": ";".join(sorted({d["_from"] for d in documents.values()})),
        "saved_at": max(d["saved_at"] for d in documents.values()),
        "notes": "; ".join(notes),
    }
    sections = [f"# Feedback for {escape_md(row['student'])}", "", f"File: `{escape_md(row['file'])}`", ""]
    for activity, (columns, grader) in GRADERS.items():
        if activity in documents:
            graded = grader(case, documents[activity])
            row.update(graded.columns)
            row.setdefault("_manual", []).extend(
                {"student": row["student"], "file": row["file"], **m} for m in graded.manual
            )
            sections += [graded.feedback, ""]
        else:
            row.update(dict.fromkeys(columns, ""))
    if notes:
        sections += ["## Notes for the instructor", "", *[f"- {escape_md(n)}" for n in notes], ""]
    return row, "\n".join(sections)


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


def _grade_one(job: tuple[str, str]) -> tuple[str, dict[str, Any] | None, str]:
    path, relative = job
    assert _WORKER_CASE is not None
    try:
        row, feedback = grade_file(Path(path), _WORKER_CASE, relative)
        return relative, row, feedback
    except SubmissionError as exc:
        return relative, None, str(exc)
    except Exception as exc:
        return relative, None, f"could not be graded ({type(exc).__name__}: {exc})"


def _csv_bytes(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _spreadsheet_safe(v) for k, v in row.items()})
    return buffer.getvalue().encode("utf-8")


def _spreadsheet_safe(value: Any) -> Any:
    """Stop a student-supplied cell such as ``=HYPERLINK(...)`` running as a spreadsheet formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def grade_folder(
    submissions: Path, out: Path, case: Case | str = "sochi-2015", workers: int | None = None
) -> GradeReport:
    """Grade every ``.ipynb`` under ``submissions``; write gradebook.csv, errors.csv, feedback/, and
    reasons.csv with rubric.md (written reasons for an instructor to score by hand) in ``out``."""
    from .answers import write_atomic

    case = case if isinstance(case, Case) else load_case(case)
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
            results = list(pool.map(_grade_one, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    else:
        _init_worker(str(case.path))
        results = [_grade_one(job) for job in jobs]

    out = Path(out)
    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    report = GradeReport(gradebook=out / "gradebook.csv", errors_file=out / "errors.csv", feedback_dir=feedback_dir)
    errors = []
    for relative, row, text in results:
        if row is None:
            errors.append({"file": relative, "reason": text})
            continue
        report.rows.append(row)
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in relative.removesuffix(".ipynb"))
        write_atomic(feedback_dir / f"{safe}.md", text.encode("utf-8"))
    report.rows.sort(key=lambda r: (str(r["student"]).lower(), r["file"]))
    columns = list(BASE_COLUMNS) + [c for cols, _ in GRADERS.values() for c in cols]
    write_atomic(report.gradebook, _csv_bytes(report.rows, columns))
    from .checks_grading import REASON_COLUMNS, RUBRIC

    report.reasons_file = out / "reasons.csv"
    manual = [m for row in report.rows for m in row.get("_manual", [])]
    write_atomic(report.reasons_file, _csv_bytes(manual, list(REASON_COLUMNS)))
    write_atomic(out / "rubric.md", RUBRIC.encode("utf-8"))
    write_atomic(report.errors_file, _csv_bytes(errors, ["file", "reason"]))
    report.graded, report.errors = len(report.rows), len(errors)
    return report
