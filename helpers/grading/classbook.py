"""One row per student: the latest answers for each activity, scores on 0-100, the total, and the detail.

Why: a class hands in several notebooks each, sometimes twice; the teacher and the LMS want one row per
student, keyed by a student id, with the resubmission that counts named and the others listed. Scores are
derived here from the activities' grades and the teacher's hand levels, never stored in a record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from ..activities.base import Cell
from ..activities.questions import questions_for
from ..activities.registry import ACTIVITIES
from ..case.files import CaseError
from ..case.key import claims_key
from ..case.model import Case
from .grade import ActivityResult, FileResult
from .hand import HandScores
from .roster import Roster, RosterEntry
from .settings import GradingSettings

__all__ = [
    "Student", "duplicates", "gradebook_columns", "gradebook_row", "group_students", "hand_rows",
    "parts", "parts_not_offered",
]


@cache  # the registry is fixed: asked for every student's row
def parts() -> tuple[str, ...]:
    """The gradebook's scored parts in order: each machine-graded activity, then each hand-scored part."""
    machine = [a.id for a in ACTIVITIES if a.grade is not None]
    hand = [a.hand_part for a in ACTIVITIES if a.hand_part and a.hand_part not in machine]
    return (*machine, *hand)


def _detail_columns() -> list[str]:
    return [c for a in ACTIVITIES if a.grade is not None for c in a.columns if c != f"{a.id}_score"]


def gradebook_columns() -> list[str]:
    """``student_id``, ``name``, each part's score, the total, then the detail."""
    return ["student_id", "name", *(f"{p}_score" for p in parts()), "total", "total_status", "case", "files",
            "answers_from", "saved_at", "flags", "notes", *_detail_columns()]


@dataclass
class Student:
    """One student's graded work: the latest result per activity, and the files that were set aside."""

    student_id: str
    name: str
    entry: RosterEntry | None
    results: dict[str, tuple[FileResult, ActivityResult]] = field(default_factory=dict)
    superseded: list[tuple[str, str, str]] = field(default_factory=list)  # (file, activity, saved_at)
    files: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def has_id(self) -> bool:
        """Whether the LMS can match this student: a roster entry or an id from the submission's layout."""
        return self.entry is not None or not self.student_id.startswith(("name:", "file:"))


def _when(file: FileResult, result: ActivityResult) -> tuple[str, str, int]:
    return (file.identity.submitted_at, result.record["saved_at"], result.record["revision"])


def group_students(files: Iterable[FileResult], roster: Roster | None) -> tuple[list[Student], list[dict[str, str]]]:
    """Files grouped by student (roster id first), the latest record per activity kept; plus the roster report."""
    students: dict[str, Student] = {}
    report: list[dict[str, str]] = []
    for file in files:
        entry, note = roster.match(file.identity, file.name) if roster is not None else (None, "")
        student_id = entry.student_id if entry else file.identity.student_id
        student = students.get(student_id)
        if student is None:
            student = students[student_id] = Student(student_id, entry.name if entry else file.name, entry)
        if not student.name and file.name:
            student.name = file.name
        if roster is not None and entry is None:
            report.append({"student_id": file.identity.student_id, "name": file.name, "file": file.relative,
                           "status": "not on the roster", "note": note})
        elif note:
            student.notes.append(note)
        student.files.add(file.relative)
        student.notes += [f"{file.relative}: {n}" for n in file.notes]
        for activity, result in file.results.items():
            current = student.results.get(activity)
            if current is None or _when(file, result) > _when(*current):
                if current is not None:
                    student.superseded.append((current[0].relative, activity, current[1].record["saved_at"]))
                student.results[activity] = (file, result)
            else:
                student.superseded.append((file.relative, activity, result.record["saved_at"]))
    if roster is not None:
        for entry in roster.entries:
            if entry.student_id not in students:
                report.append({"student_id": entry.student_id, "name": entry.name, "file": "",
                               "status": "on the roster, nothing handed in", "note": ""})
    for student in students.values():
        for _, result in student.results.values():
            student.flags += result.flags
    ordered = sorted(students.values(), key=lambda s: (s.name.casefold() or "~", s.student_id))
    return ordered, report


def _prompts(activity: str) -> dict[str, str]:
    try:
        return {str(q.get("id")): str(q.get("prompt", "")) for q in questions_for(activity)}
    except CaseError:
        return {}


def hand_rows(student: Student) -> list[dict[str, str]]:
    """The rows this student contributes to the hand-scored CSVs (written answers and reasons)."""
    rows: list[dict[str, str]] = []
    for entry in ACTIVITIES:
        if not entry.hand_part or entry.id not in student.results:
            continue
        _, result = student.results[entry.id]
        base = {"student_id": student.student_id, "name": student.name, "activity": entry.hand_part}
        if entry.kind == "text":
            prompts = _prompts(entry.id)
            for item in result.record["items"]:
                text = str(item.get("text", "")).strip()
                if not text:
                    continue
                ident = str(item.get("id", ""))
                rows.append({**base, "row_id": f"{student.student_id}:{entry.hand_part}:{ident}", "item": ident,
                             "prompt": prompts.get(ident, ident), "answer": text, "context": ""})
        elif result.grade is not None:
            for manual in result.grade.manual:
                reason = str(manual.get("reason", "")).strip()
                if not reason:
                    continue
                claim = str(manual.get("claim", ""))
                context = (f"verdict: {manual.get('verdict', '')}; key: {manual.get('key_verdict', '') or '(none)'}; "
                           f"sure: {manual.get('confidence', '')}")
                rows.append({**base, "row_id": f"{student.student_id}:{entry.hand_part}:{claim}", "item": claim,
                             "prompt": str(manual.get("quote", "")), "answer": reason, "context": context})
    return rows


# Notebook 03's parts: the verdicts and their written reasons. A case whose key gives no claim a verdict (an
# article with nothing to fact-check) offers them to nobody, so they leave that case's totals.
CHECK_PARTS = frozenset({"checks", "checks-reasons"})


def parts_not_offered(case: Case) -> frozenset[str]:
    """The graded parts ``case`` cannot offer: notebook 03's when its claims key has rows but none with a verdict.
    A case without a key here (a student release) is not judged: its answers are not graded anyway."""
    key = claims_key(case)
    if not key or any(k.row.get("verdict") for k in key):
        return frozenset()
    return CHECK_PARTS


def _total(
    scores: Mapping[str, float | None], pending: Sequence[str], weights: Mapping[str, float],
    left_out: Iterable[str] = (),
) -> tuple[Cell, str]:
    skipped = set(left_out)
    used = {p: w for p, w in weights.items() if w > 0 and p not in pending and p not in skipped}
    if not used:
        return "", "nothing to total yet"
    total = sum(w * (scores.get(p) or 0.0) for p, w in used.items()) / sum(used.values())
    status = "final" if not pending else f"provisional: {', '.join(pending)} not scored yet"
    return round(total, 1), status


def gradebook_row(
    student: Student, hand: Mapping[tuple[str, str], HandScores], settings: GradingSettings,
    not_offered: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, Cell]:
    """The student's gradebook row (see ``gradebook_columns``). ``not_offered`` maps a case id to the parts it
    cannot offer (``parts_not_offered``); a part none of the student's cases offers leaves their total."""
    row: dict[str, Cell] = {"student_id": student.student_id, "name": student.name or "(no name entered)"}
    scores: dict[str, float | None] = {}
    pending: list[str] = []
    for entry in ACTIVITIES:
        if entry.grade is not None:
            result = student.results.get(entry.id)
            grade = result[1].grade if result else None
            scores[entry.id] = grade.score if grade else None
            if grade:
                row.update(grade.columns)  # its ``<activity>_score`` is set again below, in the parts' order
                row.pop(f"{entry.id}_score", None)
        if entry.hand_part and entry.hand_part not in scores:
            scored = hand.get((student.student_id, entry.hand_part))
            scores[entry.hand_part] = scored.score if scored else None
            if (scored and scored.to_read) or (scored is None and entry.id in student.results):
                pending.append(entry.hand_part)
    for part in parts():
        value = scores.get(part)
        row[f"{part}_score"] = "" if value is None else value
    chosen = [r for _, r in student.results.values()]
    case_ids = sorted({r.case_id for r in chosen})
    offered_by_none = (frozenset.intersection(*[(not_offered or {}).get(c, frozenset()) for c in case_ids])
                       if case_ids else frozenset())
    row["total"], row["total_status"] = _total(scores, [p for p in pending if p not in offered_by_none],
                                               settings.weights, offered_by_none)
    row["case"] = ";".join(sorted({r.case_id for r in chosen}))
    row["files"] = ";".join(sorted(student.files))
    row["answers_from"] = ";".join(sorted({r.source for r in chosen}))
    row["saved_at"] = max((r.record["saved_at"] for r in chosen), default="")
    row["flags"] = "; ".join(dict.fromkeys(student.flags))
    notes = list(student.notes)
    if student.superseded:
        notes.append(f"{len(student.superseded)} older submission(s) set aside (see superseded.csv)")
    if offered_by_none & set(settings.weights):
        notes.append(f"not in the total: {', '.join(sorted(offered_by_none))} (the key of {', '.join(case_ids)} "
                     "gives no claim a verdict, so notebook 03 has nothing to grade)")
    row["notes"] = "; ".join(dict.fromkeys(notes))
    return row


def duplicates(students: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> dict[str, list[str]]:
    """The flags for identical answers: ``students`` in the class's order, each as its id and its
    ``(activity, fingerprint)`` pairs; the flags of each student with an activity's answers the same as
    another's, in the order found."""
    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for student_id, fingerprints in students:
        for activity, fingerprint in fingerprints:
            owners[(activity, fingerprint)].append(student_id)
    found: dict[str, list[str]] = {}
    for (activity, _), group in owners.items():
        if len(group) > 1:
            for student_id in group:
                others = ", ".join(s for s in group if s != student_id)
                found.setdefault(student_id, []).append(f"{activity}: the same answers as {others}")
    return found
