"""Grade a class's files on every core: in this process and in copies of it made with ``fork``.

Why fork, where the platform starts processes that way (Linux): a copy starts with everything this process
has loaded (the case, its keys, the taxonomy, what is remembered per key), so nothing is loaded twice, and
this process grades beside its copies instead of waiting for them. It grades the first few files alone, so
that what every file needs is loaded once, then forks. Each process then takes the next chunk of files from
a queue until none is left. The queue is a pipe of chunk numbers written before the fork (at most one
page, so writing it never waits for a reader); every read takes exactly one number, and reads from a pipe
are never split between readers, so no chunk is taken twice. A copy sends back its chunks' results when
the queue is empty; a chunk it took and did not send back (it died) is graded here, so the results are
always complete and in the files' order. A copy leaves with ``os._exit``: it never runs this process's
clean-up or flushes its buffers a second time.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["FORK", "map_forked"]

T = TypeVar("T")
R = TypeVar("R")

# Where a new process is a copy of its parent by default (elsewhere processes start empty: use a pool).
FORK = sys.platform.startswith("linux") and hasattr(os, "fork")
_NUMBER = 4  # bytes per chunk number in the queue
_MAX_CHUNKS = 4096 // _NUMBER  # the queue fits in one page, the least a pipe holds
_WARM = 3  # files graded before forking (one student's notebooks): each kind of file loads what it needs


def _chunks(count: int, processes: int) -> list[range]:
    """``range(count)`` cut into chunks small enough to share evenly at the end, few enough for the queue."""
    size = max(1, min(32, count // (processes * 4)), -(-count // _MAX_CHUNKS))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def _take(queue: int) -> int | None:
    """The next chunk number from the queue, or ``None`` when it is empty."""
    data = os.read(queue, _NUMBER)
    return int.from_bytes(data, "little") if data else None


def map_forked(function: Callable[[T], R], items: Sequence[T], processes: int) -> list[R]:
    """``[function(item) for item in items]``, worked out by this process and ``processes - 1`` forked copies.

    ``function`` must not raise for an item (the grader's job turns every failure into an error row): an item
    whose copy dies is done again here.
    """
    warm = min(_WARM, len(items))
    results: list[R] = [function(item) for item in items[:warm]]
    rest = items[warm:]
    chunks = _chunks(len(rest), processes)
    if processes < 2 or len(chunks) < 2:
        return results + [function(item) for item in rest]
    queue, feed = os.pipe()
    os.write(feed, b"".join(n.to_bytes(_NUMBER, "little") for n in range(len(chunks))))
    os.close(feed)
    sys.stdout.flush()
    sys.stderr.flush()
    copies: list[tuple[int, int]] = []  # (pid, the read end of its results) of each copy not yet heard from
    graded: dict[int, list[R]] = {}
    try:
        for _ in range(processes - 1):
            back, out = os.pipe()
            pid = os.fork()
            if pid == 0:  # the copy: grade chunks until the queue is empty, send them back, leave
                code = 1
                try:
                    os.close(back)
                    for _, other in copies:
                        os.close(other)
                    done = []
                    while (number := _take(queue)) is not None:
                        done.append((number, [function(rest[i]) for i in chunks[number]]))
                    with os.fdopen(out, "wb") as stream:
                        pickle.dump(done, stream, protocol=pickle.HIGHEST_PROTOCOL)
                    code = 0
                finally:
                    os._exit(code)
            os.close(out)
            copies.append((pid, back))
        while (number := _take(queue)) is not None:
            graded[number] = [function(rest[i]) for i in chunks[number]]
        while copies:
            pid, back = copies[0]
            with os.fdopen(back, "rb") as stream:
                del copies[0]
                data = stream.read()
            os.waitpid(pid, 0)
            with contextlib.suppress(Exception):  # a copy that died sent nothing usable: graded below
                graded.update(pickle.loads(data))
    finally:
        os.close(queue)
        for pid, back in copies:  # only when this process stopped early: stop the copies too
            os.close(back)
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
    for number, chunk in enumerate(chunks):
        results += graded[number] if number in graded else [function(rest[i]) for i in chunk]
    return results
