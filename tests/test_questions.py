"""Written answers save as typed, restore on re-run, and the name reaches every record."""

import ipywidgets as widgets
import pytest

import helpers.widgets.questions as questions_module
from helpers.record.profile import student_name
from helpers.widgets.questions import QuestionForm, enter_name


def test_answers_save_and_restore():
    form = QuestionForm("first-read")
    form.boxes["feeling"].value = "Uneasy — the word “useless” did it."
    again = QuestionForm("first-read")
    assert again.answers()["feeling"] == "Uneasy — the word “useless” did it."
    assert again.store.document["revision"] == 1


def test_blank_answers_are_not_stored():
    form = QuestionForm("first-read")
    form.boxes["feeling"].value = "   "
    assert form.store.document["items"] == []


def test_entering_a_name_saves_the_profile():
    form = enter_name()
    form.boxes["name"].value = "  Ada \n Lovelace "
    assert student_name() == "Ada Lovelace"
    assert form.store.document["student"]["name"] == "Ada Lovelace"


def test_prompts_are_escaped_html(monkeypatch: pytest.MonkeyPatch):
    hostile = [{"id": "feeling", "prompt": '<script>alert(1)</script> Is "A & B" <i>fair</i>?'}]
    monkeypatch.setattr(questions_module, "questions_for", lambda activity: hostile)
    form = QuestionForm("first-read")
    assert all("<script" not in w.value for w in form.widget.children if hasattr(w, "value") and "<b>" in str(w.value))
    prompts = [w.value for w in form.widget.children if isinstance(w, widgets.HTML) and "alert" in w.value]
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; Is &quot;A &amp; B&quot; &lt;i&gt;fair&lt;/i&gt;?"
    assert prompts == [f"<b>1.</b> {escaped}"]
