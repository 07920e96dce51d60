"""Grading a folder of saved notebooks: scores, feedback, errors, and nothing executed or lost.

Loose files (no folder per student) are identified by the name entered, so rows are found by ``name``.
"""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from factories import ROOT, saved_notebook, span

from helpers.grading import grade_folder
from helpers.record import AnswerStore

ALL_THREE = [
    span(1, "met for seven hours with President Vladimir Putin", "checkable-fact", "t-1"),
    span(2, "Of course, nothing was accomplished.", "opinion", "t-2"),
    span(8, "“For Putin, this is a mark of respect,” said Dmitri Trenin", "quoted-claim", "t-3"),
]


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def classroom(tmp_path: Path) -> Path:
    folder = tmp_path / "submissions"
    saved_notebook(folder / "answers-complete.ipynb", "Ada", ALL_THREE)
    saved_notebook(folder / "answers-partial.ipynb", "Grace", [span(1, "met for seven hours", "opinion", "t-9")])
    (folder / "corrupt.ipynb").write_text('{"cells": [', encoding="utf-8")
    (folder / "foreign.ipynb").write_text(json.dumps({"cells": [], "nbformat": 4, "metadata": {}}), encoding="utf-8")
    return folder


def grade(folder: Path, out: Path, case: Path, **options) -> object:
    """Grade ``folder`` against the case folder ``case`` (its parent holds the cases records name)."""
    return grade_folder(folder, out, cases_dir=case.parent, **options)


def test_a_complete_submission_scores_full_marks(classroom: Path, small_case: Path, tmp_path: Path):
    report = grade(classroom, tmp_path / "out", small_case)
    ada = next(r for r in rows(report.gradebook) if r["name"] == "Ada")
    assert ada["claims_score"] == "100.0"
    assert ada["claims_tags"] == "3"
    assert ada["answers_from"] == "notebook"


def test_partial_overlap_and_wrong_type_get_partial_credit(classroom: Path, small_case: Path, tmp_path: Path):
    report = grade(classroom, tmp_path / "out", small_case)
    grace = next(r for r in rows(report.gradebook) if r["name"] == "Grace")
    # "met for seven hours" covers 19 of the key's 49 characters, with the wrong type (half credit)
    assert float(grace["claims_precision"]) == 0.5
    assert float(grace["claims_recall"]) == pytest.approx(0.5 * 19 / 49 / 3, abs=0.001)


def test_bad_files_go_to_errors_and_do_not_stop_the_rest(classroom: Path, small_case: Path, tmp_path: Path):
    report = grade(classroom, tmp_path / "out", small_case)
    errors = {r["file"]: r["reason"] for r in rows(report.errors_file)}
    assert report.graded == 2
    assert "not valid JSON" in errors["corrupt.ipynb"]
    assert "no answers" in errors["foreign.ipynb"]


def test_a_tampered_record_is_reported_as_altered(tmp_path: Path, small_case: Path):
    folder = tmp_path / "subs"
    path = saved_notebook(folder / "answers-tampered.ipynb", "Mallory", ALL_THREE)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get("application/vnd.mlkit.answers+json")
            if record:
                record["items"][0]["labels"] = "checkable-fact"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    report = grade(folder, tmp_path / "out", small_case)
    assert "altered or damaged" in rows(report.errors_file)[0]["reason"]


def test_the_autosave_beside_a_notebook_is_the_fallback(tmp_path: Path, small_case: Path, monkeypatch):
    folder = tmp_path / "subs"
    folder.mkdir()
    notebook = json.loads((ROOT / "notebooks" / "02_tag_claims.ipynb").read_text(encoding="utf-8"))
    (folder / "02_tag_claims.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    store = AnswerStore("claims", "sochi-2015", notebook=folder / "02_tag_claims.ipynb")
    monkeypatch.delenv("MLKIT_ANSWERS_DIR")
    store.path = folder / "02_tag_claims.claims.answers.json"
    store.update(ALL_THREE)
    report = grade(folder, tmp_path / "out", small_case)
    row = rows(report.gradebook)[0]
    assert row["answers_from"] == "autosave" and row["claims_score"] == "100.0"


def test_hostile_text_is_escaped_in_feedback_and_defused_in_the_gradebook(tmp_path: Path, small_case: Path):
    folder = tmp_path / "subs"
    saved_notebook(folder / "x.ipynb", '=HYPERLINK("http://evil")<script>alert(1)</script>', ALL_THREE[:1])
    report = grade(folder, tmp_path / "out", small_case)
    student = rows(report.gradebook)[0]["name"]
    assert student.startswith("'=")
    [markdown] = report.feedback_dir.glob("*.md")
    feedback = markdown.read_text(encoding="utf-8")
    assert "<script>" not in feedback and "&lt;script&gt;" in feedback


def test_each_student_gets_a_feedback_file(classroom: Path, small_case: Path, tmp_path: Path):
    report = grade(classroom, tmp_path / "out", small_case)
    files = sorted(p.name for p in report.feedback_dir.iterdir())
    assert len(files) == 4 and {Path(f).suffix for f in files} == {".md", ".txt"}
    grace = next(p for p in report.feedback_dir.glob("*.txt") if "Grace" in p.read_text(encoding="utf-8"))
    assert "Next: look again at paragraphs 1, 2 and 8" in grace.read_text(encoding="utf-8")


def test_parallel_grading_gives_the_same_gradebook(classroom: Path, small_case: Path, tmp_path: Path):
    one = grade(classroom, tmp_path / "one", small_case, workers=1)
    two = grade(classroom, tmp_path / "two", small_case, workers=2)
    assert one.gradebook.read_text() == two.gradebook.read_text()


def test_a_case_without_a_key_cannot_grade(tmp_path: Path, small_case: Path, classroom: Path):
    (small_case / "key" / "claims.csv").unlink()
    report = grade(classroom, tmp_path / "out", small_case)
    assert report.graded == 0
    assert all("no answer key" in r["reason"] or "not valid JSON" in r["reason"] or "no answers" in r["reason"]
               for r in rows(report.errors_file))
    assert sum("no answer key" in r["reason"] for r in rows(report.errors_file)) == 2


def test_the_command_line_grades_and_reports(classroom: Path, small_case: Path, tmp_path: Path):
    out = tmp_path / "cli-out"
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "grade", str(classroom), "--out", str(out),
         "--cases", str(small_case.parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Graded 2 of 4 file(s) for 2 student(s); 2 could not be graded." in result.stdout
    assert result.stdout.splitlines()[-1].lstrip().startswith("errors:")  # all of it, though it ends at once
    assert (out / "gradebook.csv").is_file()


def test_a_reader_that_goes_away_ends_the_command_quietly(classroom: Path, small_case: Path, tmp_path: Path):
    """``python -m helpers grade ... | head -1``: the files are written, and no traceback for a closed pipe."""
    command = subprocess.Popen(
        [sys.executable, "-m", "helpers", "grade", str(classroom), "--out", str(tmp_path / "out"),
         "--cases", str(small_case.parent)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert command.stdout is not None and command.stderr is not None
    command.stdout.close()
    error = command.stderr.read().decode()
    assert command.wait(timeout=60) in (0, 1) and "Traceback" not in error, error
    assert (tmp_path / "out" / "gradebook.csv").is_file()


def test_the_command_line_explains_a_missing_folder(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "grade", str(tmp_path / "nope"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "does not exist" in result.stderr


def _welcome_with_pre_check(path: Path, name: str, ratings: list[dict]) -> Path:
    """Notebook 00 as handed in: the name and the quick check (before), both as the widgets save them."""
    saved_notebook(path, name, [{"id": "name", "text": name}], "welcome")
    store = AnswerStore("pre-check", "sochi-2015", notebook=path)
    store.update(ratings)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if c["id"] == "pre-check")
    cell["outputs"] = [{"output_type": "display_data", "metadata": {}, "data": store.bundle()}]
    path.write_text(json.dumps(notebook), encoding="utf-8")
    store.path.unlink()
    return path


def test_the_pre_post_check_is_never_graded_or_flagged(tmp_path: Path, small_case: Path):
    from helpers.case import load_case
    from helpers.case.prepost import load_items

    bank = [i for i in load_items(load_case("sochi-2015")) or () if i.form == "pre"]
    same = [{"id": i.id, "verdict": i.verdict, "confidence": 1.0} for i in bank]  # two students, same ratings
    folder = tmp_path / "subs"
    for student in ("ada", "bob"):
        _welcome_with_pre_check(folder / student / "00_welcome.ipynb", student.title(), same)
    report = grade(folder, tmp_path / "out", small_case)
    assert report.errors == 0
    table = rows(report.gradebook)
    assert [r["name"] for r in table] == ["Ada", "Bob"]
    assert not [c for c in table[0] if c.startswith(("pre-check", "post-check", "prepost"))]
    assert "pre-check" not in table[0]["answers_from"] + table[0]["notes"]
    assert all(r["flags"] == "" for r in table)  # identical ratings are not "the same answers as" anyone
    feedback = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "feedback").rglob("*.md"))
    assert "pre-check" not in feedback and "sound" not in feedback


def test_a_notebook_holding_only_the_quick_check_is_not_an_error(tmp_path: Path, small_case: Path):
    """A student who answered the quick check in 00 but never typed a name: nothing to grade, yet no error row;
    the student's row says why (the class report counts the ratings)."""
    from helpers.case import load_case
    from helpers.case.prepost import load_items

    bank = [i for i in load_items(load_case("sochi-2015")) or () if i.form == "pre"]
    path = tmp_path / "subs" / "cy" / "00_welcome.ipynb"
    _welcome_with_pre_check(path, "Cy", [{"id": bank[0].id, "verdict": "sound", "confidence": 0.7}])
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:  # no name saved: only the quick check's record is left
        if cell.get("id") != "pre-check" and cell.get("cell_type") == "code":
            cell["outputs"] = []
    path.write_text(json.dumps(notebook), encoding="utf-8")
    report = grade(tmp_path / "subs", tmp_path / "out", small_case)
    assert report.errors == 0
    table = rows(report.gradebook)
    assert [r["student_id"] for r in table] == ["cy"]
    assert "only the quick check" in table[0]["notes"]


def test_a_class_is_listed_in_the_order_of_its_names_bytes(tmp_path: Path):
    """Folders of ASCII names (sorted as text, the quick way) and of other names (sorted by their bytes) list in
    one order, the bytes' order, whatever the file system returns."""
    import os

    from helpers.grading.read import Found, find_submissions

    plain, mixed = tmp_path / "plain", tmp_path / "mixed"
    plain.mkdir()
    mixed.mkdir()
    for name in ["b.ipynb", "a.ipynb", "Z.ipynb", "a-b.ipynb", "a_b.ipynb", "A.ipynb"]:
        (plain / name).write_text("{}")
    names = [b"z.ipynb", "é.ipynb".encode(), "ä.ipynb".encode(), b"Z.ipynb", b"\xff.ipynb", b"a.ipynb"]
    for name in names:
        with open(os.path.join(os.fsencode(mixed), name), "w") as handle:
            handle.write("{}")
    found = [f.relative for f in find_submissions(tmp_path) if isinstance(f, Found)]
    assert found == [f"mixed/{os.fsdecode(n).encode('utf-8', 'surrogateescape').decode('utf-8', 'backslashreplace')}"
                     for n in sorted(names)] + [f"plain/{n}" for n in sorted(os.listdir(plain), key=os.fsencode)]
