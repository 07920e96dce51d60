"""Fewer garbage collections while a class is graded: the collector's work grows with the objects a run holds,
not with the garbage it frees.

Why: parsing a notebook makes thousands of containers (its JSON), and the collector runs after every 700 new
ones, walking young objects and, every so often, older ones (the results of every file graded so far). Parsed
JSON holds no reference cycles and reference counting frees each notebook once it is graded, so those walks
find almost nothing: on a class of 1,000 (3,000 files), about 180 collections and 0.1 to 0.2 s of CPU. While a
run lasts, the objects loaded before it (modules, the case, its keys) are set aside where the collector never
walks (``gc.freeze``: in a forked copy they also stay shared with this process instead of being copied when
the collector would touch them), and it runs after every ``YOUNG`` new containers instead. It still runs: a
cycle made meanwhile is freed, only later. Both are undone when the run ends, so a long session is as before.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["YOUNG", "fewer_collections"]

YOUNG = 100_000  # new containers between two collections of the youngest generation (Python's default: 700)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Within the block: what exists now is never walked, and the collector runs less often (see above)."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(YOUNG, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
