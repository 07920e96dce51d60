"""Accept a well-formed v2 answer record at the speed of plain Python, so grading a class validates thousands
of records without the compiled schema validator.

Why: ``fastjsonschema``'s generated code formats an error path for every array element it visits (a
``str.format(**locals())`` per item, per label, per removed tag), which made validation the largest cost of
grading a class; and compiling the schema costs a third of a second per process. ``surely_valid`` checks
the same rules as ``schemas/answers-v2.schema.json`` written out by hand, and is never more lenient: where
it is unsure (a float that is a whole number, a key order it does not expect, a v1 record) it says no,
and ``schema.validate`` asks the compiled validator and ``jsonschema`` exactly as before. So a record is
accepted or refused, and worded, as it always was; ``tests/test_record_quick_check.py`` compares the two
on valid, broken and random records.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["surely_valid"]

# The very pattern the compiled validator checks "format": "date-time" with (so never more lenient), written out
# here: importing ``fastjsonschema`` for it cost every grading run 4 ms (``tests/test_record_quick_check.py``
# holds the two equal, so an upgrade that changes it fails the tests rather than grading differently).
DATE_TIME_PATTERN = (
    r"^(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))"
    r"|(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)(t|T)(?:[01]\d|2[0-3]):[0-5]\d:"
    r"(?:[0-5]\d|60)(?:\.\d+)?(?:[+-](?:[01]\d|2[0-3]):[0-5]\d|[+-](?:[01]\d|2[0-3])[0-5]\d|z|Z)\Z"
)
_DATE_TIME = re.compile(DATE_TIME_PATTERN).match
_ID = re.compile(r"[a-z0-9-]{1,80}").fullmatch  # "^[a-z0-9-]+$" with maxLength 80
_ID_ANY_LENGTH = re.compile(r"[a-z0-9-]+").fullmatch  # the case id: the same pattern, no length limit

_TOP = frozenset({"kit", "schema_version", "activity", "case", "revision", "saved_at", "student", "items", "removed",
                  "history"})
_SPAN = frozenset({"id", "labels", "target", "created_at", "changed_at"})
_TARGET_REQUIRED = frozenset({"paragraph", "exact", "start", "end"})
_TARGET = _TARGET_REQUIRED | {"prefix", "suffix"}
_TEXT = frozenset({"id", "text", "created_at", "changed_at"})
_CHECK_REQUIRED = frozenset({"id", "claim", "events", "verdict", "confidence", "reason", "committed", "created_at",
                             "changed_at"})
_CLAIM_REQUIRED = frozenset({"source", "paragraph", "exact", "start", "end"})
_REMOVED = frozenset({"id", "removed_at"})
_HISTORY = frozenset({"edits", "sessions", "first_at"})
_SPAN_ACTIVITIES = frozenset({"claims", "devices"})
_TEXT_ACTIVITIES = frozenset({"welcome", "first-read", "rewrite", "wrap-up"})
_ACTIVITIES = _SPAN_ACTIVITIES | _TEXT_ACTIVITIES | {"checks"}
_ROLES = frozenset({"supports", "contradicts", "context"})
_SOURCES = frozenset({"key", "tag"})


def _int(value: Any, least: int) -> bool:
    return type(value) is int and value >= least


def _text(value: Any, most: int, least: int = 0) -> bool:
    return type(value) is str and least <= len(value) <= most


class _Times:
    """Date-times checked once each (a record repeats its save time in most items)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def ok(self, value: Any) -> bool:
        if type(value) is not str:
            return False
        if value in self.seen:
            return True
        if _DATE_TIME(value) is None:
            return False
        self.seen.add(value)
        return True


_IDS: set[str] = set()  # strings that matched ``_ID`` (a string that matched once always does)


def _id(value: Any) -> bool:
    """``value`` is an id (``_ID``); the few label ids a class uses are matched once each."""
    if type(value) is not str:
        return False
    if value in _IDS:
        return True
    if _ID(value) is None:
        return False
    if len(_IDS) < 4096:
        _IDS.add(value)
    return True


# The item checks below run for every answer of every student, so each is one loop over a record's items with
# the common case written out (a known id or time is a set lookup, names are bound locally) and ``_id`` or
# ``_Times.ok`` called only for what was not seen yet. A dict with as many fields as a span and each of them
# has exactly a span's fields, so the fields are counted and read rather than compared as sets; a missing one
# raises ``KeyError``, and a value of the wrong kind where a set is asked about it (a list as a label) raises
# ``TypeError``: ``surely_valid`` takes either for "unsure", never for yes.


def _dated(item: dict[str, Any], ids: set[str], times: _Times) -> bool:
    """An item's id and its two times (what every kind of item has), each one seen before a set lookup."""
    ident, created, changed = item["id"], item["created_at"], item["changed_at"]
    seen = times.seen
    return ((ident in ids or _id(ident)) and (created in seen or times.ok(created))
            and (changed in seen or times.ok(changed)))


def _spans(items: list[Any], times: _Times) -> bool:
    ids, required, allowed = _IDS, _TARGET_REQUIRED, _TARGET
    fields, target_fields = len(_SPAN), len(_TARGET_REQUIRED)
    for item in items:
        if type(item) is not dict or len(item) != fields:
            return False
        labels, target = item["labels"], item["target"]
        if type(labels) is not list or not 1 <= len(labels) <= 10:
            return False
        for label in labels:
            if label not in ids and not _id(label):
                return False
        if len(labels) > 1 and len(set(labels)) != len(labels):
            return False
        if type(target) is not dict:
            return False
        if len(target) != target_fields:  # with a prefix or a suffix (or a field too many or too few)
            keys = target.keys()
            if not (keys >= required and keys <= allowed):
                return False
            if "prefix" in target and not _text(target["prefix"], 64):
                return False
            if "suffix" in target and not _text(target["suffix"], 64):
                return False
        paragraph, exact, start, end = target["paragraph"], target["exact"], target["start"], target["end"]
        if not (type(paragraph) is int and paragraph >= -1 and type(exact) is str and 1 <= len(exact) <= 5000
                and type(start) is int and start >= 0 and type(end) is int and end >= 1):
            return False
        if not _dated(item, ids, times):
            return False
    return True


def _text_items(items: list[Any], times: _Times) -> bool:
    for item in items:
        if not (type(item) is dict and item.keys() == _TEXT and type(item["id"]) is str and bool(_ID(item["id"]))
                and _text(item["text"], 20000) and times.ok(item["created_at"]) and times.ok(item["changed_at"])):
            return False
    return True


def _checks(items: list[Any], times: _Times) -> bool:
    ids, seen, time_ok = _IDS, times.seen, times.ok
    check_fields, claim_fields = len(_CHECK_REQUIRED), len(_CLAIM_REQUIRED)
    for item in items:
        # Every required field is read below (``KeyError`` when one is missing), so a count of fields equal to
        # the required ones plus the optional ones present means no other field is there.
        if type(item) is not dict or len(item) != check_fields + ("committed_at" in item) + ("key_shown_at" in item):
            return False
        claim, events, verdict, confidence = item["claim"], item["events"], item["verdict"], item["confidence"]
        if type(claim) is not dict or len(claim) != claim_fields + ("key_id" in claim):
            return False
        source, paragraph, exact, start, end = (claim["source"], claim["paragraph"], claim["exact"], claim["start"],
                                                claim["end"])
        if not (type(source) is str and source in _SOURCES and type(paragraph) is int and paragraph >= -1
                and type(exact) is str and 1 <= len(exact) <= 5000 and type(start) is int and start >= 0
                and type(end) is int and end >= 1):
            return False
        if "key_id" in claim:
            key_id = claim["key_id"]
            if key_id not in ids and not _id(key_id):
                return False
        if type(events) is not list or len(events) > 200:
            return False
        for event in events:
            if type(event) is not dict or len(event) != 2:  # both fields are read next
                return False
            event_id, role = event["event_id"], event["role"]
            if not ((event_id in ids or _id(event_id)) and type(role) is str and role in _ROLES):
                return False
        if type(verdict) is not str or not (verdict == "" or verdict in ids or _id(verdict)):
            return False
        if confidence is not None and not (type(confidence) in (int, float) and 0 <= confidence <= 1):
            return False
        reason = item["reason"]
        if not (type(reason) is str and len(reason) <= 5000 and type(item["committed"]) is bool):
            return False
        if "committed_at" in item and not ((at := item["committed_at"]) in seen or time_ok(at)):
            return False
        if "key_shown_at" in item and not ((at := item["key_shown_at"]) in seen or time_ok(at)):
            return False
        if not _dated(item, ids, times):
            return False
    return True


def surely_valid(document: Any) -> bool:
    """True only if ``document`` follows the v2 answer schema; False when it does not, or when unsure."""
    if type(document) is not dict or document.keys() != _TOP:
        return False
    activity, student, items, removed, history = (document["activity"], document["student"], document["items"],
                                                  document["removed"], document["history"])
    if not (document["kit"] == "media-literacy-notebook-kit" and type(document["kit"]) is str
            and type(document["schema_version"]) is int and document["schema_version"] == 2
            and type(activity) is str and activity in _ACTIVITIES
            and type(document["case"]) is str and _ID_ANY_LENGTH(document["case"])
            and _int(document["revision"], 0)):
        return False
    times = _Times()
    if not times.ok(document["saved_at"]):
        return False
    if type(student) is not dict or student.keys() != {"name"} or not _text(student["name"], 200):
        return False
    if type(history) is not dict or history.keys() != _HISTORY or not (
            _int(history["edits"], 0) and _int(history["sessions"], 0) and times.ok(history["first_at"])):
        return False
    if type(items) is not list or len(items) > 2000 or type(removed) is not list or len(removed) > 20000:
        return False
    for tombstone in removed:
        if type(tombstone) is not dict or tombstone.keys() != _REMOVED:
            return False
        ident = tombstone["id"]
        if not (type(ident) is str and _ID(ident) and times.ok(tombstone["removed_at"])):
            return False
    check = _spans if activity in _SPAN_ACTIVITIES else _text_items if activity in _TEXT_ACTIVITIES else _checks
    try:
        return check(items, times)
    except (KeyError, TypeError):  # a field missing, or an unhashable value where an id or a time belongs: unsure,
        return False  # so the validators decide

