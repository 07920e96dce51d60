"""Krippendorff's alpha as the report computes it, on a tiny example worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.report.agreement import alpha_from_counts
from helpers.report.spans import SpanTally


def test_alpha_on_a_hand_worked_example() -> None:
    # Three students, four characters; how many put each character in a span: 3, 0, 2, 1.
    # Coincidences (nominal, m = 3 coders per unit, each pair weighted 1 / (m − 1)):
    #   unit (in 3):  o_in,in += 3·2/2 = 3      unit (in 0):  o_out,out += 3
    #   unit (in 2):  o_in,in += 2·1/2 = 1, o_in,out = o_out,in += 2·1/2 = 1
    #   unit (in 1):  o_out,out += 1,        o_in,out = o_out,in += 1
    # o_in,in = 4, o_out,out = 4, o_in,out = o_out,in = 2; n_in = n_out = 6, n = 12.
    # alpha = 1 − (n − 1) · (o_in,out + o_out,in) / (n_in·n_out + n_out·n_in) = 1 − 11 · 4 / 72 = 28 / 72.
    counts = np.array([[0, 3], [3, 0], [1, 2], [2, 1]])
    assert alpha_from_counts(counts) == pytest.approx(28 / 72)


def test_perfect_agreement_is_one_and_no_variation_is_undefined() -> None:
    assert alpha_from_counts(np.array([[0, 3], [3, 0], [3, 0]])) == pytest.approx(1.0)
    assert alpha_from_counts(np.array([[3, 0], [3, 0]])) is None
    assert alpha_from_counts(np.zeros((0, 2))) is None


def test_value_counts_come_from_the_streamed_counters() -> None:
    from helpers.report.inputs import load_case

    case = load_case("sochi-2015")
    tally = SpanTally(case, (), ("opinion",))
    span = {"id": "t", "labels": ["opinion"], "target": {"paragraph": 1, "exact": "x", "start": 0, "end": 4}}
    tally.add([span])
    tally.add([{**span, "target": {**span["target"], "end": 2}}])
    counts = tally.value_counts("opinion")
    # every character a student can tag: the headline and dek first, then the body
    assert counts.shape == (sum(len(p.text) for p in (*case.parts(), *case.paragraphs)), 2)
    first = sum(len(p.text) for p in case.parts())  # paragraph 1 starts after the headline and dek
    assert counts[first : first + 5].tolist() == [[0, 2], [0, 2], [1, 1], [1, 1], [2, 0]]
