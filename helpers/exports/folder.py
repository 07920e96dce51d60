"""``python -m helpers export``: a class's work as JSON-LD, one folder per student, for the teacher.

Why a teacher's command and not a notebook cell: the files are for showing a class what its fact-checks
look like as published data (or for loading into an annotation tool), not a step of any activity, and
files written beside the notebooks only cluttered the students' folder. The folder is read exactly as
``python -m helpers grade`` reads it (``grading.read``, ``grading.grade.submission_records``): nothing is
executed, odd files become error rows, and each student's newest answers are used.

What it writes in ``out``: ``<student>/verdicts.claimreview.jsonld`` (notebook 03),
``<student>/claim-tags.annotations.jsonld`` (notebook 02), ``<student>/device-tags.annotations.jsonld``
(notebook 04), each only when the student has such answers; ``index.csv`` (who, which file, how many
items) and ``errors.csv`` (files that could not be read, and why).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import orjson

from ..case.model import Case
from ..grading.grade import CaseCache, forget_listings, submission_records
from ..grading.identity import file_stem, identify
from ..grading.read import Found, SubmissionError, find_submissions
from ..record.atomic import write_atomic
from ..record.types import AnswerRecord
from .jsonld import claim_review_jsonld, validate_export, web_annotation_jsonld

__all__ = ["FILES", "ExportReport", "export_folder"]

# activity -> (file name, schema kind)
FILES = {
    "checks": ("verdicts.claimreview.jsonld", "claimreview"),
    "claims": ("claim-tags.annotations.jsonld", "annotation"),
    "devices": ("device-tags.annotations.jsonld", "annotation"),
}


@dataclass
class ExportReport:
    """What ``export_folder`` read and wrote."""

    files: int = 0
    students: int = 0
    written: list[Path] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    index: Path | None = None
    errors_file: Path | None = None


@dataclass
class _Student:
    name: str = ""
    records: dict[str, tuple[AnswerRecord, Case, str]] = field(default_factory=dict)


def _build(activity: str, record: AnswerRecord, case: Case) -> list[dict[str, Any]]:
    data = dict(record)
    if activity == "checks":
        return claim_review_jsonld(data, case)
    return web_annotation_jsonld(data, case, activity=activity)


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def export_folder(submissions: Path, out: Path, *, cases_dir: Path | None = None) -> ExportReport:
    """Write every student's verdicts and tags under ``submissions`` as JSON-LD files in ``out``."""
    forget_listings()
    report = ExportReport()
    cases = CaseCache(cases_dir)
    students: dict[str, _Student] = {}
    for found in find_submissions(Path(submissions)):
        if not isinstance(found, Found):
            report.errors.append({"file": found.relative, "reason": found.reason})
            continue
        report.files += 1
        try:
            read = submission_records(found.path, cases)
        except SubmissionError as exc:
            report.errors.append({"file": found.relative, "reason": str(exc)})
            continue
        name = next((str(r["student"].get("name", "")) for r, _, _ in read.found.values()
                     if r["student"].get("name")), "")
        student = students.setdefault(identify(PurePath(found.relative), name).student_id, _Student())
        student.name = student.name or name
        for activity, (record, _, case) in read.found.items():
            if activity not in FILES:
                continue
            old = student.records.get(activity)
            if old is None or (record["saved_at"], record["revision"]) > (old[0]["saved_at"], old[0]["revision"]):
                student.records[activity] = (record, case, found.relative)
    out = Path(out)
    rows: list[dict[str, Any]] = []
    used: set[str] = set()
    for student_id, student in sorted(students.items()):
        folder = out / file_stem(student_id, used)
        for activity, (record, case, relative) in sorted(student.records.items()):
            name, kind = FILES[activity]
            try:
                data = validate_export(_build(activity, record, case), kind)
            except Exception as exc:  # one odd record never stops the class: it becomes an error row
                report.errors.append({"file": relative, "reason": f"{activity}: could not be exported "
                                                                  f"({type(exc).__name__}: {exc})"})
                continue
            path = folder / name
            write_atomic(path, orjson.dumps(data, option=orjson.OPT_INDENT_2))
            report.written.append(path)
            rows.append({"student_id": student_id, "name": student.name, "file": f"{folder.name}/{name}",
                         "items": len(data), "from": relative})
    report.students = len(students)
    report.index, report.errors_file = out / "index.csv", out / "errors.csv"
    write_atomic(report.index, _csv(rows, ["student_id", "name", "file", "items", "from"]))
    write_atomic(report.errors_file, _csv(report.errors, ["file", "reason"]))
    return report
