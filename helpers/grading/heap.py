"""No garbage collections while a class is graded: the collector's work grows with the objects a run holds,
not with the garbage it frees, and a grading run makes almost no garbage it could free.

Why: parsing a notebook makes thousands of containers (its JSON), and the collector runs after every 700 new
ones, walking young objects and, every so often, older ones (the results of every file graded so far). Parsed
JSON holds no reference cycles and reference counting frees each notebook once it is graded, so those walks
find almost nothing: on a class of 1,000 (3,000 files) graded by one process, collecting only after every
100,000 new containers still left one collection in the run (~0.05 s), walking the results graded so far, to
free nothing. So while a run lasts the collector is off (the few cycles made meanwhile are freed by the first
collection after it, ~0.02 s), and the objects loaded before it (modules, the case, its keys) are
set aside where the collector never walks (``gc.freeze``: in a forked copy they stay shared with this process
instead of being copied when a collection would touch them). Both are undone when the run ends, so a long
session is as before.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["fewer_collections"]


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Within the block: no collections, and what exists now is set aside (see above); undone on leaving it."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()
