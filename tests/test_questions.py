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
    monkeypatch.setattr(questions_module, "questions_for", lambda activity, case=None: hostile)
    form = QuestionForm("first-read")
    assert all("<script" not in w.value for w in form.widget.children if hasattr(w, "value") and "<b>" in str(w.value))
    prompts = [w.value for w in form.widget.children if isinstance(w, widgets.HTML) and "alert" in w.value]
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; Is &quot;A &amp; B&quot; &lt;i&gt;fair&lt;/i&gt;?"
    assert prompts == [f"<b>1.</b> {escaped}"]


def test_a_case_adds_questions_about_its_own_article(tmp_path):
    import shutil
    from pathlib import Path

    from helpers.activities.questions import questions_for
    from helpers.case import load_case

    folder = tmp_path / "millbrook-library"
    shutil.copytree(Path(__file__).parent / "fixtures" / "cases" / "millbrook-library", folder)
    (folder / "teaching.yaml").write_text(
        "questions:\n  first-read:\n    - id: friends\n      prompt: Why might the Friends of the library write this?\n"
        "    - id: author\n      prompt: A duplicate id is ignored.\n", encoding="utf-8")
    ids = [q["id"] for q in questions_for("first-read", load_case(folder))]
    assert ids == [*(q["id"] for q in questions_for("first-read")), "friends"]


def test_a_question_about_the_author_note_is_asked_only_of_an_article_that_has_one():
    import dataclasses

    from helpers.activities.questions import questions_for
    from helpers.case import load_case

    case = load_case("sochi-2015")
    assert "author" in [q["id"] for q in questions_for("first-read", case)]
    bare = dataclasses.replace(case, author_note="", dek="")
    asked = [q["id"] for q in questions_for("first-read", bare)]
    assert "author" not in asked and "first-impression" in asked
    # without a case (the grader naming saved answers' prompts) every question is known
    assert "author" in [q["id"] for q in questions_for("first-read")]


def test_a_question_needing_a_part_the_kit_does_not_know_is_named(monkeypatch: pytest.MonkeyPatch):
    import helpers.activities.questions as module
    from helpers.case import load_case
    from helpers.case.files import CaseError

    odd = {"first-read": [{"id": "x", "prompt": "?", "needs": "sidebar"}]}
    monkeypatch.setattr(module, "_all_questions", lambda: odd)
    with pytest.raises(CaseError, match="needs 'sidebar'"):
        module.questions_for("first-read", load_case("sochi-2015"))


def test_the_anatomy_leaves_out_parts_the_article_does_not_have():
    import dataclasses

    from helpers.case import load_case
    from helpers.views.reading import show_anatomy

    case = load_case("sochi-2015")
    full = show_anatomy(case).data
    assert "Dek (subheading)" in full and "Author note" in full
    bare = show_anatomy(dataclasses.replace(case, author_note="", dek="")).data
    assert "Dek (subheading)" not in bare and "Author note" not in bare and "Headline" in bare
