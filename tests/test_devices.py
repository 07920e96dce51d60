"""Device tagging (notebook 04): the tagger saves multi-label spans, scoring is hand-checked, feedback is escaped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.activities.base import DEFAULT_OPTIONS
from helpers.activities.devices import devices_feedback, grade_devices, score_devices
from helpers.activities.registry import activity
from helpers.case import Case, load_case
from helpers.case.key import KeySpan
from helpers.scoring.labels import device_near_miss, family_of
from helpers.views.devices import show_device_gallery
from helpers.widgets.review import check_my_work
from helpers.widgets.tagging import DeviceTagger, tag_devices

SOCHI = Path(__file__).resolve().parent.parent / "lessons" / "cases" / "sochi-2015"
LEFT = "Typically for a man of the Left"
# Three rows: one passage with an accepted alternative, and one passage that carries two devices.
SMALL_DEVICES_KEY = f"""id,paragraph,quote,device,also_accepted,explanation
d-useless,10,useless placation,loaded-language,exaggeration-or-minimisation,Useless passes the verdict.
d-left-stereotype,11,{LEFT},stereotyping-or-overgeneralisation,name-calling-or-labelling,One trait for a camp.
d-left-ad-hominem,11,{LEFT},ad-hominem,,Identity instead of reasons.
"""


@pytest.fixture(autouse=True)
def answers_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(tmp_path / "answers"))
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)


def copy_case(tmp_path: Path, key: str | None) -> Case:
    folder = tmp_path / "cases" / "sochi-2015"
    shutil.copytree(SOCHI, folder, ignore=shutil.ignore_patterns("key"))
    if key is not None:
        (folder / "key").mkdir()
        (folder / "key" / "devices.csv").write_text(key, encoding="utf-8")
    return load_case(folder)


@pytest.fixture
def small(tmp_path: Path) -> Case:
    return copy_case(tmp_path, SMALL_DEVICES_KEY)


def item(case: Case, paragraph: int, quote: str, *labels: str, ident: str = "t-abc12345") -> dict:
    where = case.locate(quote, paragraph)
    return {"id": ident, "labels": list(labels),
            "target": {"paragraph": paragraph, "exact": where.quote, "prefix": "", "suffix": "",
                       "start": where.start, "end": where.end}}


# ---- near miss ---------------------------------------------------------------------------------------------


def key_span(label: str) -> KeySpan:
    return KeySpan("d-x", 1, 0, 5, "quote", label, (), {})


def test_near_miss_is_half_for_a_device_of_the_same_family():
    assert family_of("repetition") == family_of("loaded-language") == "manipulative-wording"
    assert device_near_miss("repetition", key_span("loaded-language")) == 0.5


def test_near_miss_is_zero_for_a_device_of_another_family():
    assert device_near_miss("doubt", key_span("loaded-language")) == 0.0


def test_near_miss_is_zero_for_an_unknown_device():
    assert device_near_miss("no-such-device", key_span("loaded-language")) == 0.0


# ---- scoring, worked by hand ----------------------------------------------------------------------------


def test_exact_match_scores_full_precision_and_its_share_of_recall(small: Case):
    scored = score_devices([item(small, 10, "useless placation", "loaded-language")], small)
    assert scored.precision == 1.0
    assert scored.recall == pytest.approx(1 / 3)
    assert scored.f1 == pytest.approx(0.5)


def test_an_accepted_alternative_scores_like_the_key_device(small: Case):
    scored = score_devices([item(small, 10, "useless placation", "exaggeration-or-minimisation")], small)
    assert (scored.precision, scored.recall) == (1.0, pytest.approx(1 / 3))


def test_partial_overlap_gives_partial_recall(small: Case):
    # "useless" is 7 of the key span's 17 characters: all of the guess is right, 7/17 of the key span found.
    scored = score_devices([item(small, 10, "useless placation", "loaded-language") | {
        "target": {"paragraph": 10, "exact": "useless", "start": 8, "end": 15}}], small)
    assert small.paragraph(10).text[8:15] == "useless"
    assert scored.precision == 1.0
    assert scored.recall == pytest.approx((7 / 17) / 3)


def test_wrong_device_in_the_same_family_earns_half(small: Case):
    scored = score_devices([item(small, 10, "useless placation", "repetition")], small)
    assert scored.precision == 0.5
    assert scored.recall == pytest.approx(0.5 / 3)


def test_wrong_family_earns_nothing(small: Case):
    scored = score_devices([item(small, 10, "useless placation", "doubt")], small)
    assert (scored.precision, scored.recall, scored.f1) == (0.0, 0.0, 0.0)


def test_a_span_with_two_devices_finds_both_key_rows(small: Case):
    both = item(small, 11, LEFT, "stereotyping-or-overgeneralisation", "ad-hominem")
    scored = score_devices([both], small)
    assert scored.guesses == 2  # counted once per device
    assert scored.precision == 1.0
    assert scored.recall == pytest.approx(2 / 3)


def test_one_device_on_a_two_device_passage_finds_one_row(small: Case):
    scored = score_devices([item(small, 11, LEFT, "ad-hominem")], small)
    assert scored.precision == 1.0
    assert scored.recall == pytest.approx(1 / 3)


def test_empty_answers_score_zero(small: Case):
    scored = score_devices([], small)
    assert (scored.guesses, scored.precision, scored.recall, scored.f1, scored.score) == (0, 0.0, 0.0, 0.0, 0.0)


def test_score_is_none_without_a_key(tmp_path: Path):
    case = copy_case(tmp_path, None)
    assert score_devices([item(case, 10, "useless placation", "loaded-language")], case) is None


def test_score_reads_an_answer_record(small: Case):
    document = {"case": "sochi-2015", "items": [item(small, 10, "useless placation", "loaded-language")]}
    assert score_devices(document, small).precision == 1.0


# ---- the tagger -----------------------------------------------------------------------------------------


def test_tagger_saves_a_span_with_two_devices():
    case = load_case("sochi-2015")
    tagger = DeviceTagger(case)
    tagger.widget.spans = [item(case, 11, LEFT, "stereotyping-or-overgeneralisation", "ad-hominem")]
    saved = tagger.store.document
    assert saved["activity"] == "devices" and saved["revision"] == 1
    assert saved["items"][0]["labels"] == ["stereotyping-or-overgeneralisation", "ad-hominem"]


def test_tagger_restores_saved_tags():
    case = load_case("sochi-2015")
    DeviceTagger(case).widget.spans = [item(case, 10, "useless placation", "loaded-language")]
    restored = DeviceTagger(case)
    assert [s["target"]["exact"] for s in restored.widget.spans] == ["useless placation"]


def test_tagger_table_has_one_row_per_device_with_its_family():
    case = load_case("sochi-2015")
    tagger = DeviceTagger(case)
    tagger.widget.spans = [item(case, 11, LEFT, "stereotyping-or-overgeneralisation", "ad-hominem")]
    table = tagger.to_dataframe()
    assert table["family"].tolist() == ["Attack on reputation", "Simplification"]


def test_tag_devices_returns_a_device_tagger():
    assert isinstance(tag_devices(load_case("sochi-2015")), DeviceTagger)


# ---- feedback -------------------------------------------------------------------------------------------


def feedback_for(case: Case, items: list[dict]) -> str:
    return devices_feedback(case, items)


def test_feedback_reports_the_key_device_when_a_span_has_it_and_an_alternative(small: Case):
    both = item(small, 10, "useless placation", "exaggeration-or-minimisation", "loaded-language")
    text = feedback_for(small, [both])
    found = text.split("### What you found")[1].split("###")[0]
    assert "useless placation” (core) — device matches" in found
    others = text.split("### Your other labels on those passages")[1].split("###")[0]
    assert "Exaggeration or minimisation" in others and "an accepted alternative" in others


def test_feedback_calls_a_same_family_extra_defensible(small: Case):
    text = feedback_for(small, [item(small, 10, "useless placation", "loaded-language", "repetition")])
    others = text.split("### Your other labels on those passages")[1]
    assert "*Repetition*: Both are Manipulative wording" in others


def test_feedback_lists_missed_devices_with_the_key_explanation(small: Case):
    text = feedback_for(small, [item(small, 10, "useless placation", "loaded-language")])
    missed = text.split("### Key devices you have not found")[1]
    assert "Identity instead of reasons" in missed and "One trait for a camp" in missed
    assert "<details>" in missed  # folded, so a student tries first


def test_feedback_gives_half_credit_for_the_same_family(small: Case):
    text = feedback_for(small, [item(small, 10, "useless placation", "repetition")])
    assert "you said *Repetition*; the key says *Loaded language*" in text
    assert "Both are Manipulative wording: the right kind of move, so half credit" in text
    assert "Useless passes the verdict" in text


def test_feedback_lists_tags_the_key_does_not_have(small: Case):
    text = feedback_for(small, [item(small, 1, "met for seven hours", "flag-waving")])
    assert "### Tags that match no key device (1)" in text
    assert "The key lists the clearest devices, not every possible one" in text


def test_feedback_escapes_hostile_quotes_and_labels(small: Case):
    hostile = {"id": "t-evil", "labels": ["<img src=x onerror=alert(1)>"],
               "target": {"paragraph": 1, "exact": "<script>alert(1)</script>", "start": 0, "end": 25}}
    grade = grade_devices(small, {"case": "sochi-2015", "items": [hostile]})
    assert "<script>" not in grade.feedback and "<img" not in grade.feedback
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in grade.feedback
    assert "<img" in grade.feedback_text and "\\" not in grade.feedback_text  # plain text: shown as typed


def test_check_devices_says_plainly_when_the_key_is_absent(tmp_path: Path):
    tagger = DeviceTagger(copy_case(tmp_path, None))
    assert "answer key is not part of this copy" in check_my_work(tagger).press().data


def test_check_devices_with_nothing_tagged_says_so(small: Case):
    assert "not tagged anything yet" in check_my_work(DeviceTagger(small)).press().data


def test_check_devices_scores_the_tagger(small: Case):
    tagger = DeviceTagger(small)
    tagger.widget.spans = [item(small, 10, "useless placation", "loaded-language")]
    # one of the key's three devices, all core (the small key marks none): a third of full marks
    assert "Score: **33.3/100**" in check_my_work(tagger).press().data


# ---- grading --------------------------------------------------------------------------------------------


def test_devices_grader_is_registered_with_its_columns():
    columns = activity("devices").columns
    assert columns == ("devices_score", "devices_core_found", "devices_core", "devices_other_found", "devices_tags",
                       "devices_off_key", "devices_precision", "devices_recall", "devices_f1")


def test_grade_devices_fills_the_gradebook_columns(small: Case):
    columns, grader = activity("devices").columns, activity("devices").grade
    assert grader is not None
    grade = grader(small, {"case": "sochi-2015", "items": [item(small, 10, "useless placation", "loaded-language")]},
                   DEFAULT_OPTIONS)
    assert list(grade.columns) == list(columns)
    assert grade.columns["devices_tags"] == 1 and grade.columns["devices_score"] == 33.3
    assert grade.columns["devices_precision"] == 1.0 and grade.columns["devices_recall"] == 0.333
    assert grade.feedback.startswith("## Rhetorical devices (notebook 04)")


def test_grade_devices_without_a_key_leaves_scores_blank(tmp_path: Path):
    case = copy_case(tmp_path, None)
    grade = grade_devices(case, {"case": "sochi-2015", "items": []})
    assert grade.columns["devices_score"] == "" and "no key/devices.csv" in grade.feedback


# ---- gallery --------------------------------------------------------------------------------------------


def test_gallery_shows_every_family_and_device():
    from helpers.case.taxonomy import load_device_families, load_devices

    page = show_device_gallery(load_case("sochi-2015")).data
    assert all(f.name in page for f in load_device_families())
    assert all(d.name.replace("'", "&#x27;") in page for d in load_devices())
    assert "No clear instance in this article." in page  # e.g. whataboutism has no example


def test_gallery_escapes_taxonomy_text(monkeypatch: pytest.MonkeyPatch):
    import sys

    from helpers.case.taxonomy import Label

    module = sys.modules["helpers.views.devices"]

    evil = Label("evil", "<script>x</script>", "", "#000", "", "<b>bold</b>",
                 {"family": "call", "how_to_spot": "<i>look</i>"})
    monkeypatch.setattr(module, "load_devices", lambda: (evil,))
    page = show_device_gallery(load_case("sochi-2015")).data
    assert "<script>" not in page and "<b>bold" not in page and "<i>look" not in page
    assert "&lt;script&gt;" in page
