"""The checking widget: commit rules, saving and restoring, the key shown only after a commit, then locked."""

import json
from pathlib import Path

import pytest
from factories import verdict_case

from helpers.case import load_case
from helpers.views.checks import tabulate_checks
from helpers.widgets.checking import ClaimChecker
from helpers.widgets.review import check_my_work

REASON = "Kerry's last visit to Russia was in May 2013, so two years is right."


@pytest.fixture
def checker(tmp_path: Path) -> ClaimChecker:
    return ClaimChecker(load_case(verdict_case(tmp_path)), claims=None)


def answer(checker: ClaimChecker, claim: str = "c-first", verdict: str = "accurate", reason: str = REASON) -> None:
    checker.picker.value = claim
    checker.events.boxes["e-2013-05-07-kerry-moscow"].value = True
    checker.events.roles["e-2013-05-07-kerry-moscow"].value = "supports"
    checker.verdict.value = verdict
    checker.confidence.value = 90
    checker.reason.value = reason


def test_the_keys_checkable_claims_are_listed_when_nothing_was_tagged(checker: ClaimChecker):
    assert [c.id for c in checker.claims] == ["c-seven", "c-first", "c-s300", "c-trenin", "c-sanctions",
                                              "c-territory"]
    assert checker.picker.value == "c-seven" and "Paragraph 1" in checker.context.value


def test_every_change_is_saved_to_disk(checker: ClaimChecker):
    answer(checker)
    saved = json.loads(checker.store.path.read_text(encoding="utf-8"))
    item = saved["items"][0]
    assert item["events"] == [{"event_id": "e-2013-05-07-kerry-moscow", "role": "supports"}]
    assert (item["verdict"], item["confidence"], item["committed"]) == ("accurate", 0.9, False)
    assert "saved to disk" in checker.status.value.lower()


def test_commit_needs_a_verdict(checker: ClaimChecker):
    checker.picker.value = "c-first"
    checker.reason.value = REASON
    assert not checker.commit_current() and "Choose a verdict" in checker.message.value


def test_commit_needs_a_reason_of_some_length(checker: ClaimChecker):
    answer(checker, reason="it is true")
    assert not checker.commit_current() and "Write your reason" in checker.message.value
    assert not checker.checks["c-first"]["committed"]


def test_a_committed_claim_counts_as_checked(checker: ClaimChecker):
    answer(checker)
    assert checker.commit_current()
    assert checker.checks["c-first"]["committed"] and "committed_at" in checker.checks["c-first"]
    assert "1 of 6 claims checked" in checker.progress.value
    assert any(label.startswith("✔ checked") and value == "c-first" for label, value in checker.picker.options)


def test_changing_a_committed_answer_asks_for_a_new_commit(checker: ClaimChecker):
    answer(checker)
    checker.commit_current()
    checker.verdict.value = "mostly-accurate"
    assert not checker.checks["c-first"]["committed"] and "commit again" in checker.message.value


def test_answers_come_back_after_a_restart(checker: ClaimChecker):
    answer(checker)
    checker.commit_current()
    again = ClaimChecker(checker.case)
    again.picker.value = "c-first"
    assert again.verdict.value == "accurate" and again.reason.value == REASON and again.confidence.value == 90
    assert again.events.boxes["e-2013-05-07-kerry-moscow"].value
    assert "Restored 1 answer" in again.status.value


def test_the_key_stays_hidden_until_the_claim_is_committed(checker: ClaimChecker):
    answer(checker)
    assert "Commit your own verdict first" in checker.show_key()
    assert "Why c-first" not in checker.message.value


def test_after_a_commit_the_key_is_shown_and_the_answer_locked(checker: ClaimChecker):
    answer(checker)
    checker.commit_current()
    text = checker.show_key()
    assert "as the key does" in text and "Why c" in text and "Kerry Moscow" in text
    assert checker.verdict.disabled and checker.reason.disabled
    assert checker.events.boxes["e-2015-05-09-victory-day"].disabled
    assert "key_shown_at" in checker.checks["c-first"] and "can no longer change" in checker.message.value


def test_without_a_key_check_my_work_says_so(tmp_path: Path):
    folder = verdict_case(tmp_path)
    from helpers.activities.checks import claims_to_check_csv

    (folder / "claims_to_check.csv").write_text(claims_to_check_csv(load_case(folder)), encoding="utf-8")
    (folder / "key" / "claims.csv").unlink()
    checker = ClaimChecker(load_case(folder))
    answer(checker)
    checker.commit_current()
    assert "not part of this copy" in checker.show_key()
    assert "not part of this copy" in check_my_work(checker).data


def test_check_my_work_shows_committed_claims_only(checker: ClaimChecker):
    answer(checker)
    checker.commit_current()
    answer(checker, claim="c-s300", verdict="misleading")
    text = check_my_work(checker).data.replace("\\", "")
    assert "the first in two years" in text and "Why c-first" in text
    assert "Why c-s300" not in text and "not committed yet" in text
    assert checker.checks["c-first"].get("key_shown_at") and not checker.checks["c-s300"].get("key_shown_at")


def test_the_summary_table_has_one_row_per_claim_worked_on(checker: ClaimChecker):
    answer(checker)
    table = tabulate_checks(checker)
    assert list(table["verdict"]) == ["Accurate"] and list(table["events"]) == ["Kerry Moscow (supports)"]


def test_an_empty_checker_has_an_empty_table(checker: ClaimChecker):
    assert tabulate_checks(checker).empty
