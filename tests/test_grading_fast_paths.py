"""The grader's fast paths say exactly what the careful paths they stand in for say.

Each fast path is checked against the plain version it replaced (written out here as the reference):
``_placeable`` (items kept only once one is dropped, labels counted only when some are unknown),
``record_checks`` given the outputs ``_embedded`` collected (instead of walking the cells again), and
``grade_checks``, whose two wordings of the feedback share one ``_summary`` (and the score it computed).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, cast

import pytest
from factories import KEY_EVENTS, KEY_VERDICTS, check, verdict_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.activities.base import GradeOptions
from helpers.activities.checks import assigned_claim_ids, checks_feedback, grade_checks
from helpers.case import load_case
from helpers.case.key import claims_key
from helpers.case.model import Case
from helpers.grading.grade import _embedded, _labels, _lengths, _placeable
from helpers.grading.integrity import record_checks
from helpers.record.notebook import MIME_TYPE
from helpers.record.types import AnswerRecord, CheckItem
from helpers.scoring.checks import score_checks, verdict_credit
from helpers.scoring.wording import MARKDOWN, PLAIN

SOCHI = load_case("sochi-2015")
TIME = "2026-01-01T10:00:00.000Z"


def _placeable_reference(record: dict[str, Any], case: Case) -> tuple[dict[str, Any], int, int]:
    """``_placeable`` as it was written before the fast path (one list built always, labels counted always)."""
    labels = _labels(record["activity"])
    lengths = _lengths(case)
    kept, dropped, unknown = [], 0, 0
    for raw in record["items"]:
        target = raw.get("target") if labels is not None else raw.get("claim")
        if isinstance(target, dict):
            number, start, end = target.get("paragraph"), target.get("start"), target.get("end")
            ok = (isinstance(number, int) and (length := lengths.get(number)) is not None and isinstance(start, int)
                  and isinstance(end, int) and 0 <= start < end <= length)
            if labels is not None:
                unknown += sum(1 for label in raw.get("labels", []) if label not in labels)
            if not ok:
                dropped += 1
                continue
        kept.append(raw)
    if not dropped:
        return record, 0, unknown
    return {**record, "items": kept}, dropped, unknown


NUMBERS = st.one_of(st.sampled_from([-2, -1, 0, 1, 2, 5, 10, 999, True, False, None, "1", 1.0]), st.integers(-5, 40))
OFFSETS = st.one_of(st.sampled_from([None, True, "3", 2.0]), st.integers(-3, 2000))
TARGETS = st.one_of(st.none(), st.fixed_dictionaries({"paragraph": NUMBERS, "start": OFFSETS, "end": OFFSETS}))
LABELS = st.lists(st.sampled_from(["opinion", "checkable-fact", "loaded-language", "made-up", "hyperbole", "x"]),
                  max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["claims", "devices", "checks"]),
       st.lists(st.tuples(TARGETS, LABELS), max_size=8))
def test_placeable_keeps_drops_and_counts_as_the_plain_loop_did(activity: str,
                                                                  items: list[tuple[Any, list[str]]]) -> None:
    field = "claim" if activity == "checks" else "target"
    record = {"activity": activity, "case": "sochi-2015",
              "items": [{"id": f"i-{n}", field: target, "labels": labels} for n, (target, labels) in
                        enumerate(items)]}
    fast = _placeable(cast(AnswerRecord, copy.deepcopy(record)), SOCHI)
    assert fast == _placeable_reference(copy.deepcopy(record), SOCHI)


def _output(record: Any, text: Any = "Your saved answers: 3 tagged claims by Ana") -> dict[str, Any]:
    return {"output_type": "display_data", "metadata": {}, "data": {"text/plain": text, MIME_TYPE: record}}


def _span(n: int, paragraph: int = 1) -> dict[str, Any]:
    return {"id": f"t-{n}", "labels": ["opinion"], "target": {"paragraph": paragraph, "exact": "x", "start": n,
                                                              "end": n + 1},
            "created_at": TIME, "changed_at": TIME}


def _record(count: int, revision: int = 1, activity: str = "claims", paragraph: int = 1) -> dict[str, Any]:
    return {"kit": "media-literacy-notebook-kit", "schema_version": 2, "activity": activity, "case": "sochi-2015",
            "revision": revision, "saved_at": TIME, "student": {"name": "Ana"},
            "items": [_span(n, paragraph) for n in range(count)], "removed": [],
            "history": {"edits": revision, "sessions": 1, "first_at": TIME}}


OUTPUTS = st.one_of(
    st.builds(lambda count, revision, paragraph: _output(_record(count, revision, paragraph=paragraph)),
              st.integers(0, 12), st.integers(0, 30), st.integers(1, 3)),
    st.builds(lambda count, text: _output(_record(count), text), st.integers(0, 12),
              st.one_of(st.text(max_size=20), st.lists(st.sampled_from(["Your answers: ", "4", " tags"]),
                                                       max_size=3), st.integers())),
    st.builds(lambda count: _output(_record(count, activity="devices")), st.integers(0, 5)),
    st.sampled_from([_output({"activity": "claims", "items": "broken"}), _output({"activity": ["claims"]}),
                     _output("not a record"), {"output_type": "stream", "text": "hello"},
                     {"output_type": "display_data", "data": []}, "not an output"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(OUTPUTS, max_size=3), max_size=4), st.integers(-1, 3), st.booleans())
def test_record_checks_with_the_outputs_of_embedded_is_record_checks_walking_the_cells(
        cells: list[list[Any]], graded: int, with_key: bool) -> None:
    notebook = {"cells": [{"cell_type": "code", "outputs": outputs} for outputs in cells] + [{"cell_type": "markdown"}]}
    records = [o["data"][MIME_TYPE] for outputs in cells for o in outputs if isinstance(o, dict)
               and isinstance(o.get("data"), dict) and isinstance(o["data"].get(MIME_TYPE), dict)
               and o["data"][MIME_TYPE].get("activity") == "claims" and isinstance(o["data"][MIME_TYPE].get("items"),
                                                                                   list)]
    record = records[graded] if 0 <= graded < len(records) else _record(11, revision=40)
    key = claims_key(SOCHI) if with_key else None
    try:
        walked = record_checks(notebook, record, key, "tagged claim")
    except Exception as exc:  # the same failure either way
        with pytest.raises(type(exc)):
            record_checks(notebook, record, key, "tagged claim", _embedded(notebook)[2])
        return
    assert record_checks(notebook, record, key, "tagged claim", _embedded(notebook)[2]) == walked


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return load_case(verdict_case(Path(tmp_path_factory.mktemp("verdicts"))))


CHECKS = st.lists(st.tuples(st.sampled_from([*KEY_VERDICTS, "c-placation", "c-unknown"]),
                            st.sampled_from(["accurate", "mostly-accurate", "misleading", "inaccurate", "unverifiable",
                                             "made-up", ""]),
                            st.sampled_from([None, 0.0, 0.5, 0.8, 1.0]), st.booleans(), st.booleans()),
                  max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(CHECKS, st.sampled_from([(), ("c-first", "c-s300"), ("c-seven", "c-unknown"), ("c-placation",)]))
def test_both_wordings_of_grade_checks_are_checks_feedback(verdicts: Case, checks: list[tuple[Any, ...]],
                                                          chosen: tuple[str, ...]) -> None:
    items = []
    for key_id, verdict, confidence, committed, linked in checks:
        known = key_id in KEY_EVENTS
        item = check(key_id if known else "c-first", verdict, KEY_EVENTS[key_id] if known and linked else None,
                     confidence=confidence, committed=committed)
        if not known:
            item["claim"]["key_id"] = key_id
        items.append(item)
    record = cast(AnswerRecord, {"activity": "checks", "case": "sochi-2015", "items": items})
    options = GradeOptions(claims_to_check=chosen)
    graded = grade_checks(verdicts, record, options)
    scored = score_checks(cast(list[CheckItem], items), verdicts)
    assert scored is not None
    assigned = assigned_claim_ids(verdicts, chosen)
    assert graded.feedback == checks_feedback(verdicts, scored, assigned=assigned, wording=MARKDOWN)
    assert graded.feedback_text == checks_feedback(verdicts, scored, assigned=assigned, wording=PLAIN)
    assert [s.credit for s in scored.scored] == [verdict_credit(s.item["verdict"], s.key) for s in scored.scored]
