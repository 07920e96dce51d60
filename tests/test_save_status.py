"""Every answer widget says the same three things: on disk, save the notebook, the notebook holds it."""

import errno
import json
from pathlib import Path

import pytest

from helpers.record import MIME_TYPE
from helpers.widgets.questions import QuestionForm
from helpers.widgets.save_status import SaveStatus
from helpers.widgets.tagging import ClaimTagger


@pytest.fixture
def notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run as Jupyter Server would: the kernel knows its notebook file, which exists on disk."""
    path = tmp_path / "01_first_read.ipynb"
    path.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", path.name)
    return path


def save_notebook_with(path: Path, record: dict) -> None:
    """What the browser's Ctrl+S writes: the notebook, with the mirrored record as an output."""
    output = {"output_type": "display_data", "metadata": {}, "data": {"text/plain": "x", MIME_TYPE: record}}
    cell = {"cell_type": "code", "id": "c", "metadata": {}, "source": "", "execution_count": 1, "outputs": [output]}
    path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")


def test_every_answer_widget_shares_the_save_messages():
    from helpers.widgets.checking import ClaimChecker
    from helpers.widgets.rewrite import RewriteExercise

    assert all(issubclass(cls, SaveStatus) for cls in (ClaimTagger, ClaimChecker, QuestionForm, RewriteExercise))


def test_a_change_asks_for_a_notebook_save(notebook: Path):
    form = QuestionForm("first-read")
    form.boxes["feeling"].value = "uneasy"
    assert "saved to disk" in form.status.value and "Not yet in the notebook file" in form.status.value


def test_the_message_confirms_once_the_notebook_file_holds_the_answers(notebook: Path):
    form = QuestionForm("first-read")
    form.boxes["feeling"].value = "uneasy"
    save_notebook_with(notebook, form.store.document)
    form.check_notebook_saved()
    assert "the notebook file holds them too" in form.status.value


def test_without_a_notebook_file_only_the_disk_is_mentioned():
    form = QuestionForm("first-read")
    form.boxes["feeling"].value = "uneasy"
    assert "saved to disk" in form.status.value and "notebook file" not in form.status.value


def test_a_failed_save_says_so_and_keeps_the_answer(monkeypatch: pytest.MonkeyPatch):
    form = QuestionForm("first-read")

    def refuse(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path.parent / ".tmpXYZ"))

    monkeypatch.setattr("helpers.record.store.write_atomic", refuse)
    form.boxes["feeling"].value = "uneasy"
    status = form.status.value
    assert "could not be saved to the folder" in status and "the disk is full" in status
    assert str(form.store.path.parent) in status and ".tmpXYZ" not in status
    assert "Ctrl+S" in status and "saved to disk" not in status
    assert form.boxes["feeling"].value == "uneasy"
    assert form.store.document["items"][0]["text"] == "uneasy"  # kept in memory and in the notebook copy


def test_a_failed_save_is_retried_and_then_confirmed(monkeypatch: pytest.MonkeyPatch):
    form = QuestionForm("first-read")
    monkeypatch.setattr("helpers.record.store.write_atomic", lambda path, data: (_ for _ in ()).throw(OSError(13, "x")))
    form.boxes["feeling"].value = "uneasy"
    assert "read-only" in form.status.value
    monkeypatch.undo()
    form.check_notebook_saved()
    assert "saved to disk" in form.status.value
    assert json.loads(form.store.path.read_text(encoding="utf-8"))["items"][0]["text"] == "uneasy"


def test_holds_them_too_is_withdrawn_when_another_save_drops_the_answers(notebook: Path):
    form = QuestionForm("first-read")
    form.boxes["feeling"].value = "uneasy"
    save_notebook_with(notebook, form.store.document)
    form.check_notebook_saved()
    assert "holds them too" in form.status.value
    save_notebook_with(notebook, {**form.store.document, "items": []})  # another tab saved an older copy
    form.check_notebook_saved()
    assert "holds them too" not in form.status.value and "Not yet in the notebook file" in form.status.value


def test_a_save_without_the_answers_warns_that_outputs_were_cleared(notebook: Path):
    form = QuestionForm("first-read")
    form.boxes["feeling"].value = "uneasy"
    notebook.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    form.check_notebook_saved(saved_now=True)
    assert "outputs cleared" in form.status.value


def test_notebook_00_quotes_the_status_line_as_it_reads(notebook: Path):
    """00 tells students what to wait for; every phrase it quotes must be what the status line really says."""
    import re

    text = "".join("".join(c["source"]) for c in json.loads(
        (Path(__file__).parents[1] / "notebooks" / "00_welcome.ipynb").read_text(encoding="utf-8"))["cells"])
    quoted = re.findall(r"\*“([^”]+)”\*", text)
    assert len(quoted) >= 3, quoted
    form = QuestionForm("welcome")
    form.boxes[next(iter(form.boxes))].value = "Ada"
    unsaved = form.status.value
    save_notebook_with(notebook, form.store.document)
    form.check_notebook_saved()
    seen = unsaved + form.status.value
    assert all(q in seen or q.startswith("Your saved answers") for q in quoted), (quoted, seen)
