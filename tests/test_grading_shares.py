"""Each student's share of the class's files made where they were graded (``grading.shares``) gives the files made
from the whole class at once: the same bytes whatever the layout, the teacher's levels, the number of processes;
the teacher's rows merged a student at a time are the rows merged all at once; and a teacher's file that cannot
be read still stops the run after the files before it."""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

import pytest
from class_runs import class_files, every_file_alone
from factories import saved_checks_notebook, saved_notebook
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.case import load_case
from helpers.case.key import claims_key
from helpers.grading import folder, grade_folder
from helpers.grading.hand import HAND_COLUMNS, carry_over, gone_rows, merge_hand_rows
from helpers.grading.shares import HAND_PARTS, TeacherHand, read_teacher_hand

CASE = load_case("sochi-2015")


def _checks(n: int, rng: random.Random) -> list[dict]:
    """Notebook 03's checks, each with a written reason (a row of the hand-scored ``checks-reasons``)."""
    claims = [k for k in claims_key(CASE) or () if k.row.get("verdict")]
    return [{"id": k.id, "claim": {"source": "key", "key_id": k.id, "paragraph": k.paragraph, "exact": k.quote,
                                   "start": k.start, "end": k.end},
             "events": [{"event_id": e.strip(), "role": "supports"} for e in k.row["event_ids"].split(";")[:1]
                        if e.strip()],
             "verdict": k.row["verdict"], "confidence": 0.7, "reason": f"Reason {n} for {k.id}", "committed": True,
             "committed_at": "2026-01-01T10:00:00.000Z"} for k in rng.sample(claims, k=2 + n % 3)]


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    """Students in nbgrader's layout and in folders of their own (two equal but for case), plus loose files named
    by what they hold; each hands in notebook 01 (written answers) and 03 (checks with reasons), some twice, two
    hand in the same record, and one file is damaged."""
    root = tmp_path / "class"  # its students' autosaves are elsewhere (``conftest.answers_dir``)
    rng = random.Random(3)
    places = [f"submitted/s{n:02d}/week1" for n in range(12)] + ["Alice", "alice", "Émile Zola"]
    for n, place in enumerate(places):
        name = f"Student {n}"
        saved_notebook(root / place / "01_first_read.ipynb", name,
                       [{"id": "first-impression", "text": f"=cmd() impression {n}"},
                        {"id": "feeling", "text": f"Feeling {n}"}], "first-read")
        saved_checks_notebook(root / place / "03_check_the_timeline.ipynb", name, _checks(n, rng))
    for n in range(0, 12, 4):  # resubmissions
        saved_checks_notebook(root / f"submitted/s{n:02d}/week2/03_check_the_timeline.ipynb", f"Student {n}",
                              _checks(n + 100, rng))
    twin = _checks(7, random.Random(9))
    for place in ("submitted/s10/week1", "submitted/s11/week1"):  # the same answers from two students
        saved_checks_notebook(root / place / "03_check_the_timeline.ipynb", "Twin", twin)
    saved_checks_notebook(root / "loose-a.ipynb", "Loose Student", _checks(50, rng))
    (root / "submitted" / "s03" / "week1" / "broken.ipynb").write_text("{ not json")
    return root


def _teacher_scores(out: Path) -> None:
    """What a teacher types into the hand-scored files between two runs: levels (one not a level at all) and
    comments, a changed answer on a scored row, and a scored row of a student who is not in the next run."""
    for part in ("first-read", "checks-reasons"):
        path = out / "hand" / f"{part}.csv"
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        for n, row in enumerate(rows):
            row["level"] = ["Proficient", "Basic", "", "60", "great"][n % 5]
            row["comment"] = "Look again." if n % 3 == 0 else ""
            if n == 4:
                row["answer"] = "what the answer said before"
        rows.append({**rows[0], "row_id": "gone:first-read:feeling", "student_id": "gone", "level": "Basic"})
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(HAND_COLUMNS))
            writer.writeheader()
            writer.writerows(rows)


@pytest.mark.parametrize("workers", [1, 2])
def test_shares_made_while_grading_give_the_files_made_at_the_end(
        klass: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    first = tmp_path / "first"
    grade_folder(klass, first, workers=workers)
    _teacher_scores(first)
    shared, late = tmp_path / "shared", tmp_path / "late"
    shutil.copytree(first, shared)
    shutil.copytree(first, late)
    came_back: list[int] = []  # how many shares came back from grading, in each run
    in_order = folder._in_order
    monkeypatch.setattr(folder, "_in_order", lambda *a: (r := in_order(*a), came_back.append(len(r[2])))[0])
    report = grade_folder(klass, shared, workers=workers)
    monkeypatch.setattr(folder, "plan_units", every_file_alone)  # every file alone: every share made at the end
    other = grade_folder(klass, late, workers=workers)
    paths = ("out", "gradebook", "errors_file", "feedback_dir")
    assert {k: v for k, v in vars(report).items() if k not in paths} == {
        k: v for k, v in vars(other).items() if k not in paths}
    assert class_files(shared) == class_files(late)
    assert came_back == [13, 0]  # the loose file's student and the two folders equal but for case: made at the end
    gradebook = (shared / "gradebook.csv").read_text(encoding="utf-8")
    assert "the same answers as s11" in gradebook and "'great' is not one of" in gradebook
    hand = (shared / "hand" / "first-read.csv").read_text(encoding="utf-8")
    assert "gone:first-read:feeling" in hand and "'=cmd() impression" in hand
    assert report.to_read > 0 and report.students == 16


def test_a_teachers_file_whose_ids_could_go_to_two_students_is_merged_in_the_class_order(
        klass: Path, tmp_path: Path) -> None:
    out = tmp_path / "grades"
    grade_folder(klass, out)
    _teacher_scores(out)
    path = out / "hand" / "checks-reasons.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "a:checks-reasons:b:checks-reasons:c,a,A,checks-reasons,c,,,,Basic,,\n", encoding="utf-8")
    assert not read_teacher_hand(out / "hand").separable
    again = grade_folder(klass, out)
    assert again.students == 16 and "a:checks-reasons:b:checks-reasons:c" in path.read_text(encoding="utf-8")


def test_a_teachers_file_that_cannot_be_read_stops_the_run_after_the_files_before_it(
        klass: Path, tmp_path: Path) -> None:
    out = tmp_path / "grades"
    (out / "hand").mkdir(parents=True)
    broken = HAND_PARTS[1]
    (out / "hand" / f"{broken}.csv").write_bytes(b"row_id,level\n\xff\xfe,Basic\n")
    assert read_teacher_hand(out / "hand").failure is not None
    with pytest.raises(UnicodeDecodeError):
        grade_folder(klass, out)
    assert (out / "hand" / f"{HAND_PARTS[0]}.csv").is_file()
    assert not (out / "gradebook.csv").exists()


# Student ids and items made to collide: "s1" with item "wrap-up:q1" and "s1:wrap-up" with item "q1" share an id.
ROW_IDS = st.sampled_from(["s1", "s2", "s1:wrap-up", "Alice", "alice"])


@settings(max_examples=200, deadline=None)
@given(students=st.lists(st.tuples(ROW_IDS, st.lists(st.sampled_from(["q1", "q2", "q3", "wrap-up:q1"]), max_size=4)),
                         max_size=6, unique_by=lambda s: s[0]),
       previous=st.lists(st.tuples(st.sampled_from(["s1", "s2", "s1:wrap-up", "alice", "gone"]),
                                   st.sampled_from(["q1", "q2", "wrap-up:q1", "q9"]), st.sampled_from(["", "Basic"]),
                                   st.sampled_from(["", "note"]), st.booleans()), max_size=10))
def test_merging_a_student_at_a_time_is_merging_the_class_at_once(
        students: list[tuple[str, list[str]]], previous: list[tuple[str, str, str, str, bool]]) -> None:
    """Where the teacher's ids are separable, each student merged on their own (a fresh ``taken`` each, as the
    grading processes do) then the rows no one took give exactly ``merge_hand_rows`` of the class."""
    def row(student: str, item: str, **more: str) -> dict[str, str]:
        return {"row_id": f"{student}:wrap-up:{item}", "student_id": student, "activity": "wrap-up", "item": item,
                "answer": f"answer {item}", **more}

    fresh = {s: [row(s, item) for item in items] for s, items in students}
    existing = [row(s, item, level=level, comment=comment, answer="changed" if changed else f"answer {item}")
                for s, item, level, comment, changed in previous]
    teacher = TeacherHand(Path("."), {"wrap-up": {r["row_id"]: r for r in existing}})
    whole = merge_hand_rows(existing, [r for rows in fresh.values() for r in rows])
    if not teacher.separable:
        return
    merged, taken = [], set()
    for rows in fresh.values():
        mine, took = carry_over(rows, teacher.previous["wrap-up"], set())
        merged += mine
        taken.update(took)
    assert merged + gone_rows(teacher.previous["wrap-up"], taken) == whole


def test_a_process_pool_gives_the_files_forked_copies_give(
        klass: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where processes start empty (no fork: a pool, each worker set up by ``_init``), the shares made there
    give the same files."""
    first = tmp_path / "first"
    grade_folder(klass, first, workers=2)
    _teacher_scores(first)
    forked, pooled = tmp_path / "forked", tmp_path / "pooled"
    shutil.copytree(first, forked)
    shutil.copytree(first, pooled)
    grade_folder(klass, forked, workers=2)
    monkeypatch.setattr(folder, "FORK", False)
    grade_folder(klass, pooled, workers=2)
    assert class_files(forked) == class_files(pooled)
