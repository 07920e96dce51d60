"""The answer record: schema, atomic autosave, mirroring into the notebook, restoring the newer copy."""

import json
import os
from pathlib import Path

import orjson
import pytest

from helpers.activities.registry import activity
from helpers.record import (
    MIME_TYPE,
    AnswerError,
    AnswerStore,
    autosave_path,
    find_in_notebook,
    new_document,
    same_answers,
    validate,
    write_atomic,
)

SPAN = {"id": "t-1", "labels": ["opinion"], "target": {"paragraph": 2, "exact": "nothing", "start": 11, "end": 18}}


def notebook_with(*documents: dict) -> dict:
    outputs = [
        {"output_type": "display_data", "data": {"text/plain": "x", MIME_TYPE: d}, "metadata": {}} for d in documents
    ]
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {"cell_type": "code", "id": "c", "source": "", "metadata": {}, "outputs": outputs, "execution_count": 1}
        ],
    }


def test_new_document_follows_the_schema():
    assert validate(new_document("claims", "sochi-2015"))["revision"] == 0


def test_unknown_activity_is_rejected_with_where():
    document = new_document("claims", "sochi-2015")
    document["activity"] = "homework"
    with pytest.raises(AnswerError, match="activity"):
        validate(document)


def test_a_span_without_labels_is_rejected():
    document = new_document("claims", "sochi-2015", [{**SPAN, "labels": []}])
    with pytest.raises(AnswerError, match="items/0/labels"):
        validate(document)


def test_text_items_are_allowed_for_written_activities():
    items = [{"id": "feeling", "text": "<b>angry</b>"}]
    assert same_answers(validate(new_document("first-read", "sochi-2015", items))["items"], items)  # kept as typed
    with pytest.raises(AnswerError, match="items/0"):
        validate(new_document("claims", "sochi-2015", items))  # but not where spans are expected


def test_update_writes_the_autosave_and_bumps_the_revision(answers_dir: Path):
    store = AnswerStore("claims", "sochi-2015")
    store.update([SPAN])
    saved = json.loads(store.path.read_text(encoding="utf-8"))
    assert saved["revision"] == 1 and same_answers(saved["items"], [SPAN])
    assert saved["items"][0]["created_at"] == saved["items"][0]["changed_at"] == saved["saved_at"]
    assert store.path.parent == answers_dir


def test_a_new_store_restores_the_autosave_after_a_restart():
    AnswerStore("claims", "sochi-2015").update([SPAN])
    again = AnswerStore("claims", "sochi-2015")
    assert same_answers(again.items, [SPAN])
    assert "autosave" in again.messages[0]


def test_a_newer_notebook_copy_is_merged_with_an_older_autosave(tmp_path: Path):
    notebook = tmp_path / "02_tag_claims.ipynb"
    old = AnswerStore("claims", "sochi-2015", notebook=notebook)
    old.update([SPAN])
    later = {**SPAN, "id": "t-2", "created_at": "2999-01-01T00:00:00.000Z", "changed_at": "2999-01-01T00:00:00.000Z"}
    newer = dict(old.document, revision=5, saved_at="2999-01-01T00:00:00.000Z", items=[*old.document["items"], later])
    notebook.write_bytes(orjson.dumps(notebook_with(newer)))
    restored = AnswerStore("claims", "sochi-2015", notebook=notebook)
    assert restored.document["revision"] == 5
    assert [i["id"] for i in restored.items] == ["t-1", "t-2"]
    assert "notebook" in restored.messages[0]


def test_a_damaged_autosave_is_set_aside_not_overwritten(answers_dir: Path):
    path = autosave_path("claims", None)
    path.write_text("{not json", encoding="utf-8")
    store = AnswerStore("claims", "sochi-2015")
    assert store.items == []
    kept = list(answers_dir.glob("untitled.claims.answers.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{not json"
    assert "damaged" in store.messages[0]


def test_write_atomic_leaves_no_temporary_files(tmp_path: Path):
    target = tmp_path / "out" / "a.json"
    for n in range(5):
        write_atomic(target, str(n).encode())
    assert target.read_text() == "4"
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_write_atomic_keeps_the_old_file_when_the_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "out" / "a.json"
    write_atomic(target, b"old")

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_find_in_notebook_skips_other_activities_and_invalid_records():
    good = new_document("claims", "sochi-2015", [SPAN])
    other = new_document("devices", "sochi-2015")
    tampered = dict(good, revision="lots")
    assert find_in_notebook(notebook_with(other, tampered, good), "claims") == good


def test_find_in_notebook_takes_the_newest_of_several_copies():
    first = new_document("claims", "sochi-2015")
    second = dict(first, revision=3, saved_at="2999-01-01T00:00:00.000Z")
    assert find_in_notebook(notebook_with(second, first), "claims")["revision"] == 3


def test_bundle_carries_the_record_and_a_plain_summary():
    store = AnswerStore("claims", "sochi-2015", noun=activity("claims").noun)
    store.update([SPAN])
    bundle = store.bundle()
    assert same_answers(bundle[MIME_TYPE]["items"], [SPAN])
    assert "1 tagged claim by" in bundle["text/plain"]


def test_startup_notes_ask_for_a_save_when_the_notebook_lags_behind(tmp_path: Path):
    notebook = tmp_path / "02_tag_claims.ipynb"
    notebook.write_bytes(orjson.dumps(notebook_with()))
    AnswerStore("claims", "sochi-2015", notebook=notebook).update([SPAN])
    notes, unsaved = AnswerStore("claims", "sochi-2015", notebook=notebook).startup_notes()
    assert unsaved and any("Not yet in the notebook file" in n for n in notes)


def test_startup_notes_are_quiet_when_nothing_was_answered(tmp_path: Path):
    notes, unsaved = AnswerStore("claims", "sochi-2015", notebook=tmp_path / "x.ipynb").startup_notes()
    assert (notes, unsaved) == ([], False)
