"""Find and read submitted files as data, never executing them, never hanging, never leaving the folder.

Why: a class folder comes from an LMS download, a shared drive or a hub, and may hold anything: a FIFO or a
device file named ``*.ipynb`` (reading one blocks forever or without end), a symbolic link to a file
elsewhere on the machine, a name that is not valid UTF-8, a huge file. Each becomes a row with a reason
an instructor can act on; only regular files inside the folder are read, and never more than a cap.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

try:  # parses without making Python objects of what the grader never reads (a notebook's pictures and tables)
    import simdjson
except ImportError:  # pragma: no cover - a platform without its wheel: every notebook is parsed whole (orjson)
    simdjson = None  # type: ignore[assignment]

__all__ = [
    "MAX_AUTOSAVE_BYTES", "MAX_NOTEBOOK_BYTES", "Found", "Skipped", "SubmissionError", "display_name",
    "find_submissions", "read_capped", "read_graded", "read_graded_sized", "read_notebook",
]

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
MAX_AUTOSAVE_BYTES = 10 * 1024 * 1024
_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


class SubmissionError(ValueError):
    """A file that cannot be graded; the message says why in words an instructor can act on."""


@dataclass(frozen=True)
class Found:
    """A regular file to grade, with its path relative to the folder (as text safe to print and write).
    ``where`` is its path as text, as the folder listing gives it (a class is thousands of files: the grader
    reads them by that text and makes no path object of each); ``path`` is the same as a ``Path``."""

    where: str
    relative: str

    @property
    def path(self) -> Path:
        return Path(self.where)


@dataclass(frozen=True)
class Skipped:
    """A file that will not be read, and why."""

    relative: str
    reason: str


def display_name(name: str) -> str:
    """A file name as printable UTF-8: bytes that are not UTF-8 are shown as ``\\xNN``."""
    if name.isascii():  # most names, thousands per class: already printable UTF-8 as they are
        return name
    raw = os.fsencode(name)
    return raw.decode("utf-8", errors="backslashreplace")


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve(strict=True).relative_to(root)
    except (OSError, ValueError):
        return False
    return True


def find_submissions(root: Path, listings: dict[str, frozenset[str]] | None = None) -> Iterator[Found | Skipped]:
    """Every ``*.ipynb`` under ``root`` (or ``root`` itself), in a stable order; odd files as ``Skipped``.
    With ``listings``, the names in each folder searched are put there by folder (the grader then looks for
    autosaves without listing the folder again).

    Hidden folders and ``.ipynb_checkpoints`` are not searched. Links are followed only when they lead to a
    regular file inside ``root``; folders reached through links are not searched. A folder's listing says
    which entries are folders, links and regular files (``os.scandir``), so a regular file costs no ``lstat``
    of its own; anything else is looked at as ``_check`` says.
    """
    if not root.is_dir():
        yield from _check(root.parent.resolve(), root, display_name(root.name))
        return
    base = root.resolve()
    stack: list[tuple[str, str]] = [(str(base), "")]  # (folder, its path relative to base, "" for base)
    while stack:
        folder, inside = stack.pop()
        try:
            entries = list(os.scandir(folder))
            # in the order of the names' bytes; for names all ASCII (most folders) that is the order of the text
            entries.sort(key=_by_text if all(e.name.isascii() for e in entries) else _by_bytes)
        except OSError as exc:
            yield Skipped(display_name(inside or "."), f"folder cannot be read ({exc.strerror})")
            continue
        if listings is not None:
            listings[folder] = frozenset(entry.name for entry in entries)
        folders = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            relative = f"{inside}{os.sep}{name}" if inside else name
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, relative))
            elif name.endswith(".ipynb"):
                if entry.is_file(follow_symlinks=False):
                    yield Found(entry.path, display_name(relative))
                else:
                    yield from _check(base, Path(entry.path), display_name(relative))
        stack.extend(reversed(folders))


def _by_text(entry: os.DirEntry[str]) -> str:
    return entry.name


def _by_bytes(entry: os.DirEntry[str]) -> bytes:
    return os.fsencode(entry.name)


def _check(base: Path, path: Path, relative: str) -> Iterator[Found | Skipped]:
    try:
        info = path.lstat()
    except OSError as exc:
        yield Skipped(relative, f"cannot be read ({exc.strerror})")
        return
    if stat.S_ISLNK(info.st_mode):
        if not _inside(base, path):
            yield Skipped(relative, "a link to a file outside the folder: not followed")
            return
        info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        yield Skipped(relative, f"{_kind(info.st_mode)}, not a saved notebook: not read")
        return
    yield Found(os.fspath(path), relative)


def read_capped(path: Path | str, cap: int) -> bytes:
    """The bytes of a regular file, refusing anything else or anything over ``cap`` (never blocks on a FIFO)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SubmissionError(f"cannot read the file ({exc.strerror or exc})") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionError(f"{_kind(info.st_mode)}, not a saved notebook: not read")
        if info.st_size > cap:
            size = info.st_size // 1_048_576
            raise SubmissionError(f"file is {size} MB, larger than the {cap // 1_048_576} MB limit")
        # The size the file says it has, plus one byte to see the end, in one read: a class's notebooks are read
        # without a 1 MB buffer each or a second copy; a file that grows meanwhile is read on, up to the cap.
        chunks, total, want = [], 0, info.st_size + 1
        while chunk := os.read(fd, want):
            total += len(chunk)
            if total > cap:
                raise SubmissionError(f"file is larger than the {cap // 1_048_576} MB limit")
            chunks.append(chunk)
            want = 1 << 20
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


def read_notebook(path: Path | str) -> dict[str, Any]:
    """Parse a notebook file as data (never executed), or raise ``SubmissionError`` saying why not."""
    return _parsed(read_capped(path, MAX_NOTEBOOK_BYTES))


def _parsed(raw: bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise SubmissionError(f"not a readable notebook: the file is not valid JSON ({exc})") from exc
    if isinstance(data, dict) and isinstance(data.get("worksheets"), list):
        raise SubmissionError(
            f"an old notebook format (nbformat {data.get('nbformat', 3)}): open it in Jupyter and save it to "
            "upgrade it, or ask the student to hand in the notebook from the kit"
        )
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise SubmissionError("not a Jupyter notebook: it has no list of cells")
    return data


_MIME = "application/vnd.mlkit.answers+json"  # ``record.notebook.MIME_TYPE`` (not imported: reading comes first)
_BOM = b"\xef\xbb\xbf"
_parser: Any = simdjson.Parser() if simdjson is not None else None


def read_graded(path: Path | str) -> dict[str, Any]:
    """The parts of a notebook file the grader reads, as a notebook of their own: its ``metadata`` (saved widget
    state) and one cell holding, in order, every output whose data has a kit record (``{"data": ...}``, the
    whole data of the output: the record's summary line is beside it). ``SubmissionError`` as ``read_notebook``.

    Why: a class's saved notebooks are mostly pictures and tables (a chart is a few hundred kB of base64), and
    making Python objects of them was half of grading a class. ``simdjson`` checks the whole file is valid JSON
    and makes objects only of what is asked for. Anything unusual (not valid JSON for it, a byte order mark,
    numbers or nesting it will not take, not a notebook) is read by ``read_notebook``, whose result and
    messages are the reference: ``_graded_parts`` gives both routes the same answer (a property test holds
    them equal). One difference is left: a name given twice in one JSON object (which JSON leaves undefined and
    Jupyter never writes) is read by its first copy here and by its last in orjson; either way the file is only
    data, and what is graded is what the integrity checks look at.
    """
    return read_graded_sized(path)[0]


def read_graded_sized(path: Path | str) -> tuple[dict[str, Any], int]:
    """``read_graded``, and the size of the file read: what a caller that reads many files before grading them
    keeps in check (``folder._units_job``)."""
    raw = read_capped(path, MAX_NOTEBOOK_BYTES)
    if _parser is not None and len(raw) >= _LAZY_FROM and not raw.startswith(_BOM):
        try:
            return _graded_lazily(raw), len(raw)
        except Exception:  # the reference route below says what is wrong, or reads what simdjson would not
            pass
    return _graded_parts(_parsed(raw)), len(raw)


# From this size on a notebook is read by ``simdjson``: below it (a notebook without pictures) orjson makes the
# whole file into objects faster than simdjson can hand over the few parts kept (measured: notebooks 03 and 04,
# about 13 kB, took half the time with orjson; notebook 02 with its 240 kB chart, two thirds with simdjson).
_LAZY_FROM = 32_768


def _fresh_parser() -> None:
    """A new parser, in case a failure left objects of the old one alive (a parser reads one file at a time)."""
    global _parser
    _parser = simdjson.Parser()


def _graded_lazily(raw: bytes) -> dict[str, Any]:
    """``_graded_parts`` of the parsed file, making Python objects only of the parts kept. Raises for anything
    the happy path does not cover (``read_graded`` then takes the reference route).

    Names are looked for among an object's ``keys()``: asking a ``simdjson.Object`` for a name it does not
    have costs an exception inside the library (about 4 us, ten times a look through its names), and most
    cells (Markdown) have no outputs and most outputs no kit record.

    After any failure the module's parser is replaced: objects of this file still alive (in the traceback)
    would make it refuse the next file."""
    try:
        return _graded_kept(_parser.parse(raw))
    except Exception:
        _fresh_parser()
        raise


def _graded_kept(document: Any) -> dict[str, Any]:
    obj, array = simdjson.Object, simdjson.Array
    if type(document) is not obj:
        raise ValueError("not an object")
    names = list(document.keys())
    cells = document["cells"] if "cells" in names else None
    if type(cells) is not array or ("worksheets" in names and type(document["worksheets"]) is array):
        raise ValueError("not a notebook of this format")
    bundles: list[dict[str, Any]] = []
    for cell in cells:
        if type(cell) is not obj or not (cell.get("cell_type") == "code" or "outputs" in cell.keys()):  # noqa: SIM118
            continue
        outputs = cell.get("outputs")
        if type(outputs) is array:
            for output in outputs:
                if type(output) is obj and "data" in output.keys():  # noqa: SIM118 (see above)
                    data = output["data"]
                    if type(data) is obj and _MIME in data.keys():  # noqa: SIM118
                        bundles.append(data.as_dict())
    metadata = document["metadata"] if "metadata" in names else None
    kept: Any = metadata.as_dict() if type(metadata) is obj else metadata.as_list() if type(metadata) is array \
        else metadata
    return _graded_notebook(bundles, kept)


def _graded_parts(notebook: dict[str, Any]) -> dict[str, Any]:
    """The reference: the parts of a parsed notebook the grader reads (see ``read_graded``)."""
    bundles: list[dict[str, Any]] = []
    for cell in notebook["cells"]:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and _MIME in data:
                bundles.append(data)
    return _graded_notebook(bundles, notebook.get("metadata"))


def _graded_notebook(bundles: list[dict[str, Any]], metadata: Any) -> dict[str, Any]:
    notebook: dict[str, Any] = {"cells": [{"outputs": [{"data": data} for data in bundles]}] if bundles else []}
    if metadata is not None:
        notebook["metadata"] = metadata
    return notebook
