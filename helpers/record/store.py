"""Keep a student's answers safe: one versioned JSON record per activity, saved atomically and mirrored
into the notebook so the saved ``.ipynb`` alone carries them.

Why: widget state is not saved by default and cannot be rebuilt by a restarted kernel, so the kit
keeps its own record. Every change is written to an autosave file beside the notebook (temporary file,
fsync, rename: a crash leaves the old or the new file, never half of one) and pushed into a display
output of the widget's cell under the kit's own MIME type. Re-running the cell restores whichever copy
is newer. Graders read only this record.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from .atomic import write_atomic
from .notebook import MIME_TYPE, find_in_notebook, summarise
from .profile import student_name
from .schema import AnswerError, new_document, now_iso, validate
from .types import AnswerRecord, Item

__all__ = ["SAVE_REMINDER", "AnswerStore", "autosave_path", "notebook_path", "read_autosave"]

SAVE_REMINDER = "Not yet in the notebook file: save it (Ctrl+S, or ⌘S on a Mac) before you hand it in."


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
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return validate(orjson.loads(raw))
    except orjson.JSONDecodeError as exc:
        raise AnswerError(f"{path.name} is not valid JSON ({exc})") from exc


class AnswerStore:
    """One activity's record: restored on creation, saved and mirrored on every change."""

    def __init__(self, activity: str, case: str, notebook: Path | None = None, *, noun: str = "answer") -> None:
        self.activity = activity
        self.case = case
        self.noun = noun
        self.notebook = notebook if notebook is not None else notebook_path()
        self.path = autosave_path(activity, self.notebook)
        self.messages: list[str] = []
        self._handle: Any = None  # IPython's DisplayHandle once shown
        self.document = self._restore()

    def _restore(self) -> AnswerRecord:
        """The newer of the autosave and the notebook's own copy; damaged copies are set aside."""
        candidates: list[tuple[str, AnswerRecord]] = []
        try:
            saved = read_autosave(self.path)
            if saved and saved["activity"] == self.activity and saved["case"] == self.case:
                candidates.append(("autosave", saved))
        except AnswerError as exc:
            aside = self.path.with_name(f"{self.path.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}")
            os.replace(self.path, aside)
            self.messages.append(f"The autosave file was damaged ({exc}); it was kept as {aside.name}.")
        if self.notebook is not None and self.notebook.is_file():
            try:
                embedded = find_in_notebook(orjson.loads(self.notebook.read_bytes()), self.activity, self.case)
            except (OSError, orjson.JSONDecodeError):
                embedded = None
            if embedded:
                candidates.append(("notebook", embedded))
        if not candidates:
            return new_document(self.activity, self.case)
        source, best = max(candidates, key=lambda c: (c[1]["saved_at"], c[1]["revision"]))
        count = len(best["items"])
        self.messages.append(f"Restored {count} answer{'s' if count != 1 else ''} from the {source} copy.")
        return best

    @property
    def items(self) -> list[Item]:
        """The current answers (do not mutate; call ``update``)."""
        return list(self.document["items"])

    def update(self, items: Sequence[Item]) -> AnswerRecord:
        """Replace the answers, validate, write the autosave atomically and refresh the notebook copy."""
        document: AnswerRecord = {
            **self.document,
            "items": list(items),
            "revision": int(self.document["revision"]) + 1,
            "saved_at": now_iso(),
            "student": {"name": student_name() or self.document["student"].get("name", "")},
        }
        validate(document)
        write_atomic(self.path, orjson.dumps(document, option=orjson.OPT_INDENT_2))
        self.document = document
        self._mirror()
        return document

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

    def startup_notes(self) -> tuple[list[str], bool]:
        """What to tell the student when a widget opens: the restore messages, plus a save reminder when
        the answers came back from the autosave but the notebook file does not hold them yet.

        Returns the notes and whether the notebook still needs saving.
        """
        notes = list(self.messages)
        unsaved = self.document["revision"] > 0 and self.notebook_has_current() is False
        if unsaved:
            notes.append(SAVE_REMINDER)
        return notes, unsaved

    def notebook_has_current(self) -> bool | None:
        """Whether the notebook file on disk already holds this revision (``None``: no notebook known)."""
        if self.notebook is None or not self.notebook.is_file():
            return None
        try:
            embedded = find_in_notebook(orjson.loads(self.notebook.read_bytes()), self.activity, self.case)
        except (OSError, orjson.JSONDecodeError):
            return False
        return (
            embedded is not None
            and embedded["revision"] >= self.document["revision"]
            and (embedded["saved_at"] >= self.document["saved_at"])
        )
