"""Remember who the student is, so every answer record carries a name without asking in each notebook.

Why: a grader needs to know whose notebook it is from the file alone. The name entered once in
notebook 00 is kept in ``kit-files/student.json`` beside the notebooks (the kit's one folder, ``layout``)
and copied into every record; each record keeps its own copy, so the profile file itself never needs to be
handed in. Releases before ``kit-files`` kept it in ``.mlkit/student.json``: still read when the new file
is not there, never written or removed.
"""

from __future__ import annotations

import json
from pathlib import Path

from .atomic import write_atomic
from .layout import LEGACY_PROFILE_FOLDER, answers_override, kit_folder, kit_folder_problem

__all__ = ["legacy_profile_path", "profile_path", "set_student_name", "student_name"]

MAX_NAME = 200
PROFILE_FILE = "student.json"


def profile_path() -> Path:
    """Where the profile is written: ``kit-files/student.json`` in the notebook's folder (the kernel's working
    folder), or flat inside ``MLKIT_ANSWERS_DIR`` if set (tests)."""
    return (answers_override() or kit_folder(Path.cwd())) / PROFILE_FILE


def legacy_profile_path() -> Path:
    """Where releases before ``kit-files`` kept the profile (``.mlkit/student.json``): read, never written."""
    return (answers_override() or Path.cwd()) / LEGACY_PROFILE_FOLDER / PROFILE_FILE


def clean_name(name: str) -> str:
    """A name with control characters removed, white space folded and length capped."""
    printable = "".join(ch if ch.isprintable() else " " for ch in str(name))
    return " ".join(printable.split())[:MAX_NAME]


_READ: dict[Path, tuple[tuple[int, int, int], str]] = {}  # path -> (file stamp, name): every save asks
_UNSAVED: dict[Path, str] = {}  # profile path -> a name entered while its folder could not be written


def _folder_problem(path: Path) -> str | None:
    """Why the profile's folder cannot be used (a file or a link named ``kit-files``); never under the override."""
    return None if answers_override() is not None else kit_folder_problem(path.parent)


def _read_name(path: Path) -> str | None:
    """The name saved in one profile file; ``None`` if there is no readable file there."""
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if path in _READ and _READ[path][0] == stamp:
            return _READ[path][1]
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = clean_name(data.get("name", "")) if isinstance(data, dict) else ""
    _READ[path] = (stamp, name)
    return name


def student_name() -> str:
    """The saved name, or an empty string when none was entered (or no profile file can be read).

    A name entered while the folder could not be written comes first (it is the newest), then the profile in
    ``kit-files``, then an earlier release's ``.mlkit`` one. A file is read again only when it changed (its
    mtime, size or inode), since every answer saved asks for it."""
    path = profile_path()
    if path in _UNSAVED:
        return _UNSAVED[path]
    name = _read_name(path) if _folder_problem(path) is None else None
    if name is None:
        name = _read_name(legacy_profile_path())
    return name or ""


def set_student_name(name: str) -> str:
    """Save the name (atomically, creating ``kit-files`` if needed) and return it as stored.

    A folder that cannot be written does not raise: the name is kept in memory for this kernel's records,
    and the answer store, which writes to the same folder next, says in plain words why nothing is saved.
    """
    cleaned = clean_name(name)
    path = profile_path()
    if _folder_problem(path) is None:
        try:
            write_atomic(path, json.dumps({"name": cleaned}, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass
        else:
            _UNSAVED.pop(path, None)
            return cleaned
    _UNSAVED[path] = cleaned
    return cleaned
