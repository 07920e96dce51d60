"""The class report's numbers on the simulated class of ``report_class.py``, against values worked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_class import ITEMS, report_case, simulated_class

from helpers.report.build import ClassReport, build_report
from helpers.report.inputs import ClassWork, load_case
from helpers.report.prepost import bootstrap_mean_ci


@pytest.fixture
def report(tmp_path: Path) -> ClassReport:
    return build_report(ClassWork(load_case(report_case(tmp_path)), simulated_class()), items=ITEMS)


def test_every_student_is_listed_and_only_taggers_count_as_coders(report: ClassReport) -> None:
    # s09 has an empty claims record and s10 nothing: 10 students, 8 who tagged claims, 6 devices.
    assert report.students == 10
    assert (report.claims.coders, report.devices.coders) == (8, 6)


def test_share_of_class_that_found_each_key_claim(report: ClassReport) -> None:
    found = {t.key.id: t.found for t in report.claims.items}
    # s01–s04 find c-first and c-seven; s01–s07 find c-s300; s05–s07 c-sanctions and c-placation; s08 two more.
    assert found == {"c-first": 4, "c-seven": 4, "c-s300": 7, "c-sanctions": 3, "c-trenin": 1, "c-territory": 1,
                     "c-placation": 3}
    assert next(t for t in report.claims.items if t.key.id == "c-s300").share(8) == pytest.approx(7 / 8)


def test_confusion_table_counts_each_student_once_per_found_key_item(report: ClassReport) -> None:
    # checkable-fact: s01–s04 × 3 items + s05–s07 × 2 + s08 × 1 = 19; the group's opinion → fact: 3.
    assert dict(report.claims.confusion) == {("checkable-fact", "checkable-fact"): 19,
                                             ("opinion", "checkable-fact"): 3,
                                             ("quoted-claim", "quoted-claim"): 1}
    # not found = coders × items of that label − found: 8 × 5 − 19, 8 × 1 − 3, 8 × 1 − 1.
    assert dict(report.claims.missed) == {"checkable-fact": 21, "opinion": 5, "quoted-claim": 7}


def test_the_group_confusion_reaches_key_review(report: ClassReport) -> None:
    disputed = report.claims.disputed_items()
    assert [(t.key.id, t.found, t.agreed) for t in disputed] == [("c-placation", 3, 0)]


def test_a_span_most_students_tagged_that_the_key_lacks_is_listed(report: ClassReport) -> None:
    spans = report.claims.majority_spans()
    assert [(m.paragraph, m.quote, m.share, m.label) for m in spans] == [
        (2, "Of course, nothing was accomplished.", 7 / 8, "opinion")]


def test_device_labels_and_confusion(report: ClassReport) -> None:
    items = {t.key.id: t for t in report.devices.items}
    assert (items["d-mullahs"].found, items["d-useless"].found) == (3, 6)
    assert dict(items["d-useless"].labels) == {"loaded-language": 3, "sarcasm-or-irony": 3}
    assert report.devices.confusion[("loaded-language", "sarcasm-or-irony")] == 3
    assert report.devices.disputed_items() == []  # 3 of 6 labelled otherwise is not a majority


def test_discernment_is_pooled_hits_minus_false_alarms(report: ClassReport) -> None:
    c = report.checks
    # Flawed checked: s01–s04 c-s300 + c-sanctions (8), s05–s07 c-s300 (3) = 11; hits 4 + 2 + 3 = 9.
    # Sound checked: s01–s04 c-first (4), s05–s07 c-first + c-territory (6) = 10; false alarms 0 + 6 = 6.
    assert (c.hits, c.flawed, c.false_alarms, c.sound) == (9, 11, 6, 10)
    assert c.discernment == pytest.approx(9 / 11 - 6 / 10)
    # Per student: s01–s02 1 − 0, s03–s04 ½ − 0, s05–s07 1 − 1: mean (2 + 1 + 0) / 7.
    assert c.mean_student_discernment == pytest.approx(3 / 7)


def test_calibration_bins_and_brier(report: ClassReport) -> None:
    bins = {label: (n, right) for label, n, _, right in report.checks.reliability()}
    # 90% sure: 12 checks, right on c-s300 ×4, c-first ×4, c-sanctions ×2 = 10. 60% sure: 9 checks, 3 right.
    assert bins["80%–100%"] == (12, pytest.approx(10 / 12))
    assert bins["60%–80%"] == (9, pytest.approx(3 / 9))
    # Brier: (10 × 0.1² + 2 × 0.9² + 3 × 0.4² + 6 × 0.6²) / 21 = 4.36 / 21.
    assert report.checks.brier == pytest.approx(4.36 / 21)


def test_most_of_the_class_rejecting_a_key_verdict_reaches_key_review(report: ClassReport) -> None:
    assert [x.key.id for x in report.checks.disputed()] == ["c-territory"]


def test_prepost_gain_is_the_known_one(report: ClassReport) -> None:
    p = report.prepost
    assert p is not None
    # s01–s06 go from discernment 0 (all flawed) to 1; s07–s08 stay at 1. Gain 6 / 8.
    assert sorted(p.paired_discernment) == [0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    assert p.mean(p.paired_discernment) == pytest.approx(0.75)
    assert p.form_mean("pre", "discernment") == pytest.approx(0.25)
    # Brier: 0.25 (50% sure) → 0 for s01–s06, 0 → 0 for s07–s08: mean change −1.5 / 8.
    assert p.mean(p.paired_brier) == pytest.approx(-0.1875)
    low, high = bootstrap_mean_ci(p.paired_discernment) or (0, 0)
    assert 0 < low <= 0.75 <= high <= 1


def test_progress_reads_handed_in_not_saved_empty_and_not_started(report: ClassReport) -> None:
    rows = {r.student_id: r.status for r in report.progress}
    assert rows["s01"]["claims"] == "handed in"
    assert rows["s04"]["checks"] == "not saved"  # only in the autosave
    assert rows["s09"]["claims"] == "empty"
    assert set(rows["s10"].values()) == {"not started"}


def test_written_answers_are_grouped_by_question(report: ClassReport) -> None:
    assert len(report.written[("first-read", "first-impression")]) == 2
    assert [a.text for a in report.written[("wrap-up", "learned")]] == ["¶5 left out the S-300 talks."]


def test_a_passage_the_key_lists_under_two_labels_is_not_a_dispute() -> None:
    from helpers.report.inputs import devices_key
    from helpers.report.spans import SpanTally

    case = load_case("sochi-2015")
    key = tuple(k for k in devices_key(case) or () if k.id in ("d-03-left-straw-man", "d-03-left-stereotype"))
    assert len(key) == 2 and key[0].quote == key[1].quote
    tally = SpanTally(case, key, ("straw-man", "stereotyping-or-overgeneralisation"))
    item = {"id": "t", "labels": ["stereotyping-or-overgeneralisation"],
            "target": {"paragraph": 3, "exact": key[0].quote, "start": key[0].start, "end": key[0].end}}
    for _ in range(3):
        tally.add([item])
    assert [(t.key.id, t.found, t.agreed) for t in tally.items] == [("d-03-left-straw-man", 3, 3),
                                                                     ("d-03-left-stereotype", 3, 3)]
    assert tally.disputed_items() == []
    assert dict(tally.confusion) == {("stereotyping-or-overgeneralisation", "stereotyping-or-overgeneralisation"): 3}


def test_tagging_a_longer_key_device_is_not_a_confusion_on_the_one_inside_it() -> None:
    from helpers.report.inputs import devices_key
    from helpers.report.spans import SpanTally

    case = load_case("sochi-2015")
    key = tuple(k for k in devices_key(case) or () if k.id in ("d-12-strength-either-or", "d-12-american-strength"))
    outer = next(k for k in key if k.id == "d-12-strength-either-or")
    tally = SpanTally(case, key, ("black-and-white-fallacy", "flag-waving"))
    item = {"id": "t", "labels": ["black-and-white-fallacy"],
            "target": {"paragraph": 12, "exact": outer.quote, "start": outer.start, "end": outer.end}}
    tally.add([item])
    found = {t.key.id: (t.found, t.agreed) for t in tally.items}
    assert found == {"d-12-strength-either-or": (1, 1), "d-12-american-strength": (0, 0)}
    assert dict(tally.confusion) == {("black-and-white-fallacy", "black-and-white-fallacy"): 1}
