"""The quick check's widget (notebooks 00 and 05): ratings are saved through the answer store, restored after a
restart, confirmed to the browser only once on disk, cleaned of anything unknown, and never shown an answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from factories import SOCHI

from helpers.activities.prepost import clean_rating, form_items
from helpers.case import load_case
from helpers.case.prepost import load_items
from helpers.record.schema import validate
from helpers.record.store import read_autosave
from helpers.widgets.prepost import PrePostCheck, prepost_check

MILLBROOK = Path(__file__).resolve().parent / "fixtures" / "cases" / "millbrook-library"
PRE = [i.id for i in form_items(load_case(SOCHI), "pre")]


def _edit(check: PrePostCheck, seq: int, *ratings: dict) -> None:
    """What the browser sends: every unconfirmed rating, with the newest seq."""
    check.widget.edit = {"seq": seq, "ops": [{"put": r} for r in ratings]}


def test_each_form_shows_its_ten_statements_in_order() -> None:
    bank = load_items(load_case(SOCHI)) or ()
    for form in ("pre", "post"):
        check = PrePostCheck(form)
        assert [s["text"] for s in check.widget.statements] == [i.statement for i in bank if i.form == form]
        assert [s["number"] for s in check.widget.statements] == list(range(1, 11))


def test_the_widget_is_never_sent_an_answer() -> None:
    state = json.dumps(PrePostCheck("pre").widget.get_state(), default=str)
    for item in load_items(load_case(SOCHI)) or ():
        assert item.explanation[:50] not in state
    assert '"verdict"' not in state  # no answers yet, and statements carry none


def test_a_rating_is_saved_to_the_autosave_as_a_valid_record(answers_dir: Path) -> None:
    check = PrePostCheck("pre")
    _edit(check, 1, {"id": PRE[0], "verdict": "flawed", "confidence": 0.9})
    saved = read_autosave(answers_dir / "untitled.pre-check.answers.json")
    assert saved is not None and saved["activity"] == "pre-check"
    assert [(i["id"], i["verdict"], i["confidence"]) for i in saved["items"]] == [(PRE[0], "flawed", 0.9)]
    validate(saved)
    assert check.widget.confirmed == 1
    assert "1 of 10 statements rated saved to disk" in check.widget.status


def test_ratings_survive_a_restart() -> None:
    first = PrePostCheck("pre")
    _edit(first, 5, {"id": PRE[0], "verdict": "flawed", "confidence": 0.7},
          {"id": PRE[1], "verdict": "sound", "confidence": None})
    again = PrePostCheck("pre")  # a new kernel: the store restores from the autosave
    assert again.ratings() == {PRE[0]: {"id": PRE[0], "verdict": "flawed", "confidence": 0.7},
                               PRE[1]: {"id": PRE[1], "verdict": "sound", "confidence": None}}
    assert "Restored 2 answers" in again.widget.status


def test_changing_a_rating_replaces_it_and_old_or_repeated_edits_change_nothing() -> None:
    check = PrePostCheck("pre")
    _edit(check, 10, {"id": PRE[0], "verdict": "flawed", "confidence": 0.5})
    _edit(check, 11, {"id": PRE[0], "verdict": "sound", "confidence": 1.0})
    revision = check.store.document["revision"]
    _edit(check, 11, {"id": PRE[0], "verdict": "flawed", "confidence": 0.5})  # a replay of an applied seq
    _edit(check, 9, {"id": PRE[0], "verdict": "flawed", "confidence": 0.5})  # older than one applied
    assert check.ratings()[PRE[0]]["verdict"] == "sound"
    assert check.store.document["revision"] == revision
    assert len(check.store.items) == 1


def test_edits_resent_after_a_restart_apply_once() -> None:
    first = PrePostCheck("pre")
    _edit(first, 20, {"id": PRE[0], "verdict": "flawed", "confidence": 0.9})
    again = PrePostCheck("pre")
    # the browser still held both (the first was never confirmed to it) and re-sends them with a new seq
    _edit(again, 21, {"id": PRE[0], "verdict": "flawed", "confidence": 0.9},
          {"id": PRE[2], "verdict": "sound", "confidence": 0.5})
    assert sorted(again.ratings()) == sorted([PRE[0], PRE[2]])
    assert again.widget.confirmed == 21


def test_unknown_items_and_values_are_dropped() -> None:
    check = PrePostCheck("pre")
    post_id = form_items(load_case(SOCHI), "post")[0].id
    _edit(check, 1, {"id": post_id, "verdict": "flawed", "confidence": 0.9},  # the other form's item
          {"id": "p-nope", "verdict": "flawed", "confidence": 0.9},
          {"id": PRE[0], "verdict": "true", "confidence": 0.9},
          {"id": PRE[1], "verdict": "sound", "confidence": 0.33},
          {"id": PRE[2], "verdict": "sound", "confidence": True},
          {"id": PRE[3], "verdict": "sound", "confidence": 0.9})
    assert list(check.ratings()) == [PRE[3]]


@pytest.mark.parametrize(("raw", "kept"), [
    ({"id": "a", "verdict": "sound", "confidence": 0.5}, True),
    ({"id": "a", "verdict": "", "confidence": 1}, True),  # how sure, before sound or flawed
    ({"id": "a", "verdict": "flawed", "confidence": None}, True),
    ({"id": "a", "verdict": "", "confidence": None}, False),  # nothing chosen
    ({"id": "a", "verdict": "Sound", "confidence": 0.5}, False),
    ({"id": "b", "verdict": "sound", "confidence": 0.5}, False),
    ("not a rating", False),
])
def test_clean_rating(raw: object, kept: bool) -> None:
    assert (clean_rating(raw, {"a"}) is not None) is kept


def test_a_failed_write_is_not_confirmed_to_the_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the answers folder should be", encoding="utf-8")
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(blocker / "answers"))
    check = PrePostCheck("pre")
    _edit(check, 3, {"id": PRE[0], "verdict": "sound", "confidence": 0.9})
    assert check.store.write_error is not None
    assert check.widget.confirmed == 0  # the browser keeps the edit and sends it again
    assert check.widget.status_level == "error"


def test_the_record_is_mirrored_for_the_notebook() -> None:
    check = PrePostCheck("post")
    post = form_items(load_case(SOCHI), "post")
    assert check.rate(post[0].id, "sound", 0.9)
    bundle = check.store.bundle()
    assert bundle["application/vnd.mlkit.answers+json"]["activity"] == "post-check"
    assert "1 rated statement by" in bundle["text/plain"]


def _case_copy(tmp_path: Path, extra_yaml: str) -> Path:
    folder = tmp_path / "sochi-2015"
    shutil.copytree(SOCHI, folder)
    with (folder / "case.yaml").open("a", encoding="utf-8") as handle:
        handle.write(extra_yaml)
    return folder


def test_the_teacher_can_turn_it_off_in_case_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert prepost_check("pre", load_case(_case_copy(tmp_path, "prepost: false\n"))) is None
    assert "turned the quick check off for this article" in capsys.readouterr().out


def test_the_teacher_can_turn_it_off_for_a_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    switches = tmp_path / "class.yaml"
    switches.write_text("prepost: false\n", encoding="utf-8")
    monkeypatch.setenv("MLKIT_CLASS", str(switches))
    assert prepost_check("post", load_case(SOCHI)) is None
    assert "turned the quick check off for this class" in capsys.readouterr().out


def test_a_case_without_an_item_bank_says_there_is_no_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert prepost_check("pre", load_case(MILLBROOK)) is None
    assert "There is no quick check for this article" in capsys.readouterr().out


def test_a_form_other_than_pre_or_post_is_refused() -> None:
    with pytest.raises(ValueError, match="'pre' or 'post'"):
        PrePostCheck("during")
