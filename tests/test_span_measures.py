"""The grader's one-pass span measures (``span_measures``) equal ``fair_score`` and ``score_spans`` exactly, and
``FairScore``'s remembered positions equal what its items say, on random keys and tags."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.case.key import KeySpan
from helpers.scoring.span_grade import fair_score
from helpers.scoring.span_measures import span_measures, spans_from_items
from helpers.scoring.spans import guesses_from_items, score_spans

LABELS = ("a", "b", "c", "d")


def near_miss(label: str, item: KeySpan) -> float:
    return 0.5 if label < "c" else 0.0


@st.composite
def keys(draw: st.DrawFn) -> tuple[tuple[KeySpan, ...], set[str]]:
    items: list[KeySpan] = []
    for n in range(draw(st.integers(0, 12))):
        paragraph = draw(st.integers(-1, 3))
        start = draw(st.integers(0, 200))
        end = start + draw(st.integers(0, 120))
        label = draw(st.sampled_from(LABELS))
        accepted = tuple(draw(st.lists(st.sampled_from(LABELS), max_size=1)))
        item_id = f"k-{draw(st.integers(0, n))}"  # now and then an id repeated, as a hand-edited key may have
        items.append(KeySpan(item_id, paragraph, start, end, "", label, accepted, {}))
    core = {item.id for item in items if draw(st.booleans())}
    return tuple(items), core


item_strategy = st.fixed_dictionaries({
    "target": st.fixed_dictionaries({"paragraph": st.integers(-1, 3), "start": st.integers(0, 250),
                                     "end": st.integers(0, 350)}),
    "labels": st.lists(st.sampled_from((*LABELS, "banana")), max_size=3),
})
records = st.lists(st.one_of(item_strategy, st.just({"target": {"paragraph": "x"}, "labels": ["a"]}),
                             st.just({"labels": ["a"]})), max_size=20)


def doubled(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return items + items[: len(items) // 2]  # exact repeats, as students make them


@settings(max_examples=400, deadline=None)
@given(keys(), records, st.booleans())
def test_span_measures_equal_fair_score_and_score_spans(key_core: tuple[tuple[KeySpan, ...], set[str]],
                                                        items: list[dict[str, Any]], as_list: bool) -> None:
    key, core = key_core
    items = doubled(items)
    guesses = guesses_from_items(items)
    spans = spans_from_items(items)
    assert spans == [(g.paragraph, g.start, g.end, g.label) for g in guesses]
    scored_key = list(key) if as_list else key  # a list is worked out afresh; a tuple through the memo
    for _ in range(2):  # the second time from what the memo remembers
        fair, scored = span_measures(spans, scored_key, near_miss, LABELS, core)
        assert fair == fair_score(guesses, scored_key, near_miss, LABELS, core)
        assert scored == score_spans(guesses, scored_key, near_miss, detail=False)
        counted = dataclasses.replace(fair)  # a copy without the counts ``fair_score`` set: worked out from items
        assert counted == fair  # made through ``FairScore.__init__``, every field the same as ``score_given_tags`` set
        for name in ("core_found", "core_labelled_right", "extra_found", "found_positions", "core_missed_positions"):
            assert getattr(fair, name) == getattr(counted, name), name
        if key and len({item.id for item in key}) == len(key):
            # ``fair_score`` counts the core by id (at least one, the penalty's divisor), the items by position
            assert fair.core_total == counted.core_total


def test_the_graders_feedback_is_check_my_works_in_both_wordings() -> None:
    """The grader's feedback files (``grade_claims`` / ``grade_devices``) and "check my work" (``claims_feedback``
    / ``devices_feedback``) give a student the same words, on the Sochi keys with tags that fit, overlap, carry
    the wrong label or a label outside the taxonomy, and repeat (both measure through ``measure_spans``, which
    the test above holds equal to ``fair_score`` and ``score_spans``)."""
    import random

    from helpers.activities.base import GradeOptions
    from helpers.activities.claims import claims_feedback, grade_claims
    from helpers.activities.devices import devices_feedback, grade_devices
    from helpers.case import load_case
    from helpers.case.key import claims_key, devices_key
    from helpers.scoring.wording import MARKDOWN, PLAIN

    case = load_case("sochi-2015")
    rng = random.Random(3)
    for activity, key, grade, feedback in (("claims", claims_key(case), grade_claims, claims_feedback),
                                           ("devices", devices_key(case), grade_devices, devices_feedback)):
        assert key
        labels = [*sorted({k.label for k in key}), "banana"]
        for student in range(25):
            items = []
            for n, k in enumerate(rng.sample(list(key), k=rng.randint(0, 12))):
                start = max(0, k.start + rng.randint(-8, 8))
                end = max(start + 1, k.end + rng.randint(-8, 40))
                label = k.label if rng.random() < 0.6 else rng.choice(labels)
                items.append({"id": f"t-{student}-{n}", "labels": [label],
                              "target": {"paragraph": k.paragraph, "start": start, "end": end,
                                         "exact": case.paragraph(k.paragraph).text[start:end]}})
            items += items[:rng.randint(0, 2)]  # a tag given twice
            record: Any = {"activity": activity, "case": case.id, "items": items}
            for reveal in (True, False):
                graded = grade(case, record, GradeOptions(reveal_missed=reveal))
                assert graded.feedback == feedback(case, items, wording=MARKDOWN, reveal_missed=reveal)
                assert graded.feedback_text == feedback(case, items, wording=PLAIN, reveal_missed=reveal)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(("claims", "devices")), st.lists(st.tuples(st.integers(0, 60), st.integers(-8, 8),
                                                                 st.integers(-8, 40), st.booleans(),
                                                                 st.sampled_from(("a", "b", "banana"))),
                                                       max_size=12), st.sampled_from(("", "Compared with part.")))
def test_remembered_feedback_equals_feedback_worked_out_afresh(activity: str,
                                                              tags: list[tuple[int, int, int, bool, str]],
                                                              scope: str) -> None:
    """``span_feedback_texts`` on a key tuple (what it remembers per class: ``_said``, heading lines, rows, the
    grader's ``_BOTH``) gives the same words as on a list of the same key (worked out afresh every time), twice."""
    from helpers.activities import claims, devices
    from helpers.activities.span_feedback import _BOTH, span_feedback_texts
    from helpers.case import load_case
    from helpers.case.key import core_ids
    from helpers.scoring.labels import claim_near_miss, device_near_miss
    from helpers.scoring.wording import MARKDOWN, PLAIN

    case = load_case("sochi-2015")
    module, near = (claims, claim_near_miss) if activity == "claims" else (devices, device_near_miss)
    key = module._key(case, None)
    assert key
    words = module._words()
    spans = []
    for index, move_start, move_end, right, other in tags:
        k = key[index % len(key)]
        start = max(0, k.start + move_start)
        spans.append((k.paragraph, start, max(start + 1, k.end + move_end),
                      k.label if right else (other if other != "a" else next(iter(words.names)))))
    for _ in range(2):
        fair, scored = span_measures(spans, key, near, words.names.keys(), core_ids(key))
        fresh = span_feedback_texts(case, list(key), fair, scored, words, (MARKDOWN, PLAIN), reveal_missed=False,
                                    scope=scope)
        for wordings in (_BOTH, (MARKDOWN, PLAIN)):
            assert span_feedback_texts(case, key, fair, scored, words, wordings, reveal_missed=False,
                                       scope=scope) == fresh
