"""The answer schema's "checks" activity (notebook 03): what a check item must and may hold."""

import pytest

from helpers.record import AnswerError, new_document, validate

CHECK = {
    "id": "c-01-first-in-two-years",
    "claim": {"source": "key", "key_id": "c-01-first-in-two-years", "paragraph": 1, "exact": "the first in two years",
              "start": 182, "end": 204},
    "events": [{"event_id": "e-2013-05-07-kerry-moscow", "role": "supports"}],
    "verdict": "accurate",
    "confidence": 0.8,
    "reason": "His previous visit to Russia was in May 2013.",
    "committed": True,
    "committed_at": "2026-01-01T10:00:00.000Z",
}


def record(**changes: object) -> dict:
    return new_document("checks", "sochi-2015", [{**CHECK, **changes}])


def test_a_committed_check_follows_the_schema():
    assert validate(record())["activity"] == "checks"


def test_a_check_in_progress_may_have_no_verdict_confidence_or_events():
    item = validate(record(verdict="", confidence=None, events=[], reason="", committed=False))["items"][0]
    assert (item["verdict"], item["confidence"], item["events"], item["committed"]) == ("", None, [], False)
    with pytest.raises(AnswerError, match="items/0/confidence"):
        validate(record(confidence=1.5))  # a confidence, when given, is still checked


def test_a_tag_without_a_key_claim_is_allowed():
    claim = {"source": "tag", "paragraph": 1, "exact": "Last week", "start": 0, "end": 9}
    assert validate(record(claim=claim))["items"][0]["claim"] == claim
    with pytest.raises(AnswerError, match="items/0/claim/source"):
        validate(record(claim={**claim, "source": "rumour"}))  # but the claim still says where it came from


def test_an_unknown_evidence_role_is_rejected_with_where():
    with pytest.raises(AnswerError, match="items/0/events/0/role"):
        validate(record(events=[{"event_id": "e-1", "role": "proves"}]))


def test_confidence_above_one_is_rejected():
    with pytest.raises(AnswerError, match="confidence"):
        validate(record(confidence=1.5))


def test_a_check_without_a_reason_field_is_rejected():
    item = {k: v for k, v in CHECK.items() if k != "reason"}
    with pytest.raises(AnswerError, match="reason"):
        validate(new_document("checks", "sochi-2015", [item]))


def test_a_verdict_must_be_an_id():
    with pytest.raises(AnswerError, match="verdict"):
        validate(record(verdict="Mostly accurate!"))


def test_span_items_are_not_check_items():
    span = {"id": "t-1", "labels": ["opinion"], "target": {"paragraph": 2, "exact": "x", "start": 0, "end": 1}}
    with pytest.raises(AnswerError):
        validate(new_document("checks", "sochi-2015", [span]))
