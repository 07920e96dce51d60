"""Flags for the teacher when a record looks tampered with or copied. Never a silent change of score.

Why: the record is JSON inside a notebook, so a student can paste the key, or a classmate's record, into
their file. The grader cannot know intent; it can notice what honest work does not look like and say so
in ``flags.csv``, leaving the judgement to the teacher:

- the record's own one-line summary (written with it, shown where the data is not) counts a different
  number of answers than the record holds;
- the notebook holds more than one different record for one activity (the newest is graded);
- the edit history is implausible (records from releases that keep one): many answers all created within
  a few seconds, or fewer edits than answers;
- every tag matches the key to the character;
- two students hand in the same answers (checked across the class by ``fingerprint``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import orjson

from ..case.key import KeySpan
from ..case.memo import table
from ..record.notebook import MIME_TYPE

__all__ = ["Outputs", "fingerprint", "record_checks", "record_flags"]

_COUNT = re.compile(r":\s*(\d+)\s")
_BURST_ITEMS = 10
_BURST_SECONDS = 5.0
_LEFT_OUT = ("id", "created_at", "changed_at")  # not part of an answer: when and under which id it was saved

# Each output of a notebook that holds a record, as (the record, the output's data), by the record's activity:
# what ``grade._embedded`` collects on its one pass over the cells.
Outputs = dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]


def _outputs(notebook: Any, activity: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (record, output data) for ``activity`` in the notebook's outputs, valid or not."""
    found = []
    for cell in notebook.get("cells", []) if isinstance(notebook, dict) else []:
        for output in cell.get("outputs", []) if isinstance(cell, dict) else []:
            data = output.get("data") if isinstance(output, dict) else None
            if not isinstance(data, dict):
                continue
            record = data.get(MIME_TYPE)
            if isinstance(record, dict) and record.get("activity") == activity:
                found.append((record, data))
    return found


def _summary(data: dict[str, Any]) -> str:
    """The one-line text summary shown beside a record (its output's ``text/plain``)."""
    text = data.get("text/plain", "")
    return "".join(text) if isinstance(text, list) else str(text)


def _content(record: dict[str, Any]) -> bytes:
    """The answers alone, in a canonical form (ids, times and names left out).

    Each item is serialised once (keys sorted), inside a list as it stands in the result (so an item nested
    too deeply for that fails here, as it would there), and the result is those bytes in sorted order: what
    serialising the items sorted by their own serialisation gives, since equal bytes mean equal items.
    """
    items = []
    dumps, sort_keys = orjson.dumps, orjson.OPT_SORT_KEYS
    ident, created, changed = _LEFT_OUT
    for item in record.get("items", []) if isinstance(record.get("items"), list) else []:
        if not isinstance(item, dict):
            continue
        answer = item.copy()
        pop = answer.pop
        pop(ident, None)
        pop(created, None)
        pop(changed, None)
        items.append(dumps([answer], option=sort_keys)[1:-1])
    items.sort()
    return b"[" + b",".join(items) + b"]"


def fingerprint(record: dict[str, Any]) -> str | None:
    """A digest of the answers, for spotting identical records across students (``None`` for fewer than 3)."""
    return _fingerprint(record, None)


def _fingerprint(record: dict[str, Any], content: bytes | None) -> str | None:
    items = record.get("items")
    if not isinstance(items, list) or len(items) < 3:
        return None
    return hashlib.sha256(_content(record) if content is None else content).hexdigest()[:16]


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _times(values: list[Any]) -> list[datetime]:
    """``_time`` of each value that reads as one, each distinct text read once (a record's answers often
    share their creation time, to the millisecond, when saved together)."""
    read: dict[str, datetime | None] = {}
    times = []
    for value in values:
        if type(value) is str:
            if value not in read:
                read[value] = _time(value)
            when = read[value]
        else:
            when = _time(value)
        if when is not None:
            times.append(when)
    return times


def _key_spans(key: Sequence[KeySpan]) -> frozenset[tuple[int, int, int]]:
    """Where the key's items are, once per key tuple (``case.memo``)."""
    memo = table(key, "integrity.spans") if type(key) is tuple else None
    if memo:
        return cast(frozenset[tuple[int, int, int]], memo["spans"])
    spans = frozenset((k.paragraph, k.start, k.end) for k in key)
    if memo is not None:
        memo["spans"] = spans
    return spans


def record_flags(notebook: Any, record: dict[str, Any], key: Sequence[KeySpan] | None, noun: str) -> list[str]:
    """What looks implausible about the graded ``record`` of a notebook (empty when nothing does)."""
    return record_checks(notebook, record, key, noun)[0]


def record_checks(notebook: Any, record: dict[str, Any], key: Sequence[KeySpan] | None, noun: str,
                  outputs: Outputs | None = None) -> tuple[list[str], str | None]:
    """``record_flags`` and ``fingerprint`` of the graded ``record`` together, each record's canonical answers
    worked out once (the graded record is usually one of the notebook's own). ``outputs``: the notebook's
    outputs holding a record, by activity, when the caller already has them (``grade._embedded``); without
    it the notebook's cells are searched."""
    flags: list[str] = []
    activity = str(record.get("activity", ""))
    items = record.get("items") if isinstance(record.get("items"), list) else []
    assert isinstance(items, list)
    found = _outputs(notebook, activity) if outputs is None else outputs.get(activity, [])
    bundles = [(other, _summary(data)) for other, data in found]
    # The edit history counts only when the record was written with one (schema v2 and later); records from
    # earlier releases are upgraded in memory with every item dated at the save, which proves nothing.
    has_history = False
    for other, summary in bundles:
        if other.get("saved_at") == record.get("saved_at") and other.get("revision") == record.get("revision"):
            has_history = has_history or (isinstance(other.get("schema_version"), int) and other["schema_version"] >= 2)
            match = _COUNT.search(summary)
            if match and int(match.group(1)) != len(items):
                flags.append(f"{activity}: its summary line says {match.group(1)} {noun}(s) but the record holds "
                             f"{len(items)}")
    contents = [_content(r) for r, _ in bundles]
    # one output (the usual notebook) is one record: its answers are not hashed into a set to find that out
    if len(contents) > 1 and len(distinct := set(contents)) > 1:
        flags.append(f"{activity}: the notebook holds {len(distinct)} different records; the newest was graded")
    # Times are read only when a burst could be flagged (at least _BURST_ITEMS answers, a history).
    created = _times([i.get("created_at") for i in items if isinstance(i, dict)]) \
        if has_history and len(items) >= _BURST_ITEMS else []
    burst = has_history and len(created) >= _BURST_ITEMS and len(created) == len(items)
    if burst and (max(created) - min(created)).total_seconds() < _BURST_SECONDS:
        flags.append(f"{activity}: all {len(items)} answers were created within {_BURST_SECONDS:g} seconds")
    history = record.get("history")
    edits = history.get("edits") if has_history and isinstance(history, dict) else None
    if isinstance(edits, int) and edits < len(items):
        flags.append(f"{activity}: {len(items)} answers but only {edits} edits recorded")
    if key and len(items) >= _BURST_ITEMS:
        spans = _key_spans(key)
        exact = sum(1 for i in items if isinstance(i, dict) and isinstance(t := i.get("target"), dict)
                    and (t.get("paragraph"), t.get("start"), t.get("end")) in spans)
        if exact >= 0.9 * len(items):
            flags.append(f"{activity}: {exact} of {len(items)} tags match the key to the character")
    own = next((c for (r, _), c in zip(bundles, contents, strict=True) if r is record), None)
    return flags, _fingerprint(record, own)
