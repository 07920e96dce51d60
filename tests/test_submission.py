"""The wrap-up's hand-in check: it tells apart saved, unsaved, not started and missing notebooks."""

import zipfile
from pathlib import Path

import pytest
from factories import saved_notebook, span

from helpers.record import AnswerStore
from helpers.views.submission import pack_submission, show_answers, submission_status
from helpers.widgets.questions import QuestionForm


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    here = tmp_path / "notebooks"
    here.mkdir()
    monkeypatch.chdir(here)
    return here


def status(table, stem: str, activity: str) -> str:
    row = table[(table["notebook"] == f"{stem}.ipynb") & (table["activity"] == activity)]
    return row["status"].item()


def test_a_saved_notebook_is_ready(folder: Path):
    saved_notebook(folder / "02_tag_claims.ipynb", "Ada", [span(1, "met for seven hours", "checkable-fact", "t-1")])
    assert status(submission_status(), "02_tag_claims", "claims") == "ready"


def test_newer_unsaved_answers_say_save_it(folder: Path):
    path = saved_notebook(folder / "02_tag_claims.ipynb", "Ada", [span(1, "met for seven hours", "opinion", "t-1")])
    store = AnswerStore("claims", "sochi-2015", notebook=path)
    store.update([*store.items, span(2, "nothing was accomplished", "opinion", "t-2")])
    table = submission_status()
    assert status(table, "02_tag_claims", "claims") == "save it"
    assert "Ctrl+S" in table.loc[table["activity"] == "claims", "what to do"].item()


def test_missing_and_unstarted_notebooks_are_named(folder: Path):
    (folder / "00_welcome.ipynb").write_text('{"cells": []}', encoding="utf-8")
    table = submission_status()
    assert status(table, "00_welcome", "welcome") == "not started"
    assert status(table, "04_rhetorical_devices", "devices") == "missing"


def test_earlier_answers_are_shown_escaped(folder: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "01_first_read.ipynb")  # as Jupyter Server tells notebook 01's kernel
    form = QuestionForm("first-read")
    monkeypatch.setenv("JPY_SESSION_NAME", "05_wrap_up.ipynb")
    form.boxes["feeling"].value = "<script>alert(1)</script> uneasy"
    html = show_answers("first-read").data
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "(no answer saved)" in html


def test_pack_zips_notebooks_and_backups(folder: Path, answers_dir: Path):
    saved_notebook(folder / "02_tag_claims.ipynb", "Ada Lovelace", [span(1, "met for seven hours", "opinion", "t-1")])
    AnswerStore("claims", "sochi-2015", notebook=folder / "02_tag_claims.ipynb").update([])
    target = pack_submission()
    assert target.name == "submission-ada-lovelace.zip"
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["02_tag_claims.claims.answers.json", "02_tag_claims.ipynb"]


def test_the_notebook_view_marks_status_in_words(folder: Path):
    saved_notebook(folder / "02_tag_claims.ipynb", "Ada", [span(1, "met for seven hours", "checkable-fact", "t-1")])
    html = __import__("helpers").show_submission_status().to_html()
    assert "✓ ready" in html and "? missing" in html
