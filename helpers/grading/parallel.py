"""Grade a class's files on every core: in this process and in copies of it made with ``fork``.

Why fork, where the platform starts processes that way (Linux): a copy starts with everything this process
has loaded (the case, its keys, the taxonomy, what is remembered per key), so nothing is loaded twice, and
this process grades beside its copies instead of waiting for them. It grades the first few items alone, so
that what every file needs is loaded once, then forks. Each process then takes the next chunk of files from
a queue until none is left. The queue is a pipe of chunk numbers written before the fork (at most one
page, so writing it never waits for a reader); every read takes exactly one number, and reads from a pipe
are never split between readers, so no chunk is taken twice. A copy sends back each chunk's results as it
finishes it (``_Inbox`` receives them, through a pipe made large enough to hold several chunks' results:
see ``_roomy``); a chunk it took and did not send back (it died) is graded here, so
the results are always complete and in the files' order. A copy leaves with ``os._exit``: it never runs this process's
clean-up or flushes its buffers a second time.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO, TypeVar, cast

if sys.platform.startswith("linux"):
    import fcntl

__all__ = ["FORK", "beside", "map_chunks_forked"]

T = TypeVar("T")
R = TypeVar("R")

# Where a new process is a copy of its parent by default (elsewhere processes start empty: use a pool).
FORK = sys.platform.startswith("linux") and hasattr(os, "fork")
_NUMBER = 4  # bytes per chunk number in the queue
_MAX_CHUNKS = 4096 // _NUMBER  # the queue fits in one page, the least a pipe holds
_WARM = 3  # items done here before forking by default (the grader passes one student's unit): what they load is shared
_PIPE_BYTES = 1 << 20  # room asked for in each copy's pipe back (Linux allows an unprivileged process 1 MB)


def _flush() -> None:
    """Flush this process's own output before forking, so a copy never holds (or writes) it a second time."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # none, closed or broken: nothing to hold
            stream.flush()


def _chunks(count: int, processes: int, most: int = 32) -> list[range]:
    """``range(count)`` cut into chunks small enough to share evenly at the end (at most ``most`` items unless
    the queue needs fewer, larger chunks), few enough for the queue. The last few chunks are smaller (a
    quarter), so the processes finish close together: a process left grading a whole chunk alone at the end
    is that chunk's time lost on every other core."""
    size = max(1, min(most, count // (processes * 4)), -(-count // _MAX_CHUNKS))
    small = max(1, size // 4)
    tail = min(count, processes * size) if small < size else 0  # what is cut small: about a chunk per process
    if len(range(0, count - tail, size)) + -(-tail // small) > _MAX_CHUNKS:
        tail = 0
    body = count - tail
    return ([range(start, min(start + size, body)) for start in range(0, body, size)]
            + [range(start, min(start + small, count)) for start in range(body, count, small)])


def _roomy(fd: int) -> None:
    """Ask for ``_PIPE_BYTES`` of room in the pipe ``fd`` writes to (where the platform allows; else as it is).

    Why: a chunk's results are a few hundred kB and a pipe holds 64 kB by default, so a copy sending them
    waited for this process's ``_Inbox`` thread to read each 64 kB, and that thread reads only when it gets
    the interpreter's lock from this process's own grading (up to 5 ms each time). Measured on a class of
    1,000 on two cores, the copy spent most of its time waiting and graded 30% of the files instead of half.
    With room for a few chunks, a copy hands its results over and grades on.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):  # more than the system allows: the pipe keeps its room
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)


def _take(queue: int) -> int | None:
    """The next chunk number from the queue, or ``None`` when it is empty."""
    data = os.read(queue, _NUMBER)
    return int.from_bytes(data, "little") if data else None


class _Inbox(threading.Thread):
    """One copy's results, read as the copy sends them (a chunk at a time, each a length and a pickle): the
    reads wait outside the interpreter's lock, so the copy never waits for this process to finish grading,
    and this process unpickles what has come between its own chunks. Ends when the copy closes its end."""

    def __init__(self, pid: int, fd: int) -> None:
        super().__init__(name=f"grader-inbox-{pid}", daemon=True)
        self.pid, self.fd = pid, fd
        self.frames: deque[bytes] = deque()

    def run(self) -> None:
        # A buffer as large as the pipe: each frame is read in as few system calls, each one a wait for the lock.
        with os.fdopen(self.fd, "rb", buffering=_PIPE_BYTES) as stream:
            while len(head := stream.read(8)) == 8:
                frame = stream.read(int.from_bytes(head, "little"))
                if len(frame) < int.from_bytes(head, "little"):
                    return  # the copy died while sending: its chunk is graded again
                self.frames.append(frame)


def _send(stream: BinaryIO, number: int, results: list[R]) -> None:
    frame = pickle.dumps((number, results), protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(frame).to_bytes(8, "little"))
    stream.write(frame)
    stream.flush()


def _receive(inboxes: list[_Inbox], graded: dict[int, list[R]]) -> None:
    """Unpickle the chunks that have come so far (one that does not unpickle is graded again at the end)."""
    for inbox in inboxes:
        while inbox.frames:
            with contextlib.suppress(Exception):
                number, results = pickle.loads(inbox.frames.popleft())
                graded[number] = results


def map_chunks_forked(function: Callable[[Sequence[T]], list[R]], items: Sequence[T], processes: int, *,
                      warm: int = _WARM, most: int = 32) -> list[R]:
    """The results of ``function`` for ``items``, in order, worked out by this process and ``processes - 1``
    forked copies: the first ``warm`` items here before forking, the rest in chunks of at most ``most`` items.
    ``function`` is given a whole chunk at a time and returns its items' results in order, so what a chunk's
    items share is done once per chunk (the grader reads a chunk's files before grading any of them: see
    ``folder._units_job``).

    ``function`` must not raise (the grader's job turns every failure into an error row): a chunk whose copy
    dies is done again here.
    """
    warm = min(warm, len(items))
    results: list[R] = function(items[:warm]) if warm else []
    rest = items[warm:]
    chunks = _chunks(len(rest), processes, most)
    if processes < 2 or len(chunks) < 2:
        return results + [result for chunk in chunks for result in function(rest[chunk.start:chunk.stop])]
    queue, feed = os.pipe()
    os.write(feed, b"".join(n.to_bytes(_NUMBER, "little") for n in range(len(chunks))))
    os.close(feed)
    _flush()
    inboxes: list[_Inbox] = []
    graded: dict[int, list[R]] = {}
    try:
        for _ in range(processes - 1):
            back, out = os.pipe()
            _roomy(out)
            pid = os.fork()
            if pid == 0:  # the copy: grade chunks until the queue is empty, sending each back, then leave
                code = 1
                try:
                    os.close(back)
                    for other in inboxes:
                        os.close(other.fd)
                    with os.fdopen(out, "wb") as stream:
                        while (number := _take(queue)) is not None:
                            chunk = chunks[number]
                            _send(stream, number, function(rest[chunk.start:chunk.stop]))
                    code = 0
                finally:
                    os._exit(code)
            os.close(out)
            inboxes.append(_Inbox(pid, back))
            inboxes[-1].start()
        while (number := _take(queue)) is not None:
            chunk = chunks[number]
            graded[number] = function(rest[chunk.start:chunk.stop])
            _receive(inboxes, graded)
        for inbox in inboxes:
            inbox.join()
            os.waitpid(inbox.pid, 0)
            inbox.pid = 0
        _receive(inboxes, graded)
    finally:
        os.close(queue)
        for inbox in inboxes:
            if inbox.pid:  # only when this process stopped early: stop the copies too
                import signal  # imported here: ~1 ms of every run's start (its enums), needed only to stop a copy

                os.kill(inbox.pid, signal.SIGTERM)
                os.waitpid(inbox.pid, 0)
    for number, chunk in enumerate(chunks):
        results += graded[number] if number in graded else function(rest[chunk.start:chunk.stop])
    return results


@contextlib.contextmanager
def beside(function: Callable[[], None], *, fork: bool = True) -> Iterator[None]:
    """``function()`` done by a forked copy of this process while the ``with`` block runs here.

    ``function`` does what comes first (the grader: the files written first), so on leaving the block its
    failure is raised rather than the block's own, as doing the two one after the other would. Without
    ``fork``, or where new processes are not copies (``FORK`` is false), ``function()`` is done here first.
    """
    if not (fork and FORK):
        function()
        yield
        return
    back, out = os.pipe()
    _flush()
    pid = os.fork()
    if pid == 0:  # the copy: do it, send back how it ended (nothing when all went well), leave
        code = 1
        try:
            os.close(back)
            failure: BaseException | None = None
            try:
                function()
            except BaseException as exc:
                failure = exc
            with os.fdopen(out, "wb") as stream:
                if failure is not None:
                    pickle.dump(failure, stream, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(out)
    try:
        yield
    except Exception:
        failure = _ended(pid, back)
        if failure is not None:
            raise failure from None
        raise
    except BaseException:  # interrupted: stop the copy too
        import signal  # imported here: ~1 ms of every run's start (its enums), needed only to stop a copy

        os.kill(pid, signal.SIGTERM)
        _ended(pid, back)
        raise
    failure = _ended(pid, back)
    if failure is not None:
        raise failure


def _ended(pid: int, back: int) -> BaseException | None:
    """Wait for the copy ``pid``; its failure, if it sent one or died without saying."""
    with os.fdopen(back, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    if data:
        try:
            return cast(BaseException, pickle.loads(data))
        except Exception as exc:
            return RuntimeError(f"a grading process failed, and its error could not be read ({exc})")
    if os.waitstatus_to_exitcode(status) != 0:
        return RuntimeError(f"a grading process stopped (exit status {os.waitstatus_to_exitcode(status)})")
    return None
