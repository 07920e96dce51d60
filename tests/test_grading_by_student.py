"""Feedback written while a class is graded (``grading.by_student``) is the feedback written at the end: the same
files, the same names, whatever the layout, the order or the number of processes; and a failure to write it
is raised once the class's other files are written."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from class_runs import class_files, every_file_alone
from factories import saved_notebook
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.case import load_case
from helpers.case.key import claims_key
from helpers.grading import by_student, folder, grade_folder, read_roster
from helpers.grading.identity import file_stem, settled_stems

CASE = load_case("sochi-2015")

# Ids as a class's places give them: safe ones, ones equal but for case, ones not safe as they are (spaces,
# accents, too long), ones ending like a hashed stem, and typed-name ids (never safe) that can join a class.
IDS = st.one_of(
    st.sampled_from(["alice", "Alice", "ALICE", "bob", "carol-1a2b3c4d", "Carol-1A2B3C4D", "d.e_f", "x" * 61,
                     "émile", "two words", "name_karen-00000000", "student", "_hidden", "9"]),
    st.text(alphabet="abAB-._ 1f", min_size=1, max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(placed=st.lists(IDS, max_size=12, unique=True), typed=st.lists(st.text(max_size=6), max_size=4),
       seed=st.integers(0, 2**32 - 1))
def test_settled_stems_are_what_the_class_order_would_give(placed: list[str], typed: list[str], seed: int) -> None:
    """Whatever order the class is sorted in, ``file_stem`` gives a settled id its settled stem; and the stems
    given out at the end around the settled ones (``folder``: ``used`` starts with them) are all different."""
    others = [f"name:{t}" for t in typed]
    everyone = list(dict.fromkeys(placed + others))
    random.Random(seed).shuffle(everyone)
    settled = settled_stems(placed)
    used: set[str] = set()
    in_order = {student_id: file_stem(student_id, used) for student_id in everyone}
    for student_id, stem in settled.items():
        assert in_order[student_id] == stem
    used = {stem.casefold() for stem in settled.values()}
    stems = [settled.get(i) or file_stem(i, used) for i in everyone]
    assert len({s.casefold() for s in stems}) == len(stems)


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    """A class in several layouts at once: nbgrader's, folders per student (two equal but for case, one not
    safe as a file name, one named like a typed-name id), Canvas names, and loose files named by what they hold;
    with resubmissions and a damaged file."""
    root = tmp_path / "class"  # its students' autosaves are elsewhere (``conftest.answers_dir``)
    key = [k for k in claims_key(CASE) or () if k.core]
    rng = random.Random(5)

    def items(n: int) -> list[dict]:
        chosen = rng.sample(key, k=min(len(key), 2 + n % 5))
        return [{"id": f"t-{n}-{i}", "labels": [k.label], "target": {
            "paragraph": k.paragraph, "exact": CASE.paragraph(k.paragraph).text[k.start:k.end], "start": k.start,
            "end": k.end}} for i, k in enumerate(chosen)]

    places = [f"submitted/s{n:02d}/week1/02_tag_claims.ipynb" for n in range(30)]
    places += [f"submitted/s{n:02d}/week2/02_tag_claims.ipynb" for n in range(0, 30, 3)]  # resubmissions
    places += ["Alice/02_tag_claims.ipynb", "alice/02_tag_claims.ipynb", "Émile Zola/02_tag_claims.ipynb",
               "name:student-40/02_tag_claims.ipynb", "zola_12345_678_02_tag_claims.ipynb",
               "zola_late_12345_679_02_tag_claims.ipynb", "loose-a.ipynb", "loose-b.ipynb"]
    for n, place in enumerate(places):
        name = "Student 40" if place.startswith(("loose", "name:")) else f"Student {n % 30}"
        saved_notebook(root / place, name, items(n), "claims")
    (root / "submitted" / "s05" / "week1" / "broken.ipynb").write_text("{ not json")
    return root


@pytest.mark.parametrize("workers", [1, 2])
def test_feedback_written_while_grading_is_the_feedback_written_at_the_end(
        klass: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    early = tmp_path / f"early-{workers}"
    grade_folder(klass, early, workers=workers)
    monkeypatch.setattr(folder, "plan_units", every_file_alone)  # every file alone: all feedback at the end
    late = tmp_path / f"late-{workers}"
    grade_folder(klass, late, workers=workers)
    assert class_files(early) == class_files(late)
    names = set(os.listdir(early / "feedback"))
    assert {"s00.md", "s00.txt", "12345.md"} <= names  # settled: the place's own id
    # equal but for case: given out at the end, in the class's order (the first keeps its id, the other is hashed)
    assert sum(n.casefold().startswith("alice") for n in names) == 4
    assert sum(n.casefold().startswith("alice-") for n in names) == 2
    # the folder named like a typed-name id and the loose files of that name are one student, with one feedback
    assert sum(n.startswith("name_student-40") for n in names) == 2


def test_the_units_hold_each_file_once_in_the_listings_order(klass: Path) -> None:
    jobs = [(str(p), p.relative_to(klass).as_posix()) for p in sorted(klass.rglob("*.ipynb"))]
    units = by_student.plan_units(jobs, None)
    numbers = [n for unit in units for n in unit.numbers]
    assert sorted(numbers) == list(range(len(jobs))) and [u.numbers[0] for u in units] == sorted(
        u.numbers[0] for u in units)
    by_id = {u.student_id: u for u in units if u.stem}
    assert len(by_id["s00"].numbers) == 2 and by_id["s00"].stem == "s00"  # week1 and its resubmission, week2
    assert len(by_id["s05"].numbers) == 2  # its damaged file is graded with it (and becomes an error row)
    assert by_id["12345"].stem == "12345" and len(by_id["12345"].numbers) == 2  # Canvas, late or not
    assert "Alice" not in by_id and "alice" not in by_id and "name:student-40" not in by_id


def test_with_a_roster_every_file_is_graded_alone(klass: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,email,sis_login\ns00,Student 0,s0@example.org,s0\n", encoding="utf-8")
    jobs = [(str(p), p.relative_to(klass).as_posix()) for p in sorted(klass.rglob("*.ipynb"))]
    assert all(not u.stem and len(u.numbers) == 1 for u in by_student.plan_units(jobs, read_roster(roster)))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_feedback_folder_that_cannot_be_written_fails_after_the_classclass_files(
        klass: Path, tmp_path: Path, workers: int) -> None:
    out = tmp_path / "grades"
    out.mkdir()
    (out / "feedback").write_text("a file where the feedback folder goes")
    with pytest.raises(NotADirectoryError):
        grade_folder(klass, out, workers=workers)
    assert (out / "gradebook.csv").is_file() and (out / "lms" / "canvas.csv").is_file()
    assert (out / "hand" / "rubric.md").is_file()


@pytest.mark.parametrize(("workers", "read_ahead"), [(1, None), (2, None), (1, 1), (2, 300_000)])
def test_a_chunk_graded_a_step_at_a_time_is_each_student_graded_in_turn(
        klass: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, read_ahead: int | None) -> None:
    """``folder._units_job`` reads, grades, writes feedback and makes shares for a chunk a step at a time (all of
    it, or, with less room to read ahead, a few students or one at a time): the files are the ones grading each
    student from start to end before the next gives."""
    chunked = tmp_path / f"chunked-{workers}"
    if read_ahead is not None:
        monkeypatch.setattr(folder, "_READ_AHEAD", read_ahead)
    grade_folder(klass, chunked, workers=workers)
    monkeypatch.undo()
    in_turn = folder._units_job

    def one_at_a_time(units):
        return [result for unit in units for result in in_turn([unit])]

    monkeypatch.setattr(folder, "_units_job", one_at_a_time)
    alone = tmp_path / f"alone-{workers}"
    grade_folder(klass, alone, workers=workers)
    assert class_files(chunked) == class_files(alone)
    assert b"not a readable notebook" in class_files(chunked)["errors.csv"]  # the damaged file, read first


def test_a_file_that_fails_a_step_gives_the_row_it_gives_when_graded_alone(
        klass: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be read (here: the disk fails) or holds nothing to grade is the error row it was when
    each file was read and graded alone (``grade.grade_submission`` raises, and the job turns that into a row),
    whichever step of ``folder._units_job`` it failed at; the other files of its chunk are graded."""
    from helpers.activities.base import GradeOptions
    from helpers.grading import grade

    target = next(klass.rglob("02_tag_claims.ipynb"))
    empty = tmp_path / "empty.ipynb"
    empty.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")
    fine = next(p for p in klass.rglob("02_tag_claims.ipynb") if p != target)

    def failing(read):
        def reading(path):
            if path == str(target):
                raise OSError(5, "Input/output error")
            return read(path)
        return reading

    monkeypatch.setattr(folder, "read_graded_sized", failing(folder.read_graded_sized))
    monkeypatch.setattr(grade, "read_graded", failing(grade.read_graded))
    with pytest.raises(OSError, match="Input/output error"):
        grade.grade_submission(str(target), "x", GradeOptions(), grade.CaseCache())
    with pytest.raises(grade.SubmissionError) as nothing:
        grade.grade_submission(str(empty), "y", GradeOptions(), grade.CaseCache())
    folder._init(GradeOptions(), None, str(tmp_path / "feedback"))
    units = [by_student.Unit((n,), ((str(path), relative),))
             for n, (path, relative) in enumerate([(target, "x"), (fine, "z"), (empty, "y")])]
    done = folder._units_job(units)
    assert done[0][0] == [("x", "could not be graded (OSError: [Errno 5] Input/output error)")]
    assert done[2][0] == [("y", str(nothing.value))]
    assert isinstance(done[1][0][0], folder.FileResult) and done[1][0][0].results["claims"].grade is not None


def test_what_is_read_ahead_of_grading_is_kept_in_check(
        klass: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are read a chunk at a time before grading, but once they come to ``_READ_AHEAD`` bytes the units
    read so far are graded first (notebooks holding large saved widget state would otherwise all be in memory)."""
    batches: list[int] = []
    graded_in = folder._read_units_job

    def counted(units, read):
        batches.append(len(units))
        return graded_in(units, read)

    monkeypatch.setattr(folder, "_read_units_job", counted)
    grade_folder(klass, tmp_path / "roomy", workers=1)
    assert max(batches) > 1  # a chunk's students read together
    batches.clear()
    monkeypatch.setattr(folder, "_READ_AHEAD", 1)
    grade_folder(klass, tmp_path / "tight", workers=1)
    assert batches and set(batches) == {1}  # every student's files graded before the next student's are read
