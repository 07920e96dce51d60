"""Read a case's answer key (``key/claims.csv``, ``key/devices.csv``) and place each quote in the article.

Why: the key is edited by instructors as CSV with exact quotes; scoring needs character offsets, so
each row is located once here, and a row whose quote is missing or ambiguous is reported with its line.
A student release has no ``key/`` folder: then these return ``None`` and the notebooks say so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import cast

from .files import CaseError, read_csv
from .memo import table
from .model import Case
from .teaching import PARTS

__all__ = ["KeySpan", "claims_key", "core_ids", "devices_key", "keys_read_once", "split_list"]


@dataclass(frozen=True)
class KeySpan:
    """One key row located in the article: the span, its label, accepted alternatives and the rest."""

    id: str
    paragraph: int
    start: int
    end: int
    quote: str
    label: str
    accepted: tuple[str, ...]
    row: dict[str, str]

    @cached_property
    def core(self) -> bool:
        """Whether the key marks this item as core: one a class must find (the ``core`` column says ``yes``)."""
        return self.row.get("core", "").strip().lower() == "yes"

    def accepts(self, label: str) -> bool:
        """Whether ``label`` is the key's label or a listed alternative."""
        return label == self.label or label in self.accepted


@lru_cache(maxsize=4096)  # a pure function of a string: the grader splits the same few key cells per student
def split_list(cell: str) -> tuple[str, ...]:
    """The items of a ``;``-separated CSV cell, stripped, empty ones dropped."""
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


@lru_cache(maxsize=64)
def _key_path(case: Case, name: str) -> tuple[Path, str]:
    path = case.file("key", name)
    return path, os.fspath(path)


# The keys looked at during one grading run (``keys_read_once``), by case and file; ``None`` outside a run.
_RUN: dict[tuple[Case, str], tuple[KeySpan, ...] | None] | None = None


@contextlib.contextmanager
def keys_read_once() -> Iterator[None]:
    """Within the block, each key file is looked at once: the key a run starts with grades the whole class.

    Why: outside a run every call looks at the file's status, so a notebook open while the teacher edits the
    key sees the edit; the grader asks a dozen times per student, and one class should be graded against one
    version of the key anyway. Nested blocks share the outer one's keys.
    """
    global _RUN
    if _RUN is not None:
        yield
        return
    _RUN = {}
    try:
        yield
    finally:
        _RUN = None


def _load(case: Case, name: str, label_column: str, accepted_column: str) -> tuple[KeySpan, ...] | None:
    if _RUN is None:
        return _look(case, name, label_column, accepted_column)
    if (case, name) not in _RUN:
        _RUN[case, name] = _look(case, name, label_column, accepted_column)
    return _RUN[case, name]


def _look(case: Case, name: str, label_column: str, accepted_column: str) -> tuple[KeySpan, ...] | None:
    # One stat per call, so an edited key is read again.
    path, where = _key_path(case, name)
    try:
        info = os.stat(where)
    except OSError as exc:
        if exc.errno not in _MISSING:  # as ``Path.is_file``: a missing file is no key; other errors are raised
            raise
        return None
    except ValueError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return _load_located(case, path, info.st_mtime_ns, label_column, accepted_column)


@lru_cache(maxsize=32)
def _load_located(
    case: Case, path: Path, mtime_ns: int, label_column: str, accepted_column: str
) -> tuple[KeySpan, ...]:
    """Read and locate a key file once per version of it (the grader asks for it per submission)."""
    spans: list[KeySpan] = []
    for row in read_csv(path, ("id", "paragraph", "quote", label_column)):
        where = f"{path}:{row['_line']}"
        try:
            # the headline and dek are written by name in the key and numbered 0 and -1 inside the kit
            number = PARTS[row["paragraph"]] if row["paragraph"] in PARTS else int(row["paragraph"])
        except ValueError as exc:
            raise CaseError(f"{where}: paragraph must be a whole number, 'headline' or 'dek', "
                            f"not {row['paragraph']!r}") from exc
        try:
            location = case.locate(row["quote"], number)
        except KeyError as exc:
            raise CaseError(f"{where}: {exc.args[0]}") from exc
        spans.append(
            KeySpan(
                id=row["id"],
                paragraph=number,
                start=location.start,
                end=location.end,
                quote=location.quote,
                label=row[label_column],
                accepted=split_list(row.get(accepted_column, "")),
                row=row,
            )
        )
    return tuple(spans)


def claims_key(case: Case) -> tuple[KeySpan, ...] | None:
    """The located rows of ``key/claims.csv`` (label = claim type), or ``None`` without a key."""
    return _load(case, "claims.csv", "type", "also_accepted_types")


def devices_key(case: Case) -> tuple[KeySpan, ...] | None:
    """The located rows of ``key/devices.csv`` (label = device), or ``None`` without a key."""
    return _load(case, "devices.csv", "device", "also_accepted")


def core_ids(key: Sequence[KeySpan]) -> frozenset[str]:
    """The ids of the key's core items; once per key tuple (``memo``: the grader asks for every student)."""
    memo = table(key, "key.core_ids") if type(key) is tuple else None
    if memo:
        return cast(frozenset[str], memo["core"])
    core = frozenset(k.id for k in key if k.core)
    if memo is not None:
        memo["core"] = core
    return core
