"""The forms' side of the drafts protocol: snapshots the browser kept are applied, saved and confirmed."""

from __future__ import annotations

import json

from helpers.widgets.checking import ClaimChecker
from helpers.widgets.questions import QuestionForm
from helpers.widgets.rewrite import RewriteExercise


def send(form, ops: list[dict], live: bool = False) -> None:
    """As the drafts widget's comm message arrives from the browser."""
    form._drafts.set_state({"edit": {"live": live, "ops": ops}})


def saved(form) -> list[dict]:
    return json.loads(form.store.path.read_text(encoding="utf-8"))["items"]


def test_a_written_answer_sent_again_after_a_restart_is_saved_and_confirmed():
    QuestionForm("first-read").boxes["feeling"].value = "first thoughts"
    again = QuestionForm("first-read")  # a new kernel: the browser still holds a newer answer
    send(again, [{"seq": 41, "scope": "", "values": {"feeling": "first thoughts, then more"}}])
    assert again.boxes["feeling"].value == "first thoughts, then more"
    assert [i["text"] for i in saved(again) if i["id"] == "feeling"] == ["first thoughts, then more"]
    assert again._drafts.confirmed == 41


def test_a_snapshot_the_controls_already_hold_is_confirmed_without_a_write():
    form = QuestionForm("first-read")
    form.boxes["feeling"].value = "typed"
    revision = form.store.document["revision"]
    send(form, [{"seq": 7, "scope": "", "values": {"feeling": "typed"}}], live=True)
    assert form._drafts.confirmed == 7 and form.store.document["revision"] == revision


def test_old_and_malformed_snapshots_change_nothing():
    form = QuestionForm("first-read")
    send(form, [{"seq": 9, "scope": "", "values": {"feeling": "kept"}}])
    send(form, [{"seq": 8, "scope": "", "values": {"feeling": "older"}},
                {"seq": "x", "values": {"feeling": "junk"}}, {"seq": 10, "values": {"feeling": 3}}, "junk"])
    assert form.boxes["feeling"].value == "kept"
    assert form._drafts.confirmed == 10  # the malformed one was handled: the browser may forget it


def test_a_check_goes_to_the_claim_it_was_made_for():
    checker = ClaimChecker()
    second = checker.claims[1].id
    send(checker, [{"seq": 5, "scope": second,
                    "values": {"verdict": 0, "confidence": 3, "reason": "The record shows the talks took place.",
                               f"event:{next(iter(checker.events.boxes))}": True}}])
    assert checker.picker.value == second
    item = checker.checks[second]
    assert item["reason"] == "The record shows the talks took place." and item["confidence"] == 0.8
    assert item["verdict"] == checker.verdict.options[0][1] and len(item["events"]) == 1
    assert {i["id"] for i in saved(checker)} == {second}
    assert checker._drafts.confirmed == 5


def test_a_check_snapshot_for_an_unknown_claim_is_dropped():
    checker = ClaimChecker()
    send(checker, [{"seq": 5, "scope": "no-such-claim", "values": {"reason": "x" * 20}}])
    assert checker.checks == {} and checker._drafts.confirmed == 5


def test_a_rewrite_goes_to_its_paragraph():
    exercise = RewriteExercise()
    send(exercise, [{"seq": 3, "scope": "2", "values": {"text": "A plain retelling."}}])
    assert exercise.rewrites() == {2: "A plain retelling."} and exercise.paragraph == 2
    assert exercise._drafts.confirmed == 3


def test_a_failed_write_is_not_confirmed_until_retried(answers_dir):
    form = QuestionForm("first-read")
    form.store.path.mkdir()  # a folder in the way of the autosave
    (form.store.path / "keep").touch()
    send(form, [{"seq": 12, "scope": "", "values": {"feeling": "must not be lost"}}])
    assert form.store.write_error is not None and form._drafts.confirmed == 0
    (form.store.path / "keep").unlink()
    form.store.path.rmdir()
    form.check_notebook_saved()
    assert form._drafts.confirmed == 12
