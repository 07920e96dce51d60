"""The graded span score keeps the invariants a fair grade needs, on random keys and on a simulated class."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.scoring.span_grade import fair_score, fit


@dataclass(frozen=True)
class Item:
    id: str
    paragraph: int
    start: int
    end: int
    label: str
    accepted: tuple[str, ...] = ()

    def accepts(self, label: str) -> bool:
        return label == self.label or label in self.accepted


@dataclass(frozen=True)
class Guess:
    paragraph: int
    start: int
    end: int
    label: str


LABELS = ("a", "b", "c", "d")


def half(label: str, item: Item) -> float:
    return 0.5


def exact(item: Item, label: str | None = None) -> Guess:
    return Guess(item.paragraph, item.start, item.end, label or item.label)


@st.composite
def keys(draw: st.DrawFn) -> tuple[list[Item], set[str]]:
    count = draw(st.integers(1, 12))
    items: list[Item] = []
    for n in range(count):
        paragraph = draw(st.integers(1, 4))
        start = draw(st.integers(0, 300))
        length = draw(st.integers(1, 120))
        label = draw(st.sampled_from(LABELS))
        accepted = tuple(draw(st.lists(st.sampled_from(LABELS), max_size=1)))
        # check-case refuses two key rows with the same span and label; so does this generator.
        if any((i.paragraph, i.start, i.end) == (paragraph, start, start + length)
               and {label, *accepted} & {i.label, *i.accepted} for i in items):
            continue
        items.append(Item(f"k-{n}", paragraph, start, start + length, label, accepted))
    core = {item.id for item in items if draw(st.booleans())}
    return items, core


guesses = st.builds(
    lambda p, s, n, label: Guess(p, s, s + n, label),
    st.integers(1, 4),
    st.integers(0, 400),
    st.integers(1, 200),
    st.sampled_from((*LABELS, "banana")),
)


def score(tags: list[Guess], key: list[Item], core: set[str]) -> float:
    return fair_score(tags, key, half, LABELS, core).score


@settings(max_examples=300, deadline=None)
@given(keys(), st.lists(guesses, max_size=25))
def test_score_is_between_0_and_100(key_core: tuple[list[Item], set[str]], tags: list[Guess]) -> None:
    key, core = key_core
    assert 0 <= score(tags, key, core) <= 100


@settings(max_examples=300, deadline=None)
@given(keys())
def test_the_core_exactly_and_the_whole_key_exactly_score_100(key_core: tuple[list[Item], set[str]]) -> None:
    key, core = key_core
    core_items = [item for item in key if item.id in core] or key
    assert score([exact(item) for item in core_items], key, core) == 100
    assert score([exact(item) for item in key], key, core) == 100


@settings(max_examples=100, deadline=None)
@given(keys())
def test_no_tags_score_0(key_core: tuple[list[Item], set[str]]) -> None:
    key, core = key_core
    assert score([], key, core) == 0


@settings(max_examples=500, deadline=None)
@given(keys(), st.lists(guesses, max_size=25), st.data())
def test_adding_an_exactly_correct_tag_never_lowers_the_score(
    key_core: tuple[list[Item], set[str]], tags: list[Guess], data: st.DataObject
) -> None:
    key, core = key_core
    item = data.draw(st.sampled_from(key))
    label = data.draw(st.sampled_from((item.label, *item.accepted)))
    assert score([*tags, exact(item, label)], key, core) >= score(tags, key, core)


@settings(max_examples=500, deadline=None)
@given(keys(), st.lists(guesses, min_size=1, max_size=25), st.data())
def test_repeating_a_tag_never_raises_the_score(
    key_core: tuple[list[Item], set[str]], tags: list[Guess], data: st.DataObject
) -> None:
    key, core = key_core
    repeated = data.draw(st.sampled_from(tags))
    copies = data.draw(st.integers(1, 50))
    assert score([*tags, *[repeated] * copies], key, core) <= score(tags, key, core)


@settings(max_examples=300, deadline=None)
@given(keys(), st.lists(guesses, max_size=25))
def test_a_label_outside_the_taxonomy_earns_nothing(key_core: tuple[list[Item], set[str]], tags: list[Guess]) -> None:
    key, core = key_core
    bananas = [Guess(t.paragraph, t.start, t.end, "banana") for t in tags]
    assert score(bananas, key, core) == 0


def test_a_span_far_longer_than_the_key_item_earns_less_than_one_that_fits() -> None:
    item = Item("k", 1, 100, 150, "a")
    fitting = fit(Guess(1, 95, 160, "a"), item)
    paragraph = fit(Guess(1, 0, 600, "a"), item)
    assert fitting == 1
    assert paragraph < 0.4


def test_a_sliver_of_a_key_item_is_not_found() -> None:
    item = Item("k", 1, 0, 100, "a")
    result = fair_score([Guess(1, 0, 4, "a")], [item], half, LABELS)
    assert not result.items[0].found
    assert result.score < 10


# --- A simulated class on the real case -------------------------------------------------------------

import pytest  # noqa: E402
from simulated_class import GAMING, STRATEGIES  # noqa: E402

from helpers.case import load_case  # noqa: E402
from helpers.case.key import claims_key, devices_key  # noqa: E402
from helpers.case.taxonomy import load_claim_types, load_devices  # noqa: E402
from helpers.scoring.labels import claim_near_miss, device_near_miss  # noqa: E402


def _activity(name: str) -> tuple[object, list, set[str], list[str], object]:
    case = load_case("sochi-2015")
    if name == "claims":
        key, labels, near = claims_key(case), [label.id for label in load_claim_types()], claim_near_miss
    else:
        key, labels, near = devices_key(case), [label.id for label in load_devices()], device_near_miss
    assert key
    core = {item.id for item in key if item.row.get("core", "").strip().lower() == "yes"}
    if not core:  # a key without a core column: every fourth item stands in for one
        core = {item.id for item in key[::4]}
    return case, list(key), core, labels, near


def class_scores(name: str) -> dict[str, float]:
    case, key, core, labels, near = _activity(name)
    return {
        strategy: fair_score(make(case, key, core, labels), key, near, labels, core).score
        for strategy, make in STRATEGIES.items()
    }


@pytest.mark.parametrize("activity", ["claims", "devices"])
def test_simulated_class_keeps_the_invariants(activity: str) -> None:
    scores = class_scores(activity)
    assert scores["perfect: the core exactly"] == 100
    assert scores["perfect: the whole key exactly"] == 100
    assert scores["empty"] == 0
    assert scores["gaming: right spans, label 'banana'"] == 0
    diligent = scores["diligent: half the core exactly"]
    assert 50 <= diligent < 100
    # Loose highlights (a claim's whole sentence) and two tags off the key cost a little, never much.
    assert scores["diligent reader: sentences, some extras, two off the key"] >= diligent - 10
    assert scores["diligent with slips: half the core, two mislabelled, one off the key"] >= diligent - 15
    for strategy in GAMING:
        assert scores[strategy] <= diligent - 25, (strategy, scores[strategy], diligent)
