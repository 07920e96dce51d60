"""Keep a student's answers safe: one versioned JSON record per activity, saved atomically and mirrored
into the notebook so the saved ``.ipynb`` alone carries them.

Why: widget state is not saved by default and cannot be rebuilt by a restarted kernel, so the kit
keeps its own record. Every change reads the autosave (in the ``kit-files`` folder beside the notebook,
``layout``), merges it with this kernel's copy item by item (``merge``: another tab, view or kernel may
have written since), and writes the union back atomically (temporary file, fsync, rename: a crash leaves
the old or the new file, never half of one). The record is then pushed to the notebook copy (a display
output under the kit's own MIME type, and the record widget that every open view renders). A failed
write keeps the answers in memory and in the notebook copy, says so in plain words, and is tried again.
Re-running a cell merges every copy it can find, including an autosave an earlier release left beside the
notebook (read and merged, never written or removed: it is student data). Graders read only this record.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from .atomic import write_atomic
from .choose import from_widget_state
from .layout import KIT_FOLDER, answers_override, kit_folder, kit_folder_problem, why
from .merge import changed_items, merge, same_answers
from .notebook import MIME_TYPE, find_in_notebook, summarise, version_in_notebook
from .profile import student_name
from .schema import AnswerError, new_document, now_iso, validate, validate_beside
from .types import AnswerRecord, Item

__all__ = [
    "KIT_FOLDER", "MISSING_REMINDER", "SAVE_REMINDER", "AnswerStore", "autosave_copies", "autosave_path",
    "combine_autosaves", "file_stamp", "legacy_autosave_path", "notebook_path", "read_autosave", "read_autosaves",
]

MAX_ITEMS = 2000  # the schema's items.maxItems
MAX_AUTOSAVE_BYTES = 10 * 1024 * 1024  # as the grader's cap: an autosave larger than this is not one of ours

SAVE_REMINDER = "Not yet in the notebook file: save it (Ctrl+S, or ⌘S on a Mac) before you hand it in."
MISSING_REMINDER = ("Not yet in the notebook file (it was never saved with your answers, or its outputs were "
                    "cleared): save it now (Ctrl+S, or ⌘S on a Mac) before you hand it in.")


def notebook_path() -> Path | None:
    """The notebook this kernel belongs to, when Jupyter Server told us (``JPY_SESSION_NAME``).

    The server gives the path relative to its root, and starts the kernel in the notebook's folder,
    so the file name is joined to the working directory. nbclient and nbval set nothing: ``None``.
    """
    session = os.environ.get("JPY_SESSION_NAME", "")
    if not session.endswith(".ipynb"):
        return None
    as_given = Path(session)
    if as_given.is_absolute() and as_given.exists():
        return as_given
    return Path.cwd() / as_given.name


def _autosave_name(activity: str, notebook: Path | None) -> str:
    return f"{notebook.stem if notebook else 'untitled'}.{activity}.answers.json"


def autosave_path(activity: str, notebook: Path | None = None) -> Path:
    """Where the autosave for ``activity`` is written: in the ``kit-files`` folder beside the notebook, named
    after it (``kit-files/02_tag_claims.claims.answers.json``), so the student's folder holds only notebooks
    and that one folder.

    ``MLKIT_ANSWERS_DIR`` overrides the folder, flat inside it (tests use it to keep the repository clean).
    """
    folder = answers_override() or kit_folder(notebook.parent if notebook else Path.cwd())
    return folder / _autosave_name(activity, notebook)


def legacy_autosave_path(activity: str, notebook: Path | None = None) -> Path | None:
    """Where releases before ``kit-files`` wrote the autosave: beside the notebook. Read and merged, never
    written. ``None`` under ``MLKIT_ANSWERS_DIR``, where both releases wrote to the same place."""
    if answers_override() is not None:
        return None
    return (notebook.parent if notebook else Path.cwd()) / _autosave_name(activity, notebook)


def autosave_copies(activity: str, notebook: Path, handed_in: bool = False) -> list[Path]:
    """The places an autosave of ``activity`` may be, the current one first; a ``kit-files`` that is a link or
    a file is left out (never followed, never read). ``handed_in``: the notebook is in a folder handed in to
    the teacher, so its own ``kit-files`` and folder are meant, whatever ``MLKIT_ANSWERS_DIR`` says."""
    name = _autosave_name(activity, notebook)
    current = kit_folder(notebook.parent) / name if handed_in else autosave_path(activity, notebook)
    legacy = notebook.parent / name if handed_in else legacy_autosave_path(activity, notebook)
    if legacy is None:  # MLKIT_ANSWERS_DIR: one flat folder, as in every release
        return [current]
    usable = kit_folder_problem(current.parent) is None
    return [current, legacy] if usable else [legacy]


def combine_autosaves(copies: Sequence[tuple[AnswerRecord, int]]) -> AnswerRecord | None:
    """One record from the autosave copies of one activity (each with its schema version), the current
    location's copy first: merged item by item when all are v2 copies of one case (idempotent, so reading an
    earlier release's file again and again changes nothing, and a later removal beats its older item); else
    the newest, the first one on a tie (a v1 copy has no tombstones, so merging it could bring back an answer
    the student removed). ``None`` when there is no copy.
    """
    if not copies:
        return None
    first = copies[0][0]
    if all(version >= 2 and record["activity"] == first["activity"] and record["case"] == first["case"]
           for record, version in copies):
        combined = first
        for record, _ in copies[1:]:
            combined = merge(combined, record)
        return combined
    return max(copies, key=lambda c: (c[0]["revision"], c[0]["saved_at"]))[0]  # max keeps the first of equals


def _read_regular(path: Path) -> bytes | None:
    """A file's bytes if it is a regular file, not a link and not larger than an autosave can be; else ``None``.

    Why: the hand-in check and the class report read folders the student (or a download) filled; a link or
    a FIFO named like an autosave must neither be followed nor block the read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_AUTOSAVE_BYTES:
            return None
        return handle.read(MAX_AUTOSAVE_BYTES)


def read_autosaves(activity: str, notebook: Path, case: str | None = None, *,
                   handed_in: bool = False) -> tuple[AnswerRecord | None, list[str]]:
    """The autosave of ``activity`` for ``notebook``, read from ``kit-files`` and from beside the notebook (an
    earlier release's) and combined, and what was wrong with any copy, in plain words.

    Only copies of ``activity`` (and of ``case`` when given) count. Links and odd files are not read. For the
    hand-in check and (``handed_in``: the folder's own files) the class report; the widgets read through
    ``AnswerStore``.
    """
    copies: list[tuple[AnswerRecord, int]] = []
    problems: list[str] = []
    for path in autosave_copies(activity, notebook, handed_in):
        raw = _read_regular(path)
        if raw is None:
            continue
        try:
            found = _parse_autosave(path, raw)
        except AnswerError as exc:
            shown = f"{KIT_FOLDER}/{path.name}" if path.parent.name == KIT_FOLDER else path.name
            problems.append(f"{shown} is damaged ({exc})")
            continue
        if found[0]["activity"] == activity and (case is None or found[0]["case"] == case):
            copies.append(found)
    return combine_autosaves(copies), problems


def read_autosave(path: Path) -> AnswerRecord | None:
    """The record in an autosave file, ``None`` if there is none; ``AnswerError`` if it is damaged."""
    found = _read_autosave_versioned(path)
    return found[0] if found else None


def _read_autosave_versioned(path: Path, known: AnswerRecord | None = None) -> tuple[AnswerRecord, int] | None:
    """The record and its schema version; ``known``: a validated record whose items need no second check."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return _parse_autosave(path, raw, known)


def _parse_autosave(path: Path, raw: bytes, known: AnswerRecord | None = None) -> tuple[AnswerRecord, int]:
    """An autosave's bytes as a validated record and its schema version; ``AnswerError`` if damaged."""
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise AnswerError(f"{path.name} is not valid JSON ({exc})") from exc
    version = document.get("schema_version") if isinstance(document, dict) else None
    checked = validate(document) if known is None else validate_beside(document, known)
    return checked, version if isinstance(version, int) else 0


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """A file's (mtime in ns, size, inode): a cheap way to notice it changed (every atomic write makes a new
    inode, so two writes within the clock's resolution still differ); ``None`` if it is absent."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def _validate_change(document: AnswerRecord, now: str) -> None:
    """Validate what this change brought: the record's top level and the items and removals dated ``now``.

    The rest was validated already (this store's record, or the autosave when it was read), and checking
    only the change keeps a tag's save fast however many answers the record holds.
    """
    fresh_items = [i for i in document["items"] if i.get("changed_at") == now]
    fresh_removed = [r for r in document["removed"] if r["removed_at"] == now]
    validate({**document, "items": fresh_items, "removed": fresh_removed})
    if len(document["items"]) > MAX_ITEMS:
        raise AnswerError(f"answer record does not follow schema v2 at items: more than {MAX_ITEMS} items")


class AnswerStore:
    """One activity's record: restored (merged from every copy) on creation, merged and saved on every change."""

    def __init__(self, activity: str, case: str, notebook: Path | None = None, *, noun: str = "answer") -> None:
        self.activity = activity
        self.case = case
        self.noun = noun
        self.notebook = notebook if notebook is not None else notebook_path()
        self.path = autosave_path(activity, self.notebook)  # the only file this store writes
        # an earlier release's autosave beside the notebook: read and merged, never written or removed
        self.legacy = legacy_autosave_path(activity, self.notebook)
        self._in_kit_folder = answers_override() is None  # MLKIT_ANSWERS_DIR is used as given
        self.messages: list[str] = []
        self.write_error: str | None = None  # plain words, while the autosave cannot be written
        self.listeners: list[Callable[[AnswerRecord], None]] = []  # told of every new record (the notebook copy)
        self._handle: Any = None  # IPython's DisplayHandle once shown
        self._wrote = False  # whether this kernel session has written yet (history.sessions counts sessions)
        # each autosave copy's stamp when this store last read or wrote it
        self._stamps: dict[Path, tuple[int, int, int] | None] = {}
        self.document = self._restore()
        self._base: list[Item] = list(self.document["items"])  # what the widget was last given or gave

    # ---- restoring ----------------------------------------------------------------------------------------
    def _restore(self) -> AnswerRecord:
        """Every copy found, merged (v2 copies) or the newest (when a copy is still v1); damaged ones set aside."""
        candidates: list[tuple[str, AnswerRecord, int]] = []
        for path in self._copies():  # this store's own file first: on a tie between v1 copies it wins
            saved = self._read_copy(path)
            if saved is not None:
                candidates.append(("autosave", *saved))
        notebook = self._read_notebook()
        if notebook is not None:
            embedded = find_in_notebook(notebook, self.activity, self.case)
            if embedded:
                candidates.append(("notebook", embedded, version_in_notebook(notebook, self.activity) or 0))
            state = from_widget_state(notebook, self.activity, self.case)
            if state:
                candidates.append(("saved widget state", state, 2))
        if not candidates:
            return new_document(self.activity, self.case)
        if all(version >= 2 for _, _, version in candidates):
            best = candidates[0][1]
            for _, record, _ in candidates[1:]:
                best = merge(best, record)
            sources = [source for source, record, _ in candidates if same_answers(record["items"], best["items"])]
            source = sources[0] if len(sources) == 1 else "saved" if sources else "merged"
        else:  # a v1 copy has no tombstones: merging it could bring back an answer the student removed
            source, best, _ = max(candidates, key=lambda c: (c[1]["revision"], c[1]["saved_at"]))
        count = len(best["items"])
        where = {"saved": "saved copies", "merged": "copies found (merged)"}.get(source, f"{source} copy")
        self.messages.append(f"Restored {count} answer{'s' if count != 1 else ''} from the {where}.")
        return best

    def folder_problem(self) -> str | None:
        """Why the kit's folder cannot hold the autosave (a file or a link named ``kit-files``), in plain words."""
        return kit_folder_problem(self.path.parent) if self._in_kit_folder else None

    def _copies(self) -> list[Path]:
        """The autosave files this store reads: its own (unless its folder is a link or a file, never followed),
        then an earlier release's beside the notebook."""
        paths = [self.path] if self.folder_problem() is None else []
        if self.legacy is not None and self.legacy != self.path:
            paths.append(self.legacy)
        return paths

    def autosave_stamps(self) -> tuple[tuple[int, int, int] | None, ...]:
        """The stamps of the autosave files this store reads: they change when any view or kernel writes one."""
        return tuple(file_stamp(path) for path in self._copies())

    def _read_copy(self, path: Path, known: AnswerRecord | None = None) -> tuple[AnswerRecord, int] | None:
        """An autosave's record (and its schema version) if it is this activity's. A damaged file of this
        store's own is set aside; an earlier release's is left exactly as it is (student data, and this
        release never writes there). Items ``known`` (this store's validated record) holds verbatim are not
        validated again."""
        stamp = file_stamp(path)
        try:
            found = _read_autosave_versioned(path, known)
        except AnswerError as exc:
            if path != self.path:
                self._stamps[path] = stamp  # read again only when it changes
                self.messages.append(f"The earlier autosave file {path.name} beside the notebook is damaged ({exc}); "
                                     "it was left as it is.")
                return None
            aside = path.with_name(f"{path.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}")
            try:
                os.replace(path, aside)
                self.messages.append(f"The autosave file was damaged ({exc}); it was kept as {aside.name}.")
            except OSError:
                self.messages.append(f"The autosave file is damaged ({exc}).")
            return None
        except OSError:
            return None
        self._stamps[path] = stamp
        if found is None or found[0]["activity"] != self.activity or found[0]["case"] != self.case:
            return None
        return found

    def _read_notebook(self) -> Any:
        if self.notebook is None or not self.notebook.is_file():
            return None
        try:
            return orjson.loads(self.notebook.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None

    @property
    def draft_key(self) -> str:
        """The name under which the browser keeps answers the kernel has not confirmed yet: the autosave's
        path as earlier releases wrote it (beside the notebook), so drafts a browser kept across the move
        to ``kit-files`` are still found and sent again."""
        return str(self.legacy or self.path)

    @property
    def items(self) -> list[Item]:
        """The current answers (do not mutate; call ``update``)."""
        return list(self.document["items"])

    # ---- writing ------------------------------------------------------------------------------------------
    def update(self, items: Sequence[Item], before: Sequence[Item] | None = None) -> AnswerRecord:
        """Apply a widget's new list of answers: date what changed since ``before`` (default: the list it was
        last given or gave), merge that into this record and the autosave, write atomically, mirror.

        Only what the widget changed is applied, so answers another view or kernel added meanwhile are kept
        even when the widget has not shown them yet. Raises ``AnswerError`` (and changes nothing) if the
        result breaks the schema. A failed write does not raise: the answers stay in memory and in the
        notebook copy, ``write_error`` says why in plain words, and the next change or ``retry`` tries again.
        """
        now = now_iso()
        changed, removed = changed_items(self._base if before is None else before, items, now)
        local: AnswerRecord = {**self.document, "items": changed, "removed": removed}
        document = self._merge_disk(merge(self.document, local))
        document = {
            **document,
            "revision": document["revision"] + 1,
            "saved_at": now,
            "student": {"name": student_name() or document["student"].get("name", "")},
            "history": {
                **document["history"],
                "edits": document["history"]["edits"] + 1,
                "sessions": document["history"]["sessions"] + (0 if self._wrote else 1),
            },
        }
        _validate_change(document, now)
        self.document = document
        self._base = list(items)
        self._wrote = True
        self._write()
        self._mirror()
        return document

    def _merge_disk(self, document: AnswerRecord) -> AnswerRecord:
        """``document`` merged with each autosave copy someone else wrote since this store last read or wrote it
        (another view or kernel; an earlier release's copy only changes if a kernel started before the
        update still runs)."""
        for path in self._copies():
            if file_stamp(path) == self._stamps.get(path):
                continue
            found = self._read_copy(path, self.document)
            if found:
                document = merge(document, found[0])
        return document

    def _write(self) -> None:
        """Write the record to this store's own file (creating ``kit-files`` the first time), atomically; a
        failed folder creation or write leaves ``write_error`` in plain words and the answers in memory."""
        problem = self.folder_problem()
        if problem is None:
            try:
                write_atomic(self.path, orjson.dumps(self.document, option=orjson.OPT_INDENT_2))
            except OSError as exc:  # creating kit-files or writing in it: the same plain words either way
                problem = self.folder_problem() or why(exc)  # a file or link that appeared meanwhile is named
        if problem is not None:
            self.write_error = (
                f"Your answers could not be saved to the folder {self.path.parent} because {problem}. "
                "They are safe for now in this notebook: save it (Ctrl+S, or ⌘S on a Mac) and keep it open. "
                "Ask your teacher to make that folder writable (or to move what is in its way); the kit keeps "
                "trying."
            )
            return
        self.write_error = None
        self._stamps[self.path] = file_stamp(self.path)

    def adopt(self) -> list[Item]:
        """The record's answers, which the widget now shows in full (later changes are dated against them)."""
        self._base = list(self.document["items"])
        return list(self._base)

    def retry(self) -> bool:
        """Try a failed write again (merging the autosave first); whether the answers are now on disk."""
        if self.write_error is None:
            return True
        self.document = self._merge_disk(self.document)
        self._write()
        if self.write_error is None:
            self._mirror()
        return self.write_error is None

    def refresh(self) -> bool:
        """Merge in the autosave if another view or kernel wrote it; whether this store's answers changed."""
        merged = self._merge_disk(self.document)
        if merged is self.document:
            return False
        if same_answers(merged["items"], self.document["items"]) and merged["revision"] == self.document["revision"]:
            return False
        self.document = merged
        self._mirror()
        return True

    # ---- the notebook copy --------------------------------------------------------------------------------
    def bundle(self) -> dict[str, Any]:
        """The MIME bundle that carries the record inside the notebook."""
        return {"text/plain": summarise(self.document, self.noun), MIME_TYPE: self.document}

    def display(self) -> None:
        """Show the notebook copy as an output of the current cell, updatable in place."""
        from IPython.display import display  # imported here: IPython is loaded only where a notebook shows it

        show: Any = display  # IPython's display is not typed
        self._handle = show(self.bundle(), raw=True, display_id=True)

    def _mirror(self) -> None:
        if self._handle is not None:
            self._handle.update(self.bundle(), raw=True)
        for listener in self.listeners:
            listener(self.document)

    # ---- what the notebook file holds ---------------------------------------------------------------------
    def startup_notes(self) -> tuple[list[str], bool]:
        """What to tell the student when a widget opens: the restore messages, plus a save reminder when
        the answers came back from the autosave but the notebook file does not hold them yet.

        Returns the notes and whether the notebook still needs saving.
        """
        notes = list(self.messages)
        state = self.notebook_state()
        unsaved = bool(self.document["items"]) and state in ("stale", "missing")
        if unsaved:
            notes.append(MISSING_REMINDER if state == "missing" else SAVE_REMINDER)
        return notes, unsaved

    def notebook_state(self) -> str | None:
        """What the notebook file on disk holds, compared by answers (not revision numbers).

        ``None``: no notebook known; ``"current"``: it holds exactly this kernel's answers; ``"stale"``: it
        holds other answers; ``"missing"``: it holds no copy of this activity (never saved, or saved with
        its outputs cleared).
        """
        notebook = self._read_notebook() if self.notebook is not None and self.notebook.is_file() else None
        if notebook is None:
            return None if self.notebook is None or not self.notebook.is_file() else "missing"
        copies = [find_in_notebook(notebook, self.activity, self.case),
                  from_widget_state(notebook, self.activity, self.case)]
        found = [c for c in copies if c is not None]
        if not found:
            return "missing"
        return "current" if any(same_answers(c["items"], self.document["items"]) for c in found) else "stale"

    def notebook_has_current(self) -> bool | None:
        """Whether the notebook file on disk holds these answers (``None``: no notebook known)."""
        state = self.notebook_state()
        return None if state is None else state == "current"
