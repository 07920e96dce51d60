"""Answers saved by release 0.1 (before the layered ``helpers``) still restore and grade identically.

``tests/fixtures/release-0.1`` was written by the code of release 0.1: saved notebooks 02, 03 and 04 with
their records inside, one notebook whose answers are only in the real autosave beside it, a copy of the
case as it was (so later content edits do not move the expected grades), and what the grader wrote then.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from helpers.grading import grade_folder
from helpers.record import AnswerStore

FIXTURE = Path(__file__).parent / "fixtures" / "release-0.1"
SUBMISSIONS = FIXTURE / "submissions"
EXPECTED = FIXTURE / "expected"


def _answers(items: list[dict]) -> list[dict]:
    """Items without the v2 timestamps a v1 record is given when upgraded in memory."""
    return [{k: v for k, v in item.items() if k not in ("created_at", "changed_at")} for item in items]


def _record(notebook: Path, activity: str) -> dict:
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get("application/vnd.mlkit.answers+json")
            if record and record["activity"] == activity:
                return record
    raise AssertionError(f"no {activity} record in {notebook}")


@pytest.mark.parametrize(
    ("notebook", "activity"),
    [("02_tag_claims", "claims"), ("03_check_the_timeline", "checks"), ("04_rhetorical_devices", "devices")],
)
def test_saved_notebook_restores(notebook: str, activity: str, tmp_path: Path) -> None:
    path = tmp_path / f"{notebook}.ipynb"
    shutil.copy(SUBMISSIONS / "student-a" / f"{notebook}.ipynb", path)
    store = AnswerStore(activity, "sochi-2015", notebook=path)
    assert _answers(store.items) == _answers(_record(path, activity)["items"])
    assert store.items
    assert store.messages == [f"Restored {len(store.items)} answers from the notebook copy."]


def test_autosave_restores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "student-b"
    shutil.copytree(SUBMISSIONS / "student-b", folder)
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(folder))
    store = AnswerStore("claims", "sochi-2015", notebook=folder / "02_tag_claims.ipynb")
    saved = json.loads((folder / "02_tag_claims.claims.answers.json").read_text(encoding="utf-8"))
    assert _answers(store.items) == _answers(saved["items"])
    assert store.document["revision"] == 2
    assert store.messages == [f"Restored {len(saved['items'])} answers from the autosave copy."]


# The measures release 0.1 reported that release 0.2 still reports unchanged. (Its graded scores changed on
# purpose: one row per student, scores over the key's core set, accepted verdicts credited in full.)
UNCHANGED = ("claims_precision", "claims_recall", "claims_f1", "devices_precision", "devices_recall", "devices_f1",
             "checks_checked", "checks_evidence_score", "checks_hits", "checks_false_alarms", "checks_discernment",
             "checks_brier")


def test_grades_identically(tmp_path: Path) -> None:
    out = tmp_path / "grades"
    report = grade_folder(SUBMISSIONS, out, cases_dir=FIXTURE / "case")
    assert (report.graded, report.errors, report.students) == (4, 0, 2)
    then = list(csv.DictReader((EXPECTED / "gradebook.csv").open(encoding="utf-8")))
    now = {row["student_id"]: row for row in csv.DictReader((out / "gradebook.csv").open(encoding="utf-8"))}
    compared = 0
    for old in then:
        row = now[old["file"].split("/")[0]]
        assert row["name"] == old["student"]
        for column in UNCHANGED:
            if old[column] != "":
                assert float(row[column]) == float(old[column]), (old["file"], column)
                compared += 1
    assert compared >= 10
