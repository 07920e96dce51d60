"""The activity registry is the one place an activity is declared: the schema, the notebooks, the questions,
the gradebook, the hand-in status and the widgets all agree with it, so nothing can be forgotten."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from factories import saved_notebook, span

from helpers.activities.questions import questions_for
from helpers.activities.registry import ACTIVITIES, activity, gradebook_columns, graded, notebooks
from helpers.case.files import read_yaml
from helpers.grading.classbook import gradebook_columns as class_columns
from helpers.grading.classbook import parts
from helpers.record.schema import schema
from helpers.views.submission import submission_status
from helpers.widgets.checking import ClaimChecker
from helpers.widgets.prepost import PrePostCheck
from helpers.widgets.questions import QuestionForm
from helpers.widgets.rewrite import RewriteExercise
from helpers.widgets.tagging import ClaimTagger, DeviceTagger

ROOT = Path(__file__).resolve().parent.parent
IDS = [a.id for a in ACTIVITIES]


def test_ids_are_unique_and_well_formed():
    assert len(IDS) == len(set(IDS))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in IDS)


def test_the_schema_accepts_exactly_the_registered_activities():
    assert schema()["properties"]["activity"]["enum"] == IDS


@pytest.mark.parametrize("entry", ACTIVITIES, ids=IDS)
def test_the_schema_gives_each_activity_the_items_of_its_kind(entry):
    rules = [rule for rule in schema()["allOf"]
             if entry.id in rule["if"]["properties"]["activity"].get("enum", [])
             or rule["if"]["properties"]["activity"].get("const") == entry.id]
    assert len(rules) == 1, f"{entry.id} needs exactly one item rule in the schema's allOf"
    assert rules[0]["then"]["properties"]["items"]["items"] == {"$ref": f"#/$defs/{entry.kind}"}


@pytest.mark.parametrize("entry", ACTIVITIES, ids=IDS)
def test_each_activity_has_its_notebook_and_its_words(entry):
    assert (ROOT / "notebooks" / f"{entry.notebook}.ipynb").is_file()
    assert entry.noun and entry.hand_in


def test_every_notebook_records_some_activity():
    assert sorted(notebooks()) == sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


def test_hand_in_words_are_distinct():
    assert len({a.hand_in for a in ACTIVITIES}) == len(ACTIVITIES)


@pytest.mark.parametrize("entry", ACTIVITIES, ids=IDS)
def test_graded_activities_have_their_own_columns_and_the_rest_none(entry):
    if entry.grade is None:
        assert entry.columns == () and entry.manual is None
    else:
        assert entry.columns and all(c.startswith(f"{entry.id}_") for c in entry.columns)


def test_the_gradebook_columns_come_from_the_registry_without_clashes():
    columns = class_columns()
    assert len(columns) == len(set(columns))
    assert set(gradebook_columns()) <= set(columns)
    assert [a.id for a in graded()] == ["claims", "devices", "checks"]  # release 0.1's column order
    # student_id and name first, then a score for every scored part, machine or hand, then the total
    assert columns[: 2 + len(parts()) + 1] == ["student_id", "name", *(f"{p}_score" for p in parts()), "total"]
    assert set(parts()) == {a.id for a in graded()} | {a.hand_part for a in ACTIVITIES if a.hand_part}


def test_the_activities_that_ask_questions_are_the_ones_in_questions_yaml():
    listed = read_yaml(ROOT / "lessons" / "questions.yaml")
    assert sorted(listed) == sorted(a.id for a in ACTIVITIES if a.asks)
    for entry in ACTIVITIES:
        if entry.asks:
            assert questions_for(entry.id)
        if entry.name_question is not None:
            assert entry.name_question in {str(q["id"]) for q in questions_for(entry.id)}


def test_the_hand_in_status_lists_every_activity_once_with_its_words(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    table = submission_status()
    assert list(table["activity"]) == [a.id for stem in notebooks() for a in notebooks()[stem]]
    assert sorted(table["activity"]) == sorted(IDS)
    assert dict(zip(table["activity"], table["answers"], strict=True)) == {a.id: a.hand_in for a in ACTIVITIES}


def test_each_widget_saves_under_its_registered_activity_and_noun():
    widgets = [ClaimTagger(), DeviceTagger(), ClaimChecker(), RewriteExercise(), PrePostCheck("pre"),
               PrePostCheck("post"), *(QuestionForm(a.id) for a in ACTIVITIES if a.asks)]
    assert sorted(w.store.activity for w in widgets) == sorted(IDS)
    for widget in widgets:
        assert widget.store.noun == activity(widget.store.activity).noun


def test_a_record_summary_uses_the_registered_noun(tmp_path: Path):
    path = saved_notebook(tmp_path / "02_tag_claims.ipynb", "Ada", [span(1, "met for seven hours", "opinion", "t-1")])
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    summary = next(o["data"]["text/plain"] for c in cells for o in c.get("outputs", [])
                   if "application/vnd.mlkit.answers+json" in o.get("data", {}))
    assert f"1 {activity('claims').noun} by Ada" in summary


def test_an_unknown_activity_is_named_with_the_known_ones():
    with pytest.raises(KeyError, match="claims"):
        activity("essay")
