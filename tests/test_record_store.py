"""``AnswerStore``: every write merges the autosave, so views and kernels never overwrite each other."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from helpers.record import AnswerStore, same_answers
from helpers.record.notebook import MIME_TYPE


def span(ident: str, label: str = "opinion") -> dict:
    return {"id": ident, "labels": [label], "target": {"paragraph": 2, "exact": "nothing", "start": 11, "end": 18}}


def ids(items: list[dict]) -> list[str]:
    return sorted(i["id"] for i in items)


def test_an_older_view_does_not_overwrite_newer_answers(answers_dir: Path):
    tab_a = AnswerStore("claims", "sochi-2015")
    tab_a.update([span("t-x")])
    tab_b = AnswerStore("claims", "sochi-2015")  # a second Run All: restores X
    tab_b.update([*tab_b.items, span("t-y")])
    tab_a.update([span("t-x"), span("t-z")])  # A never saw Y
    saved = json.loads(tab_a.path.read_text(encoding="utf-8"))
    assert ids(saved["items"]) == ["t-x", "t-y", "t-z"]
    assert saved["revision"] == 3 and saved["history"]["edits"] == 3 and saved["schema_version"] == 2


def test_a_removal_in_one_view_is_kept_when_another_writes(answers_dir: Path):
    tab_a = AnswerStore("claims", "sochi-2015")
    tab_a.update([span("t-x"), span("t-y")])
    tab_b = AnswerStore("claims", "sochi-2015")
    tab_b.update([span("t-y")])  # B removes X
    tab_a.update([span("t-x"), span("t-y"), span("t-z")])  # A still shows X, adds Z
    saved = json.loads(tab_a.path.read_text(encoding="utf-8"))
    assert ids(saved["items"]) == ["t-y", "t-z"]
    assert [s["id"] for s in saved["removed"]] == ["t-x"]


def test_refresh_merges_what_another_view_wrote(answers_dir: Path):
    tab_a = AnswerStore("claims", "sochi-2015")
    tab_a.update([span("t-x")])
    AnswerStore("claims", "sochi-2015").update([span("t-x"), span("t-y")])
    assert tab_a.refresh() is True
    assert ids(tab_a.items) == ["t-x", "t-y"]
    assert tab_a.refresh() is False


def test_each_kernel_session_is_counted_once(answers_dir: Path):
    first = AnswerStore("claims", "sochi-2015")
    first.update([span("t-x")])
    first.update([span("t-x"), span("t-y")])
    second = AnswerStore("claims", "sochi-2015")
    second.update([span("t-x")])
    assert second.document["history"]["sessions"] == 2 and second.document["history"]["edits"] == 3


def test_a_failed_write_keeps_the_answers_and_names_the_folder(answers_dir: Path):
    store = AnswerStore("claims", "sochi-2015")
    store.update([span("t-x")])
    store.path.unlink()
    store.path.mkdir()  # a folder in the way: the rename fails even for root, like a read-only folder
    (store.path / "keep").touch()
    store.update([span("t-x"), span("t-y")])
    assert store.write_error and str(answers_dir) in store.write_error and ".tmp" not in store.write_error
    assert "Ctrl+S" in store.write_error
    assert ids(store.items) == ["t-x", "t-y"]
    assert store.retry() is False
    (store.path / "keep").unlink()
    store.path.rmdir()
    assert store.retry() is True and store.write_error is None
    assert ids(json.loads(store.path.read_text(encoding="utf-8"))["items"]) == ["t-x", "t-y"]


def test_a_v1_autosave_is_upgraded_in_memory_and_written_as_v2(answers_dir: Path):
    v1 = {"kit": "media-literacy-notebook-kit", "schema_version": 1, "activity": "claims", "case": "sochi-2015",
          "revision": 2, "saved_at": "2025-05-01T10:00:00.000Z", "student": {"name": "Ana"}, "items": [span("t-x")]}
    path = AnswerStore("claims", "sochi-2015").path
    path.write_bytes(orjson.dumps(v1))
    store = AnswerStore("claims", "sochi-2015")
    assert store.document["schema_version"] == 2 and store.items[0]["changed_at"] == "2025-05-01T10:00:00.000Z"
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 1  # reading never rewrites
    store.update([*store.items, span("t-y")])
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["schema_version"] == 2 and ids(saved["items"]) == ["t-x", "t-y"] and saved["revision"] == 3


def test_restore_merges_the_notebook_copy_and_the_autosave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(tmp_path))
    notebook = tmp_path / "02_tag_claims.ipynb"
    one = AnswerStore("claims", "sochi-2015", notebook=notebook)
    one.update([span("t-x")])
    in_notebook = {**one.document}
    one.update([span("t-x"), span("t-y")])  # autosave has X, Y
    other = {**in_notebook, "items": [*in_notebook["items"], {**span("t-z"), "created_at": "2999-01-01T00:00:00.000Z",
                                                             "changed_at": "2999-01-01T00:00:00.000Z"}]}
    output = {"output_type": "display_data", "metadata": {}, "data": {"text/plain": "x", MIME_TYPE: other}}
    cell = {"cell_type": "code", "id": "c", "metadata": {}, "source": "", "execution_count": 1, "outputs": [output]}
    notebook.write_bytes(orjson.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    restored = AnswerStore("claims", "sochi-2015", notebook=notebook)
    assert ids(restored.items) == ["t-x", "t-y", "t-z"]
    assert "merged" in restored.messages[0]
    assert restored.notebook_state() == "stale"
    assert same_answers(restored.items, restored.document["items"])


def test_a_reread_checks_only_what_is_new_yet_still_catches_a_damaged_item(tmp_path):
    from helpers.record.schema import AnswerError, new_document, validate_beside

    known = new_document("claims", "sochi-2015", [{"id": "t-1", "labels": ["opinion"],
                                                  "target": {"paragraph": 1, "exact": "a", "start": 0, "end": 1}}])
    assert validate_beside({**known, "revision": 3}, known)["revision"] == 3
    damaged = {**known, "items": [*known["items"], {"id": "t-2", "labels": "not a list"}]}
    with pytest.raises(AnswerError):
        validate_beside(damaged, known)
    with pytest.raises(AnswerError):
        validate_beside({**known, "revision": "three"}, known)
