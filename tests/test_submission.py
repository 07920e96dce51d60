"""The wrap-up's hand-in check: it tells apart saved, unsaved, not started and missing notebooks."""

import zipfile
from pathlib import Path

import pytest
from factories import saved_notebook, span

from helpers.record import AnswerStore
from helpers.views.submission import show_answers, submission_status, zip_submission
from helpers.widgets.hand_in import pack_submission
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
    target = zip_submission()
    assert target.name == "submission-ada-lovelace.zip" and target.parent.name == "kit-files"
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["02_tag_claims.ipynb", "kit-files/02_tag_claims.claims.answers.json"]


def test_the_notebook_view_marks_status_in_words(folder: Path):
    saved_notebook(folder / "02_tag_claims.ipynb", "Ada", [span(1, "met for seven hours", "checkable-fact", "t-1")])
    html = __import__("helpers").show_submission_status().to_html()
    assert "✓ ready" in html and "? missing" in html


def test_the_hand_in_button_packs_nothing_until_pressed(folder: Path):
    pack_submission()
    assert not (folder / "kit-files").exists()


def test_the_hand_in_button_says_what_is_not_ready_before_packing(folder: Path):
    saved_notebook(folder / "02_tag_claims.ipynb", "Ada Lovelace", [span(1, "met for seven hours", "opinion", "t-1")])
    hand_in = pack_submission()
    assert hand_in.check_and_pack() is None and hand_in.not_ready()
    assert not (folder / "kit-files").exists()
    target = hand_in.pack_now()
    assert target.is_file() and target.parent == folder / "kit-files"


def test_the_quick_checks_show_as_ready_or_not_started_and_vanish_when_off(folder: Path, tmp_path: Path):
    from factories import SOCHI

    from helpers.case import load_case

    saved_notebook(folder / "00_welcome.ipynb", "Ada", [{"id": "p-pre-01-sochi-deal", "verdict": "flawed",
                                                         "confidence": 0.9}], "pre-check")
    (folder / "05_wrap_up.ipynb").write_text('{"cells": []}', encoding="utf-8")
    table = submission_status()
    assert status(table, "00_welcome", "pre-check") == "ready"
    assert status(table, "05_wrap_up", "post-check") == "not started"
    assert table.loc[table["activity"] == "pre-check", "answers"].item() == "quick check (before)"
    import shutil

    off = tmp_path / "off" / "sochi-2015"
    shutil.copytree(SOCHI, off)
    with (off / "case.yaml").open("a", encoding="utf-8") as handle:
        handle.write("prepost: false\n")
    assert not {"pre-check", "post-check"} & set(submission_status(load_case(off))["activity"])
    millbrook = Path(__file__).resolve().parent / "fixtures" / "cases" / "millbrook-library"
    assert not {"pre-check", "post-check"} & set(submission_status(load_case(millbrook))["activity"])
