"""Build the class report's numbers from a class, one student at a time.

Why one pass: each student's records are counted into the tallies and then dropped, so building the
report for 1,000 students holds only counters, one progress row per student and the written answers
(which the page shows anyway). ``build_report`` is what the HTML page and the notebook views read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .inputs import (
    Case,
    CaseError,
    ClassWork,
    StudentWork,
    Switches,
    claim_types,
    claims_key,
    class_switches,
    devices,
    devices_key,
    load_case,
    load_class,
    load_switches,
    questions,
)
from .prepost import Item, PrePostTally, load_items
from .spans import SpanTally
from .verdicts import VerdictTally

__all__ = [
    "PROGRESS_ACTIVITIES", "ClassReport", "ProgressRow", "WrittenAnswer", "build_report", "class_switches",
    "progress_activities", "report_folder",
]

# Activities in the progress table, with the notebook each belongs to.
PROGRESS_ACTIVITIES = (
    ("welcome", "00"), ("first-read", "01"), ("claims", "02"), ("checks", "03"), ("devices", "04"),
    ("rewrite", "04"), ("wrap-up", "05"),
)
PREPOST_ACTIVITIES = (("pre-check", "00"), ("post-check", "05"))
WRITTEN = ("first-read", "rewrite", "wrap-up")


@dataclass
class ProgressRow:
    """One student's progress: per activity, 'handed in', 'not saved', 'empty' or 'not started'."""

    student_id: str
    name: str
    status: dict[str, str]
    answers: dict[str, int]
    problems: list[str]


@dataclass(frozen=True)
class WrittenAnswer:
    """One written answer, with who wrote it (shown only when the teacher asks for names)."""

    student_id: str
    name: str
    text: str


@dataclass
class ClassReport:
    """Everything the page and the notebook views show."""

    case: Case
    claims: SpanTally
    devices: SpanTally
    checks: VerdictTally
    prepost: PrePostTally | None
    progress: list[ProgressRow] = field(default_factory=list)
    written: dict[tuple[str, str], list[WrittenAnswer]] = field(default_factory=dict)
    names: bool = False
    seconds: float = 0.0
    # the class file followed (as ``grade`` does): the key items counted are those its students were shown
    compared_with: str = ""

    @property
    def students(self) -> int:
        return len(self.progress)


def _status(record: dict[str, Any] | None, source: str) -> str:
    if record is None:
        return "not started"
    if not record.get("items"):
        return "empty"
    return "handed in" if source == "notebook" else "not saved"


def _written(report: ClassReport, work: StudentWork) -> None:
    for activity in WRITTEN:
        record = work.records.get(activity)
        for item in record.get("items", []) if record else []:
            text = str(item.get("text", "")).strip()
            if text:
                report.written.setdefault((activity, str(item.get("id", ""))), []).append(
                    WrittenAnswer(work.student_id, work.name, text))


def progress_activities(report: ClassReport) -> tuple[tuple[str, str], ...]:
    """The activities the progress table shows: the pre/post check too when it is on."""
    return PROGRESS_ACTIVITIES + (PREPOST_ACTIVITIES if report.prepost is not None else ())


def add_student(report: ClassReport, work: StudentWork) -> None:
    """Count one student into the report."""
    records = work.records
    if "claims" in records:
        report.claims.add(records["claims"].get("items", []))
    if "devices" in records:
        report.devices.add(records["devices"].get("items", []))
    if "checks" in records:
        report.checks.add(records["checks"].get("items", []))
    if report.prepost is not None:
        report.prepost.add(records.get("pre-check"), records.get("post-check"))
    _written(report, work)
    report.progress.append(ProgressRow(
        work.student_id,
        work.name,
        {a: _status(records.get(a), work.sources.get(a, "notebook")) for a, _ in progress_activities(report)},
        {a: len(records[a].get("items", [])) for a, _ in progress_activities(report) if a in records},
        list(work.problems),
    ))


def build_report(work: ClassWork, *, names: bool = False, prepost: bool = True,
                 items: tuple[Item, ...] | None = None, switches: Switches | None = None) -> ClassReport:
    """Aggregate a class into a ``ClassReport`` (one pass; each student's records are dropped after counting).

    ``items`` overrides the case's ``prepost.csv`` (tests use it); ``prepost=False``, or ``prepost: false`` in
    ``case.yaml`` or the class switches file, leaves the section out. ``switches``: the class file the students
    worked under; the report then counts only the key items they were shown (their paragraphs, their device
    palette), as ``grade`` does, so "nobody found this" never means "nobody was shown this".
    """
    started = time.perf_counter()
    case = work.case
    has_prepost = switches.prepost if switches is not None else _class_has_prepost()
    bank = items if items is not None else (load_items(case) if prepost and has_prepost else None)
    claims, devices_found = claims_key(case) or (), devices_key(case) or ()
    if switches is not None:
        claims, devices_found = switches.shown_key(claims), switches.shown_key(devices_found, palette=True)
    report = ClassReport(
        case=case,
        claims=SpanTally(case, claims, tuple(t.id for t in claim_types())),
        devices=SpanTally(case, devices_found, tuple(d.id for d in devices())),
        checks=VerdictTally(case),
        prepost=PrePostTally(bank) if bank and prepost else None,
        names=names,
        compared_with=f"{switches.summary()} (class file {switches.source})" if switches is not None else "",
    )
    for student in work.students:
        add_student(report, student)
    report.progress.sort(key=lambda r: r.student_id.lower())
    report.seconds = time.perf_counter() - started
    return report


def _class_has_prepost() -> bool:
    """Whether the class switches file (if any) leaves the pre/post check on (a broken file does not hide it)."""
    try:
        return load_switches().prepost
    except CaseError:
        return True


def report_folder(folder: Path | str, case: Case | str | None = None, *, names: bool = False,
                  prepost: bool = True, switches: Switches | None = None) -> ClassReport:
    """Read a folder of saved notebooks (nothing executed) and build its report (``switches``: see
    ``build_report``)."""
    case = case if isinstance(case, Case) else load_case(case)
    return build_report(load_class(folder, case), names=names, prepost=prepost, switches=switches)


def question_order() -> list[tuple[str, str, str]]:
    """(activity, question id, prompt) for every written question, in the order the notebooks ask them."""
    known = questions()
    order = []
    for activity in WRITTEN:
        for q in known.get(activity, []) if activity != "rewrite" else []:
            order.append((activity, str(q.get("id", "")), str(q.get("prompt", ""))))
    return order

