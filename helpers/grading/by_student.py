"""A class graded a student at a time (in chunks of students: ``folder._units_job``), with each student's feedback
written as soon as their chunk's files are graded.

Why: a class's feedback is two files per student, made from the feedback text of every activity graded. Made
at the end, it was the longest step after grading (a third of a class's run, most of it the kernel making two
thousand files) and it needed every file's feedback text sent back from the grading processes. The place a
file was handed in at names its student in most layouts (``identity``), so the files of each student are
known before any is graded: the process that grades them writes that student's feedback there and then, on
cores that are busy anyway, and sends back only their share of the class's files (``shares``).

Only where that is certain: without a roster (a roster can join files of different places by the name typed),
for files whose place names the student, and when the student's feedback file name cannot depend on the order
the class is sorted in (``identity.settled_stems``). Everyone else's feedback is written at the end, as before.
The feedback is the same either way: ``student_feedback`` of the student ``classbook.group_students`` makes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..activities.registry import ACTIVITIES
from ..scoring.markdown import escape_md
from .classbook import Student
from .identity import identify, settled_stems
from .output import write_file
from .roster import Roster

__all__ = ["Unit", "plan_units", "student_feedback", "write_feedback"]


@dataclass(frozen=True)
class Unit:
    """Files graded together: all of one student's (with the stem of their feedback files), or one file."""

    numbers: tuple[int, ...]  # the files' places in the class's listing, in its order
    jobs: tuple[tuple[str, str], ...]  # each file's (path, path relative to the class folder)
    student_id: str = ""  # the student the files' places name ("" for a single file graded on its own)
    stem: str = ""  # their feedback files' stem; "" when it is given out at the end, in the class's order


def plan_units(jobs: list[tuple[str, str]], roster: Roster | None) -> list[Unit]:
    """The class's files (``(path, relative)`` in the listing's order) as units, in the order of each unit's
    first file: one per student whose files' places name them and whose stem is settled, one per other file."""
    if roster is not None:
        return [Unit((n,), (job,)) for n, job in enumerate(jobs)]
    placed: dict[str, list[int]] = {}
    alone: list[int] = []
    for number, (_, relative) in enumerate(jobs):
        identity = identify(relative)
        # Named by what the file holds, known once it is graded; or a place named like such an id (a folder
        # called ``name:karen``), which a typed name could join.
        if identity.source in ("name", "none") or identity.student_id.startswith(("name:", "file:")):
            alone.append(number)
        else:
            placed.setdefault(identity.student_id, []).append(number)
    stems = settled_stems(placed)
    units = [Unit((n,), (jobs[n],)) for n in alone]
    for student_id, numbers in placed.items():
        stem = stems.get(student_id)
        if stem is None:
            units += [Unit((n,), (jobs[n],)) for n in numbers]
        else:
            units.append(Unit(tuple(numbers), tuple(jobs[n] for n in numbers), student_id, stem))
    units.sort(key=lambda unit: unit.numbers[0])
    return units


def student_feedback(student: Student, markdown: bool) -> str:
    """A student's feedback file: each graded activity's feedback, in the notebooks' order."""
    name = student.name or "you"
    title = f"Feedback for {escape_md(name) if markdown else name}"
    lines = [f"# {title}" if markdown else f"{title}\n{'=' * len(title)}", ""]
    for entry in sorted(ACTIVITIES, key=lambda a: a.notebook):
        if entry.id not in student.results:
            continue
        grade = student.results[entry.id][1].grade
        if grade is not None:
            lines += [grade.feedback if markdown else (grade.feedback_text or grade.feedback), ""]
    if len(lines) == 2:
        lines.append("Your written answers are read by your teacher.")
    return "\n".join(lines)


def write_feedback(folder: str, student: Student, stem: str) -> None:
    """Write one student's two feedback files (Markdown and plain text) into ``folder``, making it if need be."""
    for suffix, markdown in ((".md", True), (".txt", False)):
        path = os.path.join(folder, stem + suffix)
        data = student_feedback(student, markdown).encode("utf-8")
        try:
            write_file(path, data)
        except FileNotFoundError:  # the first file in a new folder
            os.makedirs(folder, exist_ok=True)
            write_file(path, data)
