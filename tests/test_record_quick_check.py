"""The hand-written record check accepts what the kit writes and is never more lenient than the schema."""

from __future__ import annotations

import copy
from typing import Any

import fastjsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.record.quick_check import DATE_TIME_PATTERN, surely_valid
from helpers.record.schema import KIT, schema

SCHEMA = fastjsonschema.compile(schema(2))
TIME = "2026-01-01T10:00:00.000Z"
SPAN = {"id": "t-1", "labels": ["opinion", "motive"], "target": {
    "paragraph": 2, "exact": "Of course", "prefix": "", "suffix": ", nothing", "start": 0, "end": 9}}
CHECK = {"id": "c-1", "claim": {"source": "key", "key_id": "c-1", "paragraph": 1, "exact": "the first", "start": 3,
                                "end": 12},
         "events": [{"event_id": "e-1", "role": "supports"}], "verdict": "accurate", "confidence": 0.8,
         "reason": "A reason.", "committed": True, "committed_at": TIME, "key_shown_at": TIME}
TEXT = {"id": "first-impression", "text": "It argues Kerry was weak."}


def test_the_date_time_pattern_is_the_compiled_validators():
    """The times are checked with the very pattern ``fastjsonschema`` checks "format": "date-time" with (written
    out in ``quick_check`` so grading need not import it): an upgrade that changes it must fail here."""
    from fastjsonschema.draft04 import CodeGeneratorDraft04

    assert CodeGeneratorDraft04.FORMAT_REGEXS["date-time"] == DATE_TIME_PATTERN


def _document(activity: str, case: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kit": KIT, "schema_version": 2, "activity": activity, "case": case, "revision": 3, "saved_at": TIME,
            "student": {"name": "Ana"}, "items": [{**item, "created_at": TIME, "changed_at": TIME} for item in items],
            "removed": [{"id": "t-9", "removed_at": TIME}], "history": {"edits": 3, "sessions": 1, "first_at": TIME}}


def _records() -> list[dict[str, Any]]:
    return [_document("claims", "sochi-2015", [SPAN, {**SPAN, "id": "t-2", "target": {**SPAN["target"],
                                                                                             "paragraph": 3}}]),
               _document("devices", "sochi-2015", [SPAN]),
               _document("checks", "sochi-2015", [CHECK, {**CHECK, "id": "c-2", "verdict": "", "confidence": None,
                                                            "events": [], "committed": False}]),
               _document("first-read", "sochi-2015", [TEXT]),
               _document("wrap-up", "sochi-2015", [])]


def _accepted_by_schema(document: Any) -> bool:
    try:
        SCHEMA(copy.deepcopy(document))
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@pytest.mark.parametrize("record", _records(), ids=lambda r: r["activity"])
def test_records_the_kit_writes_are_accepted_without_the_compiled_validator(record: dict[str, Any]) -> None:
    assert surely_valid(record) and _accepted_by_schema(record)


BROKEN = [
    ("kit", lambda r: r.update(kit="another-kit")),
    ("extra top-level field", lambda r: r.update(extra=1)),
    ("missing history", lambda r: r.pop("history")),
    ("schema version 1", lambda r: r.update(schema_version=1)),
    ("unknown activity", lambda r: r.update(activity="quiz")),
    ("case id with a capital", lambda r: r.update(case="Sochi")),
    ("negative revision", lambda r: r.update(revision=-1)),
    ("a revision that is a boolean", lambda r: r.update(revision=True)),
    ("30 February", lambda r: r.update(saved_at="2026-02-30T10:00:00.000Z")),
    ("a time without a zone", lambda r: r.update(saved_at="2026-01-01T10:00:00")),
    ("a long name", lambda r: r["student"].update(name="x" * 201)),
    ("a second student field", lambda r: r["student"].update(email="a@b.c")),
    ("a tombstone with an extra field", lambda r: r["removed"][0].update(why="x")),
    ("a tombstone id with a space", lambda r: r["removed"][0].update(id="t 9")),
    ("an id of 81 characters", lambda r: r["items"][0].update(id="a" * 81)),
    ("no labels", lambda r: r["items"][0].update(labels=[])),
    ("a repeated label", lambda r: r["items"][0].update(labels=["opinion", "opinion"])),
    ("eleven labels", lambda r: r["items"][0].update(labels=[f"l{n}" for n in range(11)])),
    ("paragraph -2 (below the standfirst)", lambda r: r["items"][0]["target"].update(paragraph=-2)),
    ("a paragraph as text", lambda r: r["items"][0]["target"].update(paragraph="2")),
    ("an empty quote", lambda r: r["items"][0]["target"].update(exact="")),
    ("a long prefix", lambda r: r["items"][0]["target"].update(prefix="x" * 65)),
    ("end 0", lambda r: r["items"][0]["target"].update(end=0)),
    ("a target field too many", lambda r: r["items"][0]["target"].update(page=1)),
    ("an item without a change time", lambda r: r["items"][0].pop("changed_at")),
]


@pytest.mark.parametrize(("why", "change"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_broken_rule_is_refused(why: str, change: Any) -> None:
    record = copy.deepcopy(_records()[0])
    change(record)
    assert not surely_valid(record) and not _accepted_by_schema(record)


CHECK_BROKEN = [
    ("a claim from nowhere", lambda i: i["claim"].update(source="rumour")),
    ("an unknown role", lambda i: i["events"][0].update(role="proves")),
    ("confidence above one", lambda i: i.update(confidence=1.5)),
    ("confidence as a boolean", lambda i: i.update(confidence=True)),
    ("a verdict that is not an id", lambda i: i.update(verdict="Mostly accurate!")),
    ("committed as text", lambda i: i.update(committed="yes")),
    ("no reason field", lambda i: i.pop("reason")),
    ("a bad key_shown_at", lambda i: i.update(key_shown_at="soon")),
    ("201 events", lambda i: i.update(events=[{"event_id": "e-1", "role": "context"}] * 201)),
    # fields are counted, not compared as sets: another field in place of an optional one is still refused
    ("another field in place of committed_at", lambda i: (i.pop("committed_at", None), i.update(note="x"))),
    ("another field beside both optional ones", lambda i: i.update(committed_at=TIME, key_shown_at=TIME, note="x")),
    ("another claim field in place of key_id", lambda i: (i["claim"].pop("key_id", None), i["claim"].update(note="x"))),
    ("an event with another field in place of its role",
     lambda i: i.update(events=[{"event_id": "e-1", "note": "context"}])),
]


@pytest.mark.parametrize(("why", "change"), CHECK_BROKEN, ids=[b[0] for b in CHECK_BROKEN])
def test_each_broken_check_rule_is_refused(why: str, change: Any) -> None:
    record = copy.deepcopy(_records()[2])
    change(record["items"][0])
    assert not surely_valid(record) and not _accepted_by_schema(record)


ODD_VALUES = st.one_of(
    st.sampled_from([None, True, False, 0, 1, 2, -1, 1.0, 2.0, 0.5, 1.5, "", "a", "A", "a b", "x" * 81, "x" * 201,
                     "accurate", "supports", "key", TIME, "2026-02-29T10:00:00Z", "2024-02-29T10:00:00Z",
                     "2026-01-01T10:00:00.000z", [], {}, ["a"], ["a", "a"], {"name": "x"}]),
    st.integers(), st.floats(allow_nan=False), st.text(max_size=5),
)


def _mutate(data: st.DataObject, node: Any, depth: int = 0) -> Any:
    """The node with one thing changed somewhere inside it: a value replaced, a field added or removed."""
    if isinstance(node, dict) and node and (depth == 0 or data.draw(st.booleans())):
        key = data.draw(st.sampled_from(sorted(node)))
        action = data.draw(st.sampled_from(["descend", "descend", "replace", "drop", "add"]))
        if action == "descend":
            return {**node, key: _mutate(data, node[key], depth + 1)}
        if action == "replace":
            return {**node, key: data.draw(ODD_VALUES)}
        if action == "drop":
            return {k: v for k, v in node.items() if k != key}
        return {**node, data.draw(st.sampled_from(["extra", "note", "id", "labels"])): data.draw(ODD_VALUES)}
    if isinstance(node, list) and node and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(node) - 1))
        action = data.draw(st.sampled_from(["descend", "replace", "repeat"]))
        if action == "repeat":
            return [*node, node[index]]
        changed = _mutate(data, node[index], depth + 1) if action == "descend" else data.draw(ODD_VALUES)
        return [*node[:index], changed, *node[index + 1:]]
    return data.draw(ODD_VALUES)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_whatever_it_accepts_the_schema_accepts(data: st.DataObject) -> None:
    record = data.draw(st.sampled_from(_records()))
    mutated = _mutate(data, record)
    if surely_valid(mutated):
        assert _accepted_by_schema(mutated)
