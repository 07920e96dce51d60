"""Where the kit keeps its own files beside the notebooks: one folder, ``kit-files``.

Why a folder: autosaves written beside the notebooks (``02_tag_claims.claims.answers.json`` and its
siblings, one per notebook and activity) filled a student's folder with files that look like homework.
Now the student sees the six notebooks and one folder holding the kit's autosaves, the student profile and
the hand-in zip. Releases before the folder wrote autosaves beside the notebooks and the profile in
``.mlkit/``: those places are still read (and merged), never written, never removed.

Why a module of its own: the answer store, the student profile, the hand-in and the grader all need the
same names and the same refusal to go through a ``kit-files`` that is not a real folder, and none of them
should depend on another for it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["KIT_FOLDER", "LEGACY_PROFILE_FOLDER", "answers_override", "kit_folder", "kit_folder_problem", "why"]

KIT_FOLDER = "kit-files"
LEGACY_PROFILE_FOLDER = ".mlkit"  # the student profile's folder before kit-files (read as a fallback)


def answers_override() -> Path | None:
    """The folder ``MLKIT_ANSWERS_DIR`` names (tests and benchmarks keep everything there, flat), if set."""
    value = os.environ.get("MLKIT_ANSWERS_DIR")
    return Path(value) if value else None


def kit_folder(notebooks: Path) -> Path:
    """The kit's folder beside the notebooks in ``notebooks`` (it may not exist yet)."""
    return notebooks / KIT_FOLDER


def kit_folder_problem(folder: Path) -> str | None:
    """Why the kit's folder cannot be used, in plain words; ``None`` if it is a real folder or not there yet.

    A link is never used, wherever it points: the grader and ``collect`` do not follow it, so answers saved
    through it would never reach the teacher. A file of that name is in the way of the folder.
    """
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return why(exc)
    if stat.S_ISLNK(mode):
        return (f"{folder.name} is a link to another place, not a folder, and the kit does not save through links "
                "(your teacher would not get those answers)")
    if not stat.S_ISDIR(mode):
        return f"a file named {folder.name} is in the way of the folder"
    return None


def why(exc: OSError) -> str:
    """A failed write's (or a failed folder creation's) cause in plain words (no temporary-file paths)."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "you are not allowed to write in it (it is read-only)"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "the folder does not exist"
    if exc.errno in (errno.EISDIR, errno.ENOTEMPTY, errno.EEXIST):
        return "a folder of the same name is in the way of the file"
    return exc.strerror or type(exc).__name__
