"""``newest``: the grader and restore take the newest copy, and say when it was not the notebook's."""

from __future__ import annotations

from helpers.record import changed_items, from_widget_state, new_document, newest

SPAN = {"id": "t-1", "labels": ["opinion"], "target": {"paragraph": 2, "exact": "nothing", "start": 11, "end": 18}}


def record(revision: int, items: list[dict], when: str = "2026-01-01T00:00:00.000Z") -> dict:
    dated, _ = changed_items([], items, when)
    return {**new_document("claims", "sochi-2015"), "revision": revision, "saved_at": when, "items": dated}


def test_no_copy_gives_none():
    assert newest({"notebook": None, "autosave": None}) is None


def test_the_notebook_copy_is_used_when_it_is_current():
    copy = record(3, [SPAN])
    chosen = newest({"notebook": copy, "autosave": record(3, [SPAN])})
    assert chosen.source == "notebook" and chosen.notes == []


def test_a_newer_autosave_is_used_and_noted():
    chosen = newest({"notebook": record(2, []), "autosave": record(3, [SPAN])})
    assert chosen.source == "autosave" and chosen.record["items"][0]["id"] == "t-1"
    assert "autosave copy is newer" in chosen.notes[0] and "1 vs 0 items" in chosen.notes[0]


def test_an_autosave_alone_is_used_without_a_note():
    chosen = newest({"notebook": None, "autosave": record(1, [SPAN])})
    assert chosen.source == "autosave" and chosen.notes == []


def test_saved_widget_state_counts_as_a_copy():
    state = record(5, [SPAN])
    notebook = {"metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {
        "state": {"abc": {"model_name": "AnyModel", "state": {"record": state}}}, "version_major": 2}}}}
    found = from_widget_state(notebook, "claims", "sochi-2015")
    assert found == state
    chosen = newest({"notebook": record(4, []), "widget-state": found, "autosave": None})
    assert chosen.source == "widget-state" and chosen.notes


def test_a_tampered_widget_state_copy_is_ignored():
    bad = {**record(5, [SPAN]), "revision": -1}
    notebook = {"metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {
        "state": {"abc": {"state": {"record": bad}}}}}}}
    assert from_widget_state(notebook, "claims") is None
