"""Work that depends only on one loaded value (an answer key, a case), done once per grading run instead of
once per student, and found again by that value's identity.

Why safe: a key is a tuple of frozen ``KeySpan`` values, read once per version of its file (``key.py``
reads an edited file into a new tuple), and a ``Case`` is immutable and cached the same way; so whatever is
worked out from one of them, and from the other inputs named in the table's name and entry, stays true
while that object lives. A table is found by the owner's ``id`` and keeps the owner itself, so the id
cannot be taken by another object while the table exists. Only tuples and cases are owners: a list (or
any other sequence) may change between calls, so callers work it out afresh for those.

Bounded: at most ``OWNERS`` owners and ``TABLES`` tables each (past that they are emptied and rebuilt), and
callers add to a table only while it holds fewer than ``ENTRIES``; a full table is never wrong, only slower.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

__all__ = ["ENTRIES", "table"]

OWNERS = 64
TABLES = 64
ENTRIES = 50_000

_OWNED: dict[int, tuple[object, dict[Hashable, dict[Any, Any]]]] = {}


def table(owner: object, name: Hashable) -> dict[Any, Any]:
    """The memo called ``name`` that belongs to ``owner`` (a key tuple or a case), made empty on first use.

    ``name`` must name every input the entries depend on besides the owner and the entry's own key (a
    function passed in, a switch), so two callers that differ in any of them never share a table.
    """
    entry = _OWNED.get(id(owner))
    if entry is None or entry[0] is not owner:
        if len(_OWNED) >= OWNERS:
            _OWNED.clear()
        entry = _OWNED[id(owner)] = (owner, {})
    tables = entry[1]
    found = tables.get(name)
    if found is None:
        if len(tables) >= TABLES:
            tables.clear()
        found = tables[name] = {}
    return found
