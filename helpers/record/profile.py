"""Remember who the student is, so every answer record carries a name without asking in each notebook.

Why: a grader needs to know whose notebook it is from the file alone. The name entered once in
notebook 00 is kept in ``.mlkit/student.json`` in the notebooks folder and copied into every record;
each record keeps its own copy, so the profile file itself never needs to be handed in.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .atomic import write_atomic

__all__ = ["profile_path", "set_student_name", "student_name"]

MAX_NAME = 200


def profile_path() -> Path:
    """Where the profile lives: ``MLKIT_ANSWERS_DIR`` if set (tests), else the notebook's folder."""
    folder = Path(os.environ.get("MLKIT_ANSWERS_DIR") or Path.cwd())
    return folder / ".mlkit" / "student.json"


def clean_name(name: str) -> str:
    """A name with control characters removed, white space folded and length capped."""
    printable = "".join(ch if ch.isprintable() else " " for ch in str(name))
    return " ".join(printable.split())[:MAX_NAME]


_READ: dict[Path, tuple[tuple[int, int, int], str]] = {}  # path -> (file stamp, name): every save asks


def student_name() -> str:
    """The saved name, or an empty string when none was entered (or the file is unreadable).

    Read again only when the file changed (its mtime, size or inode), since every answer saved asks for it."""
    path = profile_path()
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if path in _READ and _READ[path][0] == stamp:
            return _READ[path][1]
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    name = clean_name(data.get("name", "")) if isinstance(data, dict) else ""
    _READ[path] = (stamp, name)
    return name


def set_student_name(name: str) -> str:
    """Save the name (atomically) and return it as stored."""
    cleaned = clean_name(name)
    write_atomic(profile_path(), json.dumps({"name": cleaned}, ensure_ascii=False).encode("utf-8"))
    return cleaned
