"""``merge``: copies of a record converge on the union of every edit, whatever order they meet in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.record import apply_edits, changed_items, merge, new_document, same_answers, validate

IDS = ["t-a", "t-b", "t-c", "t-d"]
LABELS = ["opinion", "checkable-fact", "prediction"]


def stamp(tick: int) -> str:
    return f"2026-01-01T00:{tick // 60:02d}:{tick % 60:02d}.000Z"


def span(ident: str, label: str) -> dict:
    return {"id": ident, "labels": [label], "target": {"paragraph": 1, "exact": "word", "start": 0, "end": 4}}


# An edit: which copy makes it, put (a label) or delete, on which item.
edits = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from([*LABELS, None]), st.sampled_from(IDS)), max_size=12
)


def replay(history: list[tuple[int, str | None, str]]) -> tuple[list[dict], dict[str, tuple[int, str | None]]]:
    """Three copies, each edited on its own at distinct times; and the last edit made to each id anywhere."""
    copies = [new_document("claims", "sochi-2015") for _ in range(3)]
    for copy in copies:
        copy["saved_at"] = copy["history"]["first_at"] = stamp(0)
    last: dict[str, tuple[int, str | None]] = {}
    for tick, (who, label, ident) in enumerate(history, start=1):
        copy = copies[who]
        before = copy["items"]
        after = apply_edits(before, [{"put": span(ident, label)}] if label else [{"del": ident}])
        items, removed = changed_items(before, after, stamp(tick))
        local = {**copy, "items": items, "removed": removed}
        copy = merge(copy, local)
        copies[who] = {**copy, "revision": copy["revision"] + 1, "saved_at": stamp(tick)}
        if items != [i for i in before if i["id"] in {j["id"] for j in after}] or removed:
            last[ident] = (tick, label)  # an edit that changed something in its copy
    return copies, last


@settings(max_examples=150, deadline=None)
@given(edits)
def test_merge_is_commutative(history):
    (a, b, _), _ = replay(history)
    assert merge(a, b) == merge(b, a)


@settings(max_examples=150, deadline=None)
@given(edits)
def test_merge_is_associative(history):
    (a, b, c), _ = replay(history)
    assert merge(merge(a, b), c) == merge(a, merge(b, c))


@settings(max_examples=150, deadline=None)
@given(edits)
def test_merge_is_idempotent(history):
    (a, b, _), _ = replay(history)
    assert merge(a, a) == a
    ab = merge(a, b)
    assert merge(ab, b) == ab


@settings(max_examples=150, deadline=None)
@given(edits)
def test_the_merge_of_every_copy_keeps_the_last_edit_of_each_item(history):
    (a, b, c), last = replay(history)
    merged = merge(merge(a, b), c)
    # Only edits that changed their copy count: re-putting the same label, or deleting an item that copy
    # never had, changes nothing.
    expected = {ident: label for ident, (_, label) in last.items() if label is not None}
    assert {i["id"]: i["labels"][0] for i in merged["items"]} == expected
    validate(merged)


def test_a_later_re_add_beats_an_older_removal():
    base = new_document("claims", "sochi-2015")
    items, _ = changed_items([], [span("t-a", "opinion")], stamp(1))
    added = {**base, "items": items}
    _, removed = changed_items(items, [], stamp(2))
    deleted = {**base, "removed": removed}
    again, _ = changed_items([], [span("t-a", "prediction")], stamp(3))
    readded = {**base, "items": again}
    assert merge(added, deleted)["items"] == []
    assert [i["labels"] for i in merge(merge(added, deleted), readded)["items"]] == [["prediction"]]


def test_a_copy_that_never_saw_an_item_does_not_remove_it():
    base = new_document("claims", "sochi-2015")
    mine, _ = changed_items([], [span("t-a", "opinion")], stamp(1))
    theirs, _ = changed_items([], [span("t-b", "opinion")], stamp(2))
    merged = merge({**base, "items": mine}, {**base, "items": theirs})
    assert same_answers(merged["items"], [span("t-a", "opinion"), span("t-b", "opinion")])


def test_counters_keep_the_highest_and_first_at_the_earliest():
    a = {**new_document("claims", "sochi-2015"), "revision": 4,
         "history": {"edits": 4, "sessions": 2, "first_at": stamp(5)}}
    b = {**new_document("claims", "sochi-2015"), "revision": 7,
         "history": {"edits": 3, "sessions": 1, "first_at": stamp(1)}}
    merged = merge(a, b)
    assert merged["revision"] == 7
    assert merged["history"] == {"edits": 4, "sessions": 2, "first_at": stamp(1)}


def test_records_of_different_activities_do_not_merge():
    import pytest

    with pytest.raises(ValueError, match="cannot merge"):
        merge(new_document("claims", "sochi-2015"), new_document("devices", "sochi-2015"))
