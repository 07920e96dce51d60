"""Keep a student's answers safe: one versioned JSON record per activity, saved atomically and mirrored
into the notebook so the saved ``.ipynb`` alone carries them.

Why: widget state is not saved by default and cannot be rebuilt by a restarted kernel, so the kit
keeps its own record. Every change reads the autosave beside the notebook, merges it with this
kernel's copy item by item (``merge``: another tab, view or kernel may have written since), and writes
the union back atomically (temporary file, fsync, rename: a crash leaves the old or the new file, never
half of one). The record is then pushed to the notebook copy (a display output under the kit's own MIME
type, and the record widget that every open view renders). A failed write keeps the answers in memory
and in the notebook copy, says so in plain words, and is tried again. Re-running a cell merges every
copy it can find. Graders read only this record.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from .atomic import write_atomic
from .choose import from_widget_state
from .merge import changed_items, merge, same_answers
from .notebook import MIME_TYPE, find_in_notebook, summarise, version_in_notebook
from .profile import student_name
from .schema import AnswerError, new_document, now_iso, validate, validate_beside
from .types import AnswerRecord, Item

__all__ = [
    "MISSING_REMINDER", "SAVE_REMINDER", "AnswerStore", "autosave_path", "file_stamp", "notebook_path", "read_autosave",
]

MAX_ITEMS = 2000  # the schema's items.maxItems

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


def autosave_path(activity: str, notebook: Path | None = None) -> Path:
    """Where the autosave for ``activity`` lives: beside the notebook, named after it.

    ``MLKIT_ANSWERS_DIR`` overrides the folder (tests use it to keep the repository clean).
    """
    folder = Path(os.environ.get("MLKIT_ANSWERS_DIR") or (notebook.parent if notebook else Path.cwd()))
    stem = notebook.stem if notebook else "untitled"
    return folder / f"{stem}.{activity}.answers.json"


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
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise AnswerError(f"{path.name} is not valid JSON ({exc})") from exc
    version = document.get("schema_version") if isinstance(document, dict) else None
    checked = validate(document) if known is None else validate_beside(document, known)
    return checked, version if isinstance(version, int) else 0


def _why(exc: OSError) -> str:
    """A failed write's cause in plain words (no temporary-file paths)."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "you are not allowed to write in it (it is read-only)"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "the folder does not exist"
    if exc.errno in (errno.EISDIR, errno.ENOTEMPTY, errno.EEXIST):
        return "a folder of the same name is in the way of the file"
    return exc.strerror or type(exc).__name__


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
        self.path = autosave_path(activity, self.notebook)
        self.messages: list[str] = []
        self.write_error: str | None = None  # plain words, while the autosave cannot be written
        self.listeners: list[Callable[[AnswerRecord], None]] = []  # told of every new record (the notebook copy)
        self._handle: Any = None  # IPython's DisplayHandle once shown
        self._wrote = False  # whether this kernel session has written yet (history.sessions counts sessions)
        self._disk: tuple[int, int, int] | None = None  # the autosave's stamp when this store last read or wrote it
        self.document = self._restore()
        self._base: list[Item] = list(self.document["items"])  # what the widget was last given or gave

    # ---- restoring ----------------------------------------------------------------------------------------
    def _restore(self) -> AnswerRecord:
        """Every copy found, merged (v2 copies) or the newest (when a copy is still v1); damaged ones set aside."""
        candidates: list[tuple[str, AnswerRecord, int]] = []
        saved = self._read_disk()
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

    def _read_disk(self, known: AnswerRecord | None = None) -> tuple[AnswerRecord, int] | None:
        """The autosave's record (and its schema version) if it is this activity's; a damaged file is set aside.
        Items ``known`` (this store's validated record) holds verbatim are not validated again."""
        stamp = file_stamp(self.path)
        try:
            found = _read_autosave_versioned(self.path, known)
        except AnswerError as exc:
            aside = self.path.with_name(f"{self.path.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}")
            try:
                os.replace(self.path, aside)
                self.messages.append(f"The autosave file was damaged ({exc}); it was kept as {aside.name}.")
            except OSError:
                self.messages.append(f"The autosave file is damaged ({exc}).")
            return None
        except OSError:
            return None
        self._disk = stamp
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
        """``document`` merged with the autosave, if someone else wrote it since this store last did."""
        if file_stamp(self.path) == self._disk:
            return document
        found = self._read_disk(self.document)
        return merge(document, found[0]) if found else document

    def _write(self) -> None:
        try:
            write_atomic(self.path, orjson.dumps(self.document, option=orjson.OPT_INDENT_2))
        except OSError as exc:
            self.write_error = (
                f"Your answers could not be saved to the folder {self.path.parent} because {_why(exc)}. "
                "They are safe for now in this notebook: save it (Ctrl+S, or ⌘S on a Mac) and keep it open. "
                "Ask your teacher to make that folder writable; the kit keeps trying."
            )
            return
        self.write_error = None
        self._disk = file_stamp(self.path)

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
        if file_stamp(self.path) == self._disk:
            return False
        found = self._read_disk(self.document)
        if not found:
            return False
        merged = merge(self.document, found[0])
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
