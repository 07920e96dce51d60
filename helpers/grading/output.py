"""Write the grader's files on a thread of their own, in the order given, while the grader works out the next.

Why: a class's output is thousands of small files (two feedback files per student), and creating a file
costs the kernel more than the Python that fills it. System calls release the interpreter's lock, so a
second thread writes while the first computes, on a core the grading processes no longer need. Files are
written in the order given; the first failure stops the writing and is raised by ``close`` (so also on
leaving a ``with`` block), with exactly the files given before it written, as writing them one by one would.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from queue import SimpleQueue
from types import TracebackType

from ..record.atomic import write_atomic

__all__ = ["Writer", "write_file"]

# As ``Path.write_bytes`` opens a file: binary on Windows (no newline translation), not inherited by children.
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def write_file(path: Path | str, data: bytes, *, durable: bool = False) -> None:
    """Write ``path``, readable by the teacher's other programs (mode 0644 under the usual umask).

    Files a teacher edits (``durable``: the hand-scored CSVs) are replaced atomically and flushed to disk;
    the rest are remade by any regrade, and a thousand renames and fsyncs would cost more than the grading.
    """
    if durable:
        path = Path(path)
        write_atomic(path, data)
        os.chmod(path, 0o644)
        return
    fd = os.open(path, _FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


class Writer:
    """Files to write, written in order by a thread of their own; ``close`` waits and raises any failure."""

    def __init__(self) -> None:
        self._queue: SimpleQueue[tuple[Path | str, bytes, bool] | None] = SimpleQueue()
        self._made: set[str] = set()  # folders made (or found) in this run: a thousand files share one
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="grader-writer", daemon=True)
        self._thread.start()

    def write(self, path: Path | str, data: bytes, *, durable: bool = False) -> None:
        """Write ``data`` to ``path`` after the files given before (see ``write_file``), making its folder.
        ``path`` as a ``Path`` or as text (the grader's thousands of feedback files: no path object each)."""
        self._queue.put((path, data, durable))

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            if self._error is not None:
                continue  # after a failure nothing more is written; the rest is only taken off the queue
            path, data, durable = job
            try:
                folder = os.path.dirname(path) if isinstance(path, str) else os.fspath(path.parent)
                if folder not in self._made:
                    Path(folder).mkdir(parents=True, exist_ok=True)
                    self._made.add(folder)
                write_file(path, data, durable=durable)
            except BaseException as exc:  # raised again by close, in the thread that gave the file
                self._error = exc

    def close(self) -> None:
        """Wait until every file given is written; raise the first failure, if any."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:  # the grader failed first: finish writing what it gave, and let its own error through
            self._queue.put(None)
            self._thread.join()
