"""Write a file so that a crash leaves either the old or the new file, whole.

Why a module of its own: the answer store, the student profile and the grader's outputs all need it, and
keeping it apart lets the profile and the store depend on it without depending on each other.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (temporary file, fsync, rename)."""
    import tempfile  # imported here: ~1.5 ms with random; the grader writes atomically only a teacher's hand scores

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
