"""The claim tagger: what the browser sends is cleaned, saved, mirrored and restored."""

from pathlib import Path

from helpers.case import load_case
from helpers.record.anchor import clean_spans
from helpers.record.profile import set_student_name
from helpers.widgets.tagging import ClaimTagger


def span(paragraph: int, quote: str, label: str = "checkable-fact", ident: str = "t-abc") -> dict:
    case = load_case("sochi-2015")
    where = case.locate(quote, paragraph)
    return {
        "id": ident,
        "labels": [label],
        "target": {"paragraph": paragraph, "exact": where.quote, "start": where.start, "end": where.end},
    }


def test_tagging_saves_to_the_autosave_file():
    tagger = ClaimTagger()
    tagger.widget.spans = [span(1, "met for seven hours")]
    assert tagger.store.document["revision"] == 1
    assert tagger.store.path.is_file()
    assert "saved to disk" in tagger.widget.status


def test_tags_survive_a_restart():
    ClaimTagger().widget.spans = [span(1, "met for seven hours"), span(2, "nothing was accomplished", "opinion", "t-2")]
    restored = ClaimTagger()
    assert [s["target"]["exact"] for s in restored.widget.spans] == ["met for seven hours", "nothing was accomplished"]
    assert restored.to_dataframe()["label"].tolist() == ["checkable-fact", "opinion"]


def test_unknown_labels_and_bad_offsets_are_dropped():
    tagger = ClaimTagger()
    bad_label = {**span(1, "met for seven hours"), "labels": ["<script>"]}
    bad_target = {"id": "t-x", "labels": ["opinion"], "target": {"paragraph": 99, "exact": "zzz", "start": 0, "end": 3}}
    tagger.widget.spans = [bad_label, "junk", bad_target]
    assert tagger.widget.spans == []
    assert tagger.store.document["items"] == []


def test_saved_tags_the_article_no_longer_contains_are_kept():
    from helpers.record import AnswerStore

    orphan = {
        "id": "t-old",
        "labels": ["opinion"],
        "target": {"paragraph": 3, "exact": "a sentence since edited away", "start": 0, "end": 28},
    }
    AnswerStore("claims", "sochi-2015").update([orphan])
    tagger = ClaimTagger()
    assert tagger.widget.spans == []
    assert "no longer match" in tagger.widget.status
    tagger.widget.spans = [span(1, "met for seven hours")]
    assert "t-old" in [item["id"] for item in tagger.store.document["items"]]


def test_offsets_that_do_not_match_are_reanchored_by_the_quote():
    case = load_case("sochi-2015")
    moved = span(1, "met for seven hours")
    moved["target"]["start"] += 3
    moved["target"]["end"] += 3
    placed, unplaced = clean_spans(case, [moved], {"checkable-fact"}, multi_label=False)
    assert placed[0]["target"]["exact"] == "met for seven hours" and not unplaced


def test_single_label_activity_keeps_one_label():
    case = load_case("sochi-2015")
    two = {**span(1, "met for seven hours"), "labels": ["opinion", "checkable-fact"]}
    placed, _ = clean_spans(case, [two], {"opinion", "checkable-fact"}, multi_label=False)
    assert placed[0]["labels"] == ["opinion"]


def test_records_carry_the_student_name():
    set_student_name("Ada <b>Lovelace</b>")
    tagger = ClaimTagger()
    tagger.widget.spans = [span(1, "met for seven hours")]
    assert tagger.store.document["student"]["name"] == "Ada <b>Lovelace</b>"


def test_autosave_sits_in_kit_files_beside_the_notebook_when_jupyter_names_it(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("MLKIT_ANSWERS_DIR")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", "course/02_tag_claims.ipynb")
    tagger = ClaimTagger()
    assert tagger.store.path == tmp_path / "kit-files" / "02_tag_claims.claims.answers.json"
    # the browser keeps unconfirmed tags under the name earlier releases used, so they survive the move
    assert tagger.widget.storage_key == str(tmp_path / "02_tag_claims.claims.answers.json")


def test_a_student_without_a_name_is_reminded():
    assert "No name saved yet" in ClaimTagger().widget.status


def test_a_named_student_is_not_nagged():
    set_student_name("Ada")
    assert "No name" not in ClaimTagger().widget.status


def test_answers_restored_from_the_autosave_ask_for_a_notebook_save(tmp_path, monkeypatch):
    notebook = tmp_path / "02_tag_claims.ipynb"
    notebook.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", "02_tag_claims.ipynb")
    ClaimTagger().widget.spans = [span(1, "met for seven hours")]
    restored = ClaimTagger()
    assert "Restored 1 answer" in restored.widget.status
    assert "Not yet in the notebook file" in restored.widget.status
    assert restored.widget.status_level == "unsaved"
