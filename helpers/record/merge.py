"""Merge two copies of one activity's record so that no view, tab, kernel or front end loses an answer.

Why: the same answers live in several places (the autosave, the notebook's output, a widget in another
tab, a kernel that restarted) and any of them may be older than another in one item and newer in the
next. Merging per item, by id and change time, lets every writer converge on the union of what the
student did: the newer change to an item wins; a removal (tombstone) beats an older item and loses to a
later re-add. ``merge`` is a pure function, commutative, associative and idempotent (tested with
hypothesis), so the order in which copies meet does not matter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import orjson

from .types import AnswerRecord, History, Item, Tombstone

__all__ = ["apply_edits", "changed_items", "merge", "same_answers"]

# What a change to an item means: any field but its timestamps.
_STAMPS = ("created_at", "changed_at")


def _content(item: Mapping[str, Any]) -> bytes:
    return orjson.dumps({k: v for k, v in item.items() if k not in _STAMPS}, option=orjson.OPT_SORT_KEYS)


def _canonical(item: Mapping[str, Any]) -> bytes:
    return orjson.dumps(item, option=orjson.OPT_SORT_KEYS)


def _newer_item(a: Item, b: Item) -> Item:
    """The later change of one item; on a tie in time, a fixed order of the content decides."""
    if a is b or a == b:
        return a
    ka, kb = (str(a.get("changed_at", "")), _canonical(a)), (str(b.get("changed_at", "")), _canonical(b))
    return a if ka >= kb else b


def merge(a: AnswerRecord, b: AnswerRecord) -> AnswerRecord:
    """The union of two copies of one activity's record (same activity and case), item by item.

    Items: per id the later ``changed_at`` wins. Tombstones: per id the later ``removed_at`` is kept; an
    item is shown only if it changed after its id's tombstone. Counters keep the highest value (a writer
    adds its own change after merging); ``first_at`` the earliest; ``saved_at`` the latest, whose copy
    also gives the student's name (a non-empty name beats an empty one).
    """
    if a["activity"] != b["activity"] or a["case"] != b["case"]:
        raise ValueError(f"cannot merge records of {a['activity']}/{a['case']} and {b['activity']}/{b['case']}")
    items: dict[str, Item] = {}
    for item in [*a["items"], *b["items"]]:
        key = str(item["id"])
        items[key] = _newer_item(items[key], item) if key in items else item
    removed: dict[str, str] = {}
    for stone in [*a["removed"], *b["removed"]]:
        removed[stone["id"]] = max(removed.get(stone["id"], ""), stone["removed_at"])
    kept = [
        item for key, item in items.items() if str(item.get("changed_at", "")) > removed.get(key, "")
    ]
    kept.sort(key=lambda i: (str(i.get("created_at", "")), str(i["id"])))
    names = sorted([(a["saved_at"], bool(a["student"]["name"]), a["student"]["name"]),
                    (b["saved_at"], bool(b["student"]["name"]), b["student"]["name"])])
    name = names[-1][2] or names[0][2]
    history: History = {
        "edits": max(a["history"]["edits"], b["history"]["edits"]),
        "sessions": max(a["history"]["sessions"], b["history"]["sessions"]),
        "first_at": min(a["history"]["first_at"], b["history"]["first_at"]),
    }
    tombstones: list[Tombstone] = [{"id": key, "removed_at": when} for key, when in sorted(removed.items())]
    return cast(AnswerRecord, {
        **a,
        "schema_version": 2,
        "revision": max(a["revision"], b["revision"]),
        "saved_at": max(a["saved_at"], b["saved_at"]),
        "student": {"name": name},
        "items": kept,
        "removed": tombstones,
        "history": history,
    })


def changed_items(before: Sequence[Item], after: Sequence[Item], now: str) -> tuple[list[Item], list[Tombstone]]:
    """Turn a widget's whole new list of items into dated changes against ``before``.

    Items whose content is new or changed get ``changed_at = now`` (and ``created_at`` if new); unchanged
    items keep their times; ids in ``before`` but not in ``after`` become tombstones removed ``now``.
    """
    old = {str(i["id"]): i for i in before}
    items: list[Item] = []
    for item in after:
        previous = old.get(str(item["id"]))
        if previous is not None and (previous is item or _content(previous) == _content(item)):
            items.append(previous)
            continue
        created = str(item.get("created_at") or (previous.get("created_at") if previous is not None else None) or now)
        items.append(cast(Item, {**item, "created_at": created, "changed_at": now}))
    present = {str(i["id"]) for i in after}
    removed: list[Tombstone] = [{"id": key, "removed_at": now} for key in old if key not in present]
    return items, removed


def same_answers(a: Sequence[Item], b: Sequence[Item]) -> bool:
    """Whether two lists hold the same answers (ids and content, ignoring order and timestamps)."""
    return sorted(_content(i) for i in a) == sorted(_content(i) for i in b)


def apply_edits(items: Sequence[Item], edits: Sequence[Mapping[str, Any]]) -> list[Item]:
    """``items`` with a front end's edits applied in order: ``{"put": item}`` adds or replaces by id,
    ``{"del": id}`` removes. Applying the same edits twice gives the same list (they are re-sent after a
    kernel restart until confirmed). Malformed edits are skipped; the caller validates what results.
    """
    result = {str(i["id"]): i for i in items}
    for edit in edits:
        put = edit.get("put")
        if isinstance(put, dict) and isinstance(put.get("id"), str):
            result[put["id"]] = cast(Item, put)
        elif isinstance(edit.get("del"), str):
            result.pop(edit["del"], None)
    return list(result.values())
