"""Who handed a file in: the student id that the submission's layout carries, else the name they entered.

Why: a free-text name is not an identifier ("Karen Smith" and "karen" are one student; two nameless
students are two), and an LMS imports grades by a student identifier. Collection tools already put one
in the path, so the grader reads it from there first:

- nbgrader's course folder: ``submitted/<student_id>/<assignment>/<file>`` (also ``autograded/``);
- nbgrader's exchange: ``inbound/<student_id>+<assignment>+<timestamp>[+<random>]/<file>``;
- Canvas's bulk download, as reported to us (not checked against a live Canvas):
  ``<name>_<user id>_<submission id>_<file>`` (a ``late`` marker after the
  name is skipped);
- the kit's own ``collect`` command and any folder-per-student layout: ``<student_id>/.../<file>``.

Anything else falls back to the name typed in notebook 00, normalised, and a file with neither gets an
identity of its own, so nameless students are never merged.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

__all__ = ["Identity", "file_stem", "identify", "normalise_name", "settled_stems"]

_EXCHANGE = re.compile(r"^(?P<student>[^+]+)\+(?P<assignment>[^+]+)\+(?P<time>[^+]+)(?:\+[^+]*)?$")
_CANVAS = re.compile(r"^(?P<name>[^_]+?)(?:_late)?_(?P<user>\d+)_(?P<submission>\d+)_(?P<file>.+)$", re.IGNORECASE)
_NBGRADER_STAGES = ("submitted", "autograded", "feedback")


@dataclass(frozen=True)
class Identity:
    """A submission's student id, where it came from, and what else the layout says."""

    student_id: str
    source: str  # nbgrader | exchange | canvas | folder | name | none
    assignment: str = ""
    submitted_at: str = ""  # the exchange's timestamp, when there is one


def normalise_name(name: str) -> str:
    """A typed name as a comparable key: accents, case, punctuation and extra spaces removed."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.findall(r"[^\W_]+", plain.casefold())
    return " ".join(words)


def _slug(name: str) -> str:
    return "-".join(normalise_name(name).split())[:60]


def _parts(relative: PurePath | str) -> tuple[str, ...]:
    """``PurePath(relative).parts``; for the text of a relative path on POSIX (how the grader lists a class:
    thousands of files), split as ``PurePosixPath`` splits it, without making a path object per file."""
    if isinstance(relative, PurePath):
        return relative.parts
    if os.sep == "/" and not relative.startswith("/"):
        return tuple(part for part in relative.split("/") if part and part != ".")
    return PurePath(relative).parts


# A class's files repeat the same few names (one per notebook) and each student's folder name once per notebook,
# so what the two patterns make of a name is remembered (pure functions of a string, bounded).
@lru_cache(maxsize=4096)
def _exchange(folder: str) -> tuple[str, str, str, str] | None:
    """``Identity`` fields from an nbgrader exchange folder name, or ``None`` when it is not one."""
    match = _EXCHANGE.match(folder)
    return (match["student"], "exchange", match["assignment"], match["time"]) if match else None


@lru_cache(maxsize=4096)
def _canvas_user(name: str) -> str | None:
    """The Canvas user id in a file name from Canvas's bulk download, or ``None`` when it is not one."""
    match = _CANVAS.match(name)
    return match["user"] if match else None


def identify(relative: PurePath | str, entered_name: str = "") -> Identity:
    """The identity of the file at ``relative`` (a path relative to the folder being graded, as a path or its
    text)."""
    placed = _placed_text(relative) if isinstance(relative, str) else _placed(relative)
    if placed is not None:
        return placed
    if normalise_name(entered_name):
        return Identity(f"name:{_slug(entered_name)}", "name")
    return Identity(f"file:{PurePath(relative).as_posix()}", "none")


def _placed(relative: PurePath | str) -> Identity | None:
    """The identity the file's place gives (nbgrader, exchange, Canvas or a folder), or ``None`` without one."""
    parts = _parts(relative)
    if not parts:
        return None
    layout, folder = _by_folders(parts[:-1])
    if layout is not None:
        return layout
    user = _canvas_user(parts[-1])
    if user is not None:
        return Identity(user, "canvas")
    return folder


# A student's files share their folders: what the folders say is worked out once per folder (a pure function of
# their names, its answers frozen, so shared), and only the file's own name is looked at per file.
@lru_cache(maxsize=4096)
def _by_folders(folders: tuple[str, ...]) -> tuple[Identity | None, Identity | None]:
    """What a file's folders say: the identity of nbgrader's or its exchange's layout (before any other), and
    the identity of a folder per student (after a Canvas file name); ``None`` where they give none."""
    for index, part in enumerate(folders):
        if part in _NBGRADER_STAGES and len(folders) > index + 2:
            return Identity(folders[index + 1], "nbgrader", folders[index + 2]), None
    for part in folders:
        exchange = _exchange(part)
        if exchange is not None:
            return Identity(*exchange), None
    return None, (Identity(folders[0], "folder", folders[1] if len(folders) > 1 else "") if folders else None)


# A class's file is identified when its units are planned and again when it is graded (by a forked copy, which
# inherits what the planning remembered): a pure function of the text, its answer frozen, so shared.
_placed_text = lru_cache(maxsize=16384)(_placed)


def _safe(student_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", student_id).strip("._")[:60] or "student"


def _hashed(safe: str, student_id: str) -> str:
    return f"{safe}-{hashlib.sha256(student_id.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def file_stem(student_id: str, used: set[str]) -> str:
    """A file name for a student's files that is safe everywhere and unique in this run (``used`` remembers)."""
    safe = _safe(student_id)
    if safe != student_id or safe.casefold() in used:
        safe = _hashed(safe, student_id)
    used.add(safe.casefold())
    return safe


_LIKE_HASHED = re.compile(r"-[0-9a-f]{8}\Z")  # how a stem made by ``_hashed`` ends


def settled_stems(student_ids: Iterable[str]) -> dict[str, str]:
    """The stems ``file_stem`` gives some of these ids in any order, known before the class is graded: each id
    here whose stem no other student can take first, with that stem. ``student_ids`` must hold every id taken
    from the files' places (the folder listing); the other students a class can have (typed names, ``file:``
    ids) are never safe as they are, so their stems are hashed and end like one.

    Why: the grader writes a student's feedback as soon as their files are graded, before the class is sorted
    and stems are given out in order. An id already safe keeps its own text unless a student before it took
    the same stem (case aside); that can only be another id equal to it but for case, or a hashed stem,
    which it can equal only if it ends like one. An id that is not safe is always hashed, whatever the order.
    """
    ids = set(student_ids)
    safe_of = {i: _safe(i) for i in ids}
    plain = Counter(i.casefold() for i, safe in safe_of.items() if safe == i)
    settled: dict[str, str] = {}
    for student_id, safe in safe_of.items():
        if safe != student_id:
            settled[student_id] = _hashed(safe, student_id)
        elif plain[student_id.casefold()] == 1 and not _LIKE_HASHED.search(student_id.casefold()):
            settled[student_id] = student_id
    return settled
