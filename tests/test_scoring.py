"""Partial-overlap span scoring, checked on cases worked out by hand."""

import pytest

from helpers.case.key import KeySpan
from helpers.scoring import SpanGuess, claim_near_miss, guesses_from_items, score_spans


def key(start: int, end: int, label: str = "fact", paragraph: int = 1, accepted: tuple[str, ...] = ()) -> KeySpan:
    return KeySpan("k", paragraph, start, end, "q", label, accepted, {})


def no_credit(label: str, key_span: KeySpan) -> float:
    return 0.0


def test_exact_match_scores_one():
    scored = score_spans([SpanGuess(1, 10, 20, "fact")], [key(10, 20)], no_credit)
    assert (scored.precision, scored.recall, scored.f1) == (1.0, 1.0, 1.0)


def test_half_overlap_gives_half_recall_and_full_precision():
    # the guess 10-15 lies inside the key 10-20: all of it is right, half of the key is found
    scored = score_spans([SpanGuess(1, 10, 15, "fact")], [key(10, 20)], no_credit)
    assert scored.precision == 1.0
    assert scored.recall == 0.5
    assert scored.f1 == pytest.approx(2 / 3)


def test_overhanging_guess_loses_precision():
    # guess 0-20 against key 10-20: half the guess overlaps, all the key is covered
    scored = score_spans([SpanGuess(1, 0, 20, "fact")], [key(10, 20)], no_credit)
    assert (scored.precision, scored.recall) == (0.5, 1.0)


def test_wrong_label_gets_the_near_miss_credit():
    scored = score_spans([SpanGuess(1, 10, 20, "opinion")], [key(10, 20)], claim_near_miss)
    assert (scored.precision, scored.recall) == (0.5, 0.5)


def test_accepted_alternative_gets_full_credit():
    scored = score_spans([SpanGuess(1, 10, 20, "opinion")], [key(10, 20, accepted=("opinion",))], no_credit)
    assert scored.f1 == 1.0


def test_same_offsets_in_another_paragraph_do_not_count():
    scored = score_spans([SpanGuess(2, 10, 20, "fact")], [key(10, 20)], no_credit)
    assert scored.f1 == 0.0
    assert len(scored.extras) == 1


def test_credit_per_span_is_capped_at_one():
    # one guess covering two key spans exactly cannot earn more than full precision
    scored = score_spans([SpanGuess(1, 0, 20, "fact")], [key(0, 10), key(10, 20)], no_credit)
    assert scored.precision == 1.0 and scored.recall == 1.0


def test_tagging_everything_is_not_rewarded():
    guesses = [SpanGuess(1, 0, 10, "fact")] + [SpanGuess(1, s, s + 10, "fact") for s in range(100, 1000, 10)]
    scored = score_spans(guesses, [key(0, 10)], no_credit)
    assert scored.recall == 1.0
    assert scored.precision < 0.05
    assert scored.f1 < 0.1


def test_no_guesses_scores_zero_and_lists_every_key_span_as_missed():
    scored = score_spans([], [key(0, 10), key(20, 30)], no_credit)
    assert scored.f1 == 0.0
    assert [m.guess for m in scored.matches] == [None, None]


def test_multi_label_span_counts_once_per_label():
    items = [
        {"id": "t", "labels": ["fact", "opinion"], "target": {"paragraph": 1, "exact": "x", "start": 0, "end": 10}}
    ]
    guesses = guesses_from_items(items)
    scored = score_spans(guesses, [key(0, 10)], no_credit)
    assert len(guesses) == 2
    assert scored.precision == 0.5 and scored.recall == 1.0


def test_malformed_items_are_skipped():
    assert guesses_from_items([{"labels": ["x"]}, {"target": {}, "labels": ["x"]}, "junk"]) == []
