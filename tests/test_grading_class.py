"""A simulated class in nbgrader's layout, graded end to end: one row per student, fair scores, hand scores
that survive a regrade, LMS files, integrity flags, and hostile files that become error rows."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import pytest
from factories import saved_notebook
from simulated_class import STRATEGIES

from helpers.case import load_case
from helpers.case.key import claims_key
from helpers.case.taxonomy import load_claim_types
from helpers.cli import main
from helpers.grading import grade_folder, read_roster
from helpers.grading.settings import GradingSettings
from helpers.record.notebook import MIME_TYPE as MIME

CASE = load_case("sochi-2015")


def _item(tag: object, n: int) -> dict:
    text = CASE.paragraph(tag.paragraph).text  # type: ignore[attr-defined]
    start, end = tag.start, tag.end  # type: ignore[attr-defined]
    return {"id": f"t-{n}", "labels": [tag.label],  # type: ignore[attr-defined]
            "target": {"paragraph": tag.paragraph, "exact": text[start:end], "start": start, "end": end,  # type: ignore[attr-defined]
                       "prefix": text[max(0, start - 32):start], "suffix": text[end:end + 32]}}


def _save(path: Path, name: str, items: list[dict], activity: str = "claims") -> Path:
    """A saved notebook holding one record, written through the kit's own answer code."""
    return saved_notebook(path, name, items, activity)


def _record_output(notebook: dict) -> dict:
    return next(o for c in notebook["cells"] for o in c.get("outputs", [])
                if MIME in o.get("data", {}))


def _strategy_items(name: str) -> list[dict]:
    key = list(claims_key(CASE) or ())
    core = {k.id for k in key if k.core}
    tags = STRATEGIES[name](CASE, key, core, [label.id for label in load_claim_types()])
    return [_item(tag, n) for n, tag in enumerate(tags)]


def _read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


@pytest.fixture
def klass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(tmp_path / "autosaves"))
    root = tmp_path / "course" / "submitted"
    for student, strategy in [("perfect", "perfect: the core exactly"), ("diligent", "diligent: half the core exactly"),
                              ("sentences", "gaming: every sentence, most common label"),
                              ("copies", "gaming: 400 copies of one key span + every paragraph"),
                              ("empty", "empty")]:
        _save(root / student / "media-literacy" / "02_tag_claims.ipynb", student.title(), _strategy_items(strategy))
    return root


def test_one_row_per_student_with_scores_on_0_to_100_and_a_total(klass: Path, tmp_path: Path) -> None:
    out = tmp_path / "grades"
    report = grade_folder(klass, out, settings=GradingSettings())
    rows = {r["student_id"]: r for r in _read(out / "gradebook.csv")}
    assert report.students == 5 and set(rows) == {"perfect", "diligent", "sentences", "copies", "empty"}
    assert list(rows["perfect"])[:3] == ["student_id", "name", "claims_score"]
    assert float(rows["perfect"]["claims_score"]) == 100
    assert float(rows["empty"]["claims_score"]) == 0
    diligent = float(rows["diligent"]["claims_score"])
    assert float(rows["sentences"]["claims_score"]) <= diligent - 25
    assert float(rows["copies"]["claims_score"]) <= diligent - 25
    # claims weigh 25 of 100 in the default settings; the other parts were not handed in and count 0
    assert float(rows["perfect"]["total"]) == pytest.approx(25.0)


def test_the_latest_resubmission_wins_and_the_other_is_listed(klass: Path, tmp_path: Path) -> None:
    exchange = klass.parent / "inbound"
    _save(exchange / "diligent+media-literacy+2026-11-30 10:00:00.000000 UTC" / "02_tag_claims.ipynb", "Diligent",
          _strategy_items("perfect: the core exactly"))
    out = tmp_path / "grades"
    grade_folder(klass.parent, out)
    rows = {r["student_id"]: r for r in _read(out / "gradebook.csv")}
    assert float(rows["diligent"]["claims_score"]) == 100
    superseded = _read(out / "superseded.csv")
    assert [(r["student_id"], r["activity"]) for r in superseded] == [("diligent", "claims")]


def test_hand_levels_survive_a_regrade_and_reach_the_gradebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(tmp_path / "autosaves"))
    root = tmp_path / "submitted"
    _save(root / "ks1" / "a" / "01_first_read.ipynb", "Karen Smith",
          [{"id": "first-impression", "text": "It says Kerry was weak."}, {"id": "feeling", "text": "Annoyed."}],
          activity="first-read")
    out = tmp_path / "grades"
    grade_folder(root, out)
    hand = out / "hand" / "first-read.csv"
    rows = _read(hand)
    assert {r["item"] for r in rows} == {"first-impression", "feeling"}
    assert _read(out / "gradebook.csv")[0]["total_status"].startswith("provisional")
    for row in rows:
        row["level"], row["comment"] = "Proficient", "Clear."
    with hand.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    grade_folder(root, out)
    again = _read(hand)
    assert {r["level"] for r in again} == {"Proficient"} and {r["comment"] for r in again} == {"Clear."}
    book = _read(out / "gradebook.csv")[0]
    assert float(book["first-read_score"]) == 100
    assert not _read(out / "errors.csv")  # a notebook with only written answers is "to read", not an error


def test_a_written_answer_with_carriage_returns_stays_one_row_and_keeps_its_level(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A carriage return in a written answer (pasted from a Windows program, or put there on purpose) is quoted in
    the hand-scored CSV: a spreadsheet and ``csv.reader`` read one cell, not a new row, and a regrade finds the
    row and keeps the teacher's level."""
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(tmp_path / "autosaves"))
    root = tmp_path / "submitted"
    answer = "First line.\r\nSecond line.\rThird, with a comma."
    _save(root / "cr" / "a" / "01_first_read.ipynb", "Carla Reyes",
          [{"id": "first-impression", "text": answer}, {"id": "feeling", "text": "Calm."}], activity="first-read")
    out = tmp_path / "grades"
    grade_folder(root, out)
    hand = out / "hand" / "first-read.csv"
    def read() -> dict[str, dict[str, str]]:  # as a spreadsheet reads it: line breaks inside quotes kept
        with hand.open(encoding="utf-8", newline="") as handle:
            return {row["item"]: row for row in csv.DictReader(handle)}

    rows = read()
    assert sorted(rows) == ["feeling", "first-impression"] and rows["first-impression"]["answer"] == answer
    for row in rows.values():
        row["level"] = "Proficient"
    with hand.open("w", encoding="utf-8", newline="") as handle:  # saved as a spreadsheet would, \r\n lines
        writer = csv.DictWriter(handle, fieldnames=list(rows["feeling"]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows.values())
    grade_folder(root, out)
    again = read()
    assert {(item, r["answer"], r["level"], r["status"]) for item, r in again.items()} == {
        ("first-impression", answer, "Proficient", ""), ("feeling", "Calm.", "Proficient", "")}
    assert float(_read(out / "gradebook.csv")[0]["first-read_score"]) == 100


def test_a_hand_file_holding_the_teachers_levels_is_replaced_atomically_and_flushed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first run's hand file holds nothing the teacher typed (the next run remakes it); once it holds a
    level, every regrade writes it through ``write_atomic`` (a temporary file, fsync, rename)."""
    import helpers.grading.output as output

    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(tmp_path / "autosaves"))
    atomic: list[str] = []
    real = output.write_atomic
    monkeypatch.setattr(output, "write_atomic", lambda path, data: (atomic.append(path.name), real(path, data)))
    root = tmp_path / "submitted"
    _save(root / "ks1" / "a" / "01_first_read.ipynb", "Karen Smith",
          [{"id": "first-impression", "text": "It says Kerry was weak."}], activity="first-read")
    out = tmp_path / "grades"
    grade_folder(root, out, workers=1)
    hand = out / "hand" / "first-read.csv"
    assert hand.is_file() and "first-read.csv" not in atomic
    rows = _read(hand)
    rows[0]["comment"] = "Which words say so?"
    with hand.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    grade_folder(root, out, workers=1)
    assert "first-read.csv" in atomic and _read(hand)[0]["comment"] == "Which words say so?"
    assert stat.S_IMODE(hand.stat().st_mode) & 0o044 == 0o044  # readable by the teacher's other programs


def test_roster_maps_ids_and_the_lms_files_carry_them(klass: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,email,sis_login\nperfect,Pat Perfect,pat@school.test,ppat\n"
                      "absent,Al Absent,al@school.test,aabs\n", encoding="utf-8")
    out = tmp_path / "grades"
    grade_folder(klass, out, roster=read_roster(roster))
    canvas = {r["ID"]: r for r in _read(out / "lms" / "canvas.csv")}
    assert canvas["perfect"]["Student"] == "Perfect, Pat"
    moodle = {r["idnumber"]: r for r in _read(out / "lms" / "moodle.csv")}
    assert moodle["perfect"]["email"] == "pat@school.test"
    report = {r["student_id"]: r["status"] for r in _read(out / "roster-report.csv")}
    assert report["absent"] == "on the roster, nothing handed in"
    assert report["diligent"] == "not on the roster"


def test_a_pasted_key_and_a_copied_record_are_flagged_not_rescored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(tmp_path / "autosaves"))
    root = tmp_path / "submitted"
    whole_key = _strategy_items("perfect: the whole key exactly")
    path = _save(root / "cheat" / "a" / "02_tag_claims.ipynb", "Cheat", whole_key[:16])
    notebook = json.loads(path.read_text(encoding="utf-8"))
    record = _record_output(notebook)["data"][MIME]
    stamp = {"created_at": record["saved_at"], "changed_at": record["saved_at"]}  # pasted with plausible times
    record["items"] = [{**item, **stamp} for item in whole_key]
    path.write_text(json.dumps(notebook), encoding="utf-8")
    _save(root / "twin-a" / "a" / "02_tag_claims.ipynb", "Twin A", _strategy_items("diligent: half the core exactly"))
    _save(root / "twin-b" / "a" / "02_tag_claims.ipynb", "Twin B", _strategy_items("diligent: half the core exactly"))
    out = tmp_path / "grades"
    grade_folder(root, out)
    flags = _read(out / "flags.csv")
    cheat = " ".join(f["flag"] for f in flags if f["student_id"] == "cheat")
    assert "summary line says 16" in cheat and "match the key to the character" in cheat
    assert "created within 5 seconds" in cheat
    assert any("the same answers as twin-b" in f["flag"] for f in flags if f["student_id"] == "twin-a")
    rows = {r["student_id"]: r for r in _read(out / "gradebook.csv")}
    assert float(rows["cheat"]["claims_score"]) == 100  # flagged for the teacher, never silently changed


def test_hostile_files_become_error_rows_and_never_stop_the_class(klass: Path, tmp_path: Path) -> None:
    odd = klass / "odd"
    odd.mkdir()
    os.mkfifo(odd / "pipe.ipynb")
    (odd / "zero.ipynb").symlink_to("/dev/zero")
    (odd / "outside.ipynb").symlink_to("/etc/hostname")
    (odd / "v3.ipynb").write_text(json.dumps({"nbformat": 3, "worksheets": []}), encoding="utf-8")
    name = os.fsencode(str(odd)) + b"/caf\xe9.ipynb"
    with open(name, "wb") as handle:
        handle.write(b"not json")
    out = tmp_path / "grades"
    report = grade_folder(klass, out)
    errors = {r["file"]: r["reason"] for r in _read(out / "errors.csv")}
    assert "FIFO" in errors["odd/pipe.ipynb"]
    assert "outside the folder" in errors["odd/zero.ipynb"] and "outside the folder" in errors["odd/outside.ipynb"]
    assert "nbformat 3" in errors["odd/v3.ipynb"]
    assert "not valid JSON" in errors["odd/caf\\xe9.ipynb"]
    assert report.students == 5
    assert stat.S_IMODE((out / "gradebook.csv").stat().st_mode) == 0o644


def test_feedback_speaks_to_the_student_in_markdown_and_plain_text(klass: Path, tmp_path: Path) -> None:
    out = tmp_path / "grades"
    grade_folder(klass, out)
    text = (out / "feedback" / "diligent.txt").read_text(encoding="utf-8")
    assert "You found 6 of the 12 core claims" in text and "\\" not in text
    assert "Next: look again at paragraph" in text
    assert "Key claims you have not found" not in text  # hidden until the teacher reveals them
    markdown = (out / "feedback" / "diligent.md").read_text(encoding="utf-8")
    assert "**6 of the 12 core claims**" in markdown
    assert markdown.index("core claims") < markdown.index("precision")


def test_cli_exits_non_zero_when_nothing_was_graded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "x.ipynb").write_text("{}", encoding="utf-8")
    assert main(["grade", str(folder), "--out", str(tmp_path / "out")]) == 1
    assert "nothing was graded" in capsys.readouterr().err
