"""The loaded-language counter, the signal counter and the neutral-rewrite exercise (notebook 04)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.activities.rewrite import (
    SIGNALS,
    count_loaded,
    count_signals,
    count_words,
    load_loaded_words,
    rewrite_counts,
)
from helpers.case import load_case
from helpers.views.device_charts import count_loaded_words
from helpers.widgets.rewrite import RewriteExercise, rewrite_paragraph


@pytest.fixture(autouse=True)
def answers_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "answers"
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(folder))
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    return folder


# ---- the word list --------------------------------------------------------------------------------------


def test_word_list_skips_comments_and_blank_lines(tmp_path: Path):
    path = tmp_path / "words.txt"
    path.write_text("# a comment\n\nBlatant\n  hat   in hand \n# another\nblatant\n", encoding="utf-8")
    assert load_loaded_words(path) == ("blatant", "hat in hand")


def test_default_word_list_is_the_kits():
    words = load_loaded_words()
    assert "blatant" in words and "hat in hand" in words
    assert not any(w.startswith("#") for w in words)


# ---- counting loaded words -------------------------------------------------------------------------------


def test_phrase_is_one_hit_and_not_also_its_word():
    counted = count_loaded("He backed down. She backed off.", ("backed", "backed down"))
    assert counted.terms == ["backed down", "backed"]


def test_matching_ignores_case():
    assert count_loaded("A BLATANT grab. Blatant again.", ("blatant",)).count == 2


def test_only_whole_words_match():
    assert count_loaded("unblatant blatant-looking", ("blatant",)).count == 0


def test_word_forms_of_one_word_terms_match():
    counted = count_loaded("Cowards! Blatantly treacherous; they murdered it.", ("cowardly", "blatant", "treachery",
                                                                                  "murder"))
    assert counted.terms == ["cowards", "blatantly", "treacherous", "murdered"]
    assert count_loaded("a useful user", ("useless",)).count == 0  # "useless" keeps its ending


def test_a_case_adds_its_own_loaded_words(tmp_path):
    from helpers.activities.rewrite import loaded_terms
    from helpers.case import load_case

    case = load_case(Path(__file__).parent / "fixtures" / "cases" / "millbrook-library")
    assert "raid" in loaded_terms(case) and "raid" not in load_loaded_words()
    table = count_loaded_words(case)
    assert table.loc[2, "which words"] == "cowards, treachery"


def test_curly_and_straight_apostrophes_are_the_same():
    assert count_loaded("Kerry’s folly", ("kerry's folly",)).count == 1
    assert count_loaded("Kerry's folly", ("kerry’s folly",)).count == 1


def test_phrases_match_across_line_breaks_and_runs_of_space():
    assert count_loaded("his hat\nin   hand", ("hat in hand",)).terms == ["hat in hand"]


def test_hits_carry_offsets_into_the_original_text():
    text = "Kerry’s useless placation"
    (term, start, end), = count_loaded(text, ("useless",)).hits
    assert (term, text[start:end]) == ("useless", "useless")


def test_density_is_hits_per_hundred_words():
    counted = count_loaded("blatant lies told", ("blatant",))
    assert (counted.words, counted.count, counted.per_100_words) == (3, 1, 33.33)


def test_empty_text_has_no_words_and_zero_density():
    counted = count_loaded("")
    assert (counted.words, counted.hits, counted.per_100_words) == (0, [], 0.0)


def test_words_joined_by_apostrophes_and_hyphens_count_once():
    assert count_words("Kerry’s cease-fire — it's over.") == 4


def test_default_list_finds_the_articles_loaded_words():
    text = load_case("sochi-2015").paragraph(10).text
    assert {"useless", "placation", "intransigent", "blasted", "defiantly"} <= set(count_loaded(text).terms)


def test_loaded_by_paragraph_has_a_row_per_paragraph():
    table = count_loaded_words(load_case("sochi-2015"))
    assert list(table.index) == list(range(1, 13))
    assert int(table["per 100 words"].idxmax()) == 3


# ---- signals --------------------------------------------------------------------------------------------


def test_unattributed_short_quote_is_a_scare_quote_signal():
    assert [h[0] for h in count_signals("They pressed the “re-set” button.")["scare-quotes"]] == ["“re-set”"]


def test_attributed_quote_is_not_a_scare_quote():
    assert count_signals("He said there was “no substitute” for talks.")["scare-quotes"] == []


def test_long_quotation_is_not_a_scare_quote():
    assert count_signals("Then “this was an important visit at an important time”.")["scare-quotes"] == []


def test_straight_single_quotes_count_but_apostrophes_do_not():
    found = count_signals("Kerry's 'reset' was Putin's gift.")["scare-quotes"]
    assert [h[0] for h in found] == ["'reset'"]


def test_exclamations_and_questions_are_counted():
    signals = count_signals("Really?! Who knew? Wow!!")
    assert len(signals["exclamations"]) == 2 and len(signals["questions"]) == 2


def test_intensifiers_and_absolutes_are_counted():
    signals = count_signals("Of course, nothing was clearly done, and they never tried at all.")
    assert [h[0] for h in signals["intensifiers"]] == ["of course", "clearly"]
    assert [h[0] for h in signals["absolutes"]] == ["nothing", "never", "all"]


def test_after_all_is_not_an_absolute():
    assert count_signals("After all, it was all over.")["absolutes"] == [("all", 18, 21)]


def test_rewrite_counts_name_each_signal():
    counts = rewrite_counts("A blatant “deal”!")
    assert list(counts) == ["Loaded words", *[name for name, _ in SIGNALS.values()]]
    assert counts["Loaded words"] == 1 and counts["Exclamations"] == 1 and counts["Scare quotes?"] == 1


# ---- the exercise ---------------------------------------------------------------------------------------


def test_exercise_starts_on_the_hottest_paragraph():
    assert RewriteExercise(load_case("sochi-2015")).paragraph == 3


def test_exercise_saves_the_rewrite_as_a_text_item():
    exercise = RewriteExercise(load_case("sochi-2015"))
    exercise.set_text("The Administration prefers to negotiate.")
    document = exercise.store.document
    assert document["activity"] == "rewrite" and document["revision"] == 1
    assert [{k: item[k] for k in ("id", "text")} for item in document["items"]] == [
        {"id": "paragraph-3", "text": "The Administration prefers to negotiate."}
    ]


def test_exercise_restores_the_rewrite_and_its_paragraph(answers_in_tmp: Path):
    first = RewriteExercise(load_case("sochi-2015"))
    first.select(10)
    first.set_text("Kerry's talks with the Russian government.")
    again = RewriteExercise(load_case("sochi-2015"))
    assert (again.paragraph, again.rewrite) == (10, "Kerry's talks with the Russian government.")
    assert (answers_in_tmp / "untitled.rewrite.answers.json").is_file()


def test_switching_paragraphs_shows_each_rewrite_without_saving():
    exercise = RewriteExercise(load_case("sochi-2015"))
    exercise.set_text("Plain paragraph three.")
    exercise.select(6)
    assert exercise.rewrite == ""
    exercise.select(3)
    assert exercise.rewrite == "Plain paragraph three."
    assert exercise.store.document["revision"] == 1


def test_clearing_a_rewrite_removes_its_item():
    exercise = RewriteExercise(load_case("sochi-2015"))
    exercise.set_text("Something.")
    exercise.set_text("")
    assert exercise.store.document["items"] == []


def test_copy_button_starts_from_the_original():
    exercise = RewriteExercise(load_case("sochi-2015"))
    exercise.copy_button.click()
    assert exercise.rewrite == exercise.original
    assert exercise.store.document["items"][0]["text"] == exercise.original


def test_counts_compare_original_and_rewrite():
    exercise = RewriteExercise(load_case("sochi-2015"))
    exercise.set_text("The Administration thinks reasoned arguments may change Russia's position.")
    table = exercise.counts()
    assert table.loc["Loaded words", "original"] == 4 and table.loc["Loaded words", "your rewrite"] == 0


def test_original_is_shown_escaped_with_loaded_words_marked():
    exercise = RewriteExercise(load_case("sochi-2015"))
    assert "<mark" in exercise.original_box.value and "incorrigible</mark>" in exercise.original_box.value
    exercise.set_text("<script>alert(1)</script> blatant")
    assert "<script>" not in exercise.counts_box.value


def test_rewrite_exercise_returns_the_exercise():
    assert isinstance(rewrite_paragraph(load_case("sochi-2015")), RewriteExercise)
