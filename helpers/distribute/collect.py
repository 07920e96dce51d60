"""Collect a class's saved work from a JupyterHub's home folders into the layout ``grade`` reads.

Why: on a hub each student's copy of the kit sits in their own home folder (``<homes>/<user>/<kit>/``,
put there by nbgitpuller), and the teacher needs it in one place. The result follows nbgrader's
``submitted`` layout, ``<out>/<student_id>/<assignment>/…``, with the hub user name as the student id
and the kit's folder name as the assignment, so ``python -m helpers grade <out>`` (or nbgrader) can
read it. An nbgrader exchange's ``inbound/<student_id>+<assignment>+<timestamp>[+<random>]/`` folders
can be collected too (the newest per student and assignment).

A home folder belongs to a student, so this reads it as little as possible and changes nothing:
only ``*.ipynb`` and ``*.answers.json`` files are opened (the autosaves sit in the ``kit-files`` folder
beside the notebooks, or beside them from releases before it; both are copied with their place kept, so
the grader finds them), read-only and without following symbolic
links (a link is skipped, never followed, whether to a file or a folder); anything that is not a regular
file (a FIFO named ``x.ipynb``, a device), a file with a second hard link (it may be a file from outside
the home under another name) and anything larger than the cap is skipped unread;
``.ipynb_checkpoints`` and hidden folders (``.git``) are not entered, and in a kit folder only its
``notebooks/`` folder is read (the kit's own ``tests/`` hold saved example answers that are nobody's).
Copies are written with mode 0644 and the original's modification time; the report lists every file
collected and every one skipped with the reason.

Standard library only, and no import from the rest of ``helpers``: this stage stands alone.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CollectReport", "collect"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a saved notebook 02 with its outputs is ~0.2 MB
SUFFIXES = (".ipynb", ".answers.json")
_BACKUP = re.compile(r"_backup_\d{14}$")  # nbgitpuller's "Backup and resync" copies
_CHUNK = 1 << 16


@dataclass
class CollectReport:
    """What was collected (source, destination) and what was skipped (path, reason)."""

    collected: list[tuple[Path, Path]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    students: set[str] = field(default_factory=set)

    def skip(self, path: Path, reason: str) -> None:
        self.skipped.append((path, reason))


def _safe_name(name: str) -> bool:
    """A user, assignment or file name that can be used as one path component."""
    return bool(name) and name not in {".", ".."} and "/" not in name and "\0" not in name and name.isprintable()


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _wanted(name: str) -> bool:
    return name.endswith(SUFFIXES) and not name.startswith(".")


def _open_readonly(name: str, dir_fd: int) -> int:
    """Open without following a link, without blocking on a FIFO, and (where allowed) without touching atime."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    noatime = getattr(os, "O_NOATIME", 0)
    if noatime:
        try:
            return os.open(name, flags | noatime, dir_fd=dir_fd)
        except PermissionError:  # O_NOATIME needs the file's owner (or CAP_FOWNER)
            pass
    return os.open(name, flags, dir_fd=dir_fd)


def _copy_one(found: _Found, dest: Path, max_bytes: int, report: CollectReport) -> bool:
    """Copy one regular file, checked on the open descriptor, with mode 0644 and the source's mtime.

    The file is opened relative to its folder's descriptor, so no folder on its path can be swapped for a
    link between the walk and the read.
    """
    source = found.path
    try:
        before = os.stat(found.name, dir_fd=found.dir_fd, follow_symlinks=False)
    except OSError as exc:
        report.skip(source, f"cannot stat: {exc.strerror}")
        return False
    if stat.S_ISLNK(before.st_mode):
        report.skip(source, "symbolic link (not followed)")
        return False
    if not stat.S_ISREG(before.st_mode):
        report.skip(source, "not a regular file")
        return False
    if before.st_nlink > 1:  # another name for a file that may live outside the home (/etc/shadow…)
        report.skip(source, "hard link (the same file has another name, maybe outside the home)")
        return False
    if before.st_size > max_bytes:
        report.skip(source, f"larger than {max_bytes} bytes ({before.st_size})")
        return False
    try:
        fd = _open_readonly(found.name, found.dir_fd)
    except OSError as exc:
        reason = "symbolic link (not followed)" if exc.errno == errno.ELOOP else f"cannot open: {exc.strerror}"
        report.skip(source, reason)
        return False
    try:
        info = os.fstat(fd)
        # the file might have been swapped between lstat and open: trust only the descriptor
        if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) != (before.st_dev, before.st_ino):
            report.skip(source, "changed while collecting (not a regular file)")
            return False
        if info.st_size > max_bytes:
            report.skip(source, f"larger than {max_bytes} bytes ({info.st_size})")
            return False
        os.set_blocking(fd, True)
        data = bytearray()
        while len(data) <= max_bytes:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            data += chunk
        if len(data) > max_bytes:
            report.skip(source, f"grew past {max_bytes} bytes while being read")
            return False
    finally:
        os.close(fd)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.is_symlink():
        dest.unlink()
    partial = dest.with_name(dest.name + ".collecting")
    with open(partial, "wb") as handle:
        handle.write(data)
    os.chmod(partial, 0o644)
    os.utime(partial, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(partial, dest)
    report.collected.append((source, dest))
    return True


@dataclass(frozen=True)
class _Found:
    """A wanted file: its path (for the report), and its name inside an open folder descriptor."""

    path: Path
    name: str
    dir_fd: int


def _walk(folder: Path, report: CollectReport) -> Iterator[_Found]:
    """Every wanted file under ``folder``, never through a link, skipping checkpoints and hidden folders.

    ``os.fwalk`` holds each folder open and does not enter a link to a folder; a file is then opened
    by name inside that descriptor, while the walk waits.
    """

    def unreadable(error: OSError) -> None:
        report.skip(Path(error.filename or folder), f"unreadable folder: {error.strerror}")

    for here, dirs, files, dir_fd in os.fwalk(folder, follow_symlinks=False, onerror=unreadable):
        keep = []
        for name in sorted(dirs):
            if name == ".ipynb_checkpoints" or name.startswith("."):
                continue
            try:
                is_link = stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
            except OSError:
                continue
            if is_link:
                report.skip(Path(here) / name, "symbolic link to a folder (not followed)")
                continue
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            if _wanted(name):
                yield _Found(Path(here) / name, name, dir_fd)


def _collect_tree(tree: Path, student: str, assignment: str, out: Path, max_bytes: int, report: CollectReport,
                  only: str = "") -> None:
    """Collect ``tree`` (or only its ``only`` subfolder), keeping paths relative to ``tree``."""
    start = tree / only if only else tree
    if only and not _is_real_dir(start):
        return
    for found in _walk(start, report):
        relative = found.path.relative_to(tree)
        if not all(_safe_name(part) for part in relative.parts):
            report.skip(found.path, "file name cannot be used safely")
            continue
        dest = out / student / assignment / relative
        if dest.exists() and os.lstat(dest).st_mtime_ns > _mtime(found):
            report.skip(found.path, f"a newer copy was already collected ({printable(dest)})")
            continue
        if _copy_one(found, dest, max_bytes, report):
            report.students.add(student)


def _mtime(found: _Found) -> int:
    try:
        return os.stat(found.name, dir_fd=found.dir_fd, follow_symlinks=False).st_mtime_ns
    except OSError:
        return 0


def _kit_folders(home: Path, assignment: str | None, report: CollectReport) -> list[Path]:
    """The kit folders in one home: ``assignment`` if named, else every top-level folder holding ``notebooks/``."""
    if assignment is not None:
        candidate = home / assignment
        if os.path.islink(candidate):
            report.skip(candidate, "symbolic link to a folder (not followed)")
            return []
        return [candidate] if _is_real_dir(candidate) else []
    found = []
    try:
        entries = sorted(os.scandir(home), key=lambda e: e.name)
    except OSError as exc:
        report.skip(home, f"unreadable home folder: {exc.strerror}")
        return []
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue
        if _BACKUP.search(entry.name):
            report.skip(Path(entry.path), "nbgitpuller backup folder (collect it by name with --assignment)")
            continue
        if _is_real_dir(Path(entry.path) / "notebooks"):
            found.append(Path(entry.path))
    return found


def _collect_exchange(inbound: Path, assignment: str | None, out: Path, max_bytes: int, report: CollectReport) -> None:
    """The newest ``<student>+<assignment>+<timestamp>[+<random>]`` submission per student and assignment."""
    if _is_real_dir(inbound / "inbound"):
        inbound = inbound / "inbound"
    newest: dict[tuple[str, str], tuple[str, Path]] = {}
    for entry in sorted(os.scandir(inbound), key=lambda e: e.name):
        parts = entry.name.split("+")
        if len(parts) < 3 or not entry.is_dir(follow_symlinks=False):
            report.skip(Path(entry.path), "not an nbgrader submission folder")
            continue
        student, name, stamp = parts[0], parts[1], parts[2]
        if not (_safe_name(student) and _safe_name(name)) or student.startswith("."):
            report.skip(Path(entry.path), "student or assignment name cannot be used safely")
            continue
        if assignment is not None and name != assignment:
            continue
        key = (student, name)
        if key not in newest or stamp > newest[key][0]:
            newest[key] = (stamp, Path(entry.path))
    for (student, name), (_, folder) in sorted(newest.items()):
        _collect_tree(folder, student, name, out, max_bytes, report)


def collect(
    homes: Path | None,
    out: Path,
    *,
    exchange: Path | None = None,
    assignment: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    strip_prefix: str = "",
) -> CollectReport:
    """Copy every student's saved notebooks and autosaves into ``out/<student>/<assignment>/``.

    ``strip_prefix``: home folders are named ``<prefix><user>`` (The Littlest JupyterHub uses
    ``/home/jupyter-<user>``); only those are read, and the student id is the name without the prefix.
    """
    report = CollectReport()
    out = Path(out)
    for source in (homes, exchange):
        if source is not None and out.resolve().is_relative_to(Path(source).resolve()):
            raise ValueError(f"the output folder {out} must not be inside {source}")
    out.mkdir(parents=True, exist_ok=True)
    if homes is not None:
        for entry in sorted(os.scandir(homes), key=lambda e: e.name):
            home = Path(entry.path)
            if entry.is_symlink():
                report.skip(home, "symbolic link (not followed)")
                continue
            if not entry.is_dir(follow_symlinks=False):
                continue
            if not entry.name.startswith(strip_prefix):
                continue
            student = entry.name[len(strip_prefix) :]
            if not _safe_name(student) or student.startswith("."):
                report.skip(home, "not a usable student id")
                continue
            for kit in _kit_folders(home, assignment, report):
                # Only the student notebooks: the kit's own tests/ hold saved example answers of no student.
                _collect_tree(kit, student, kit.name, out, max_bytes, report, only="notebooks")
    if exchange is not None:
        _collect_exchange(Path(exchange), assignment, out, max_bytes, report)
    return report


def printable(path: Path) -> str:
    """A path as one line of text any terminal prints: undecodable bytes and control characters escaped."""
    text = bytes(path).decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def describe(report: CollectReport, out: Path) -> str:
    """The text ``python -m helpers collect`` prints."""
    lines = [
        f"Collected {len(report.collected)} file(s) from {len(report.students)} student(s) into {printable(out)}; "
        f"skipped {len(report.skipped)}."
    ]
    lines += [f"  collected {printable(source)}" for source, _ in report.collected]
    lines += [f"  skipped   {printable(path)}: {reason}" for path, reason in report.skipped]
    return "\n".join(lines)
