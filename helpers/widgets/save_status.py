"""Tell a student, in every answer widget, the truth about where their work is: on disk, in the notebook
file, or only in memory.

Why one module: the tagger, the checker, the written-answer forms and the rewrite box all make the same
promise — "saved to disk", then "save the notebook", then "the notebook file holds it too" — and keeping
it needs a watcher, because the kernel is not told when the browser saves the notebook. The status
compares the answers in the files with the kernel's record (not revision numbers) after every change,
after every save a view reports, and whenever either file changes; a failed write says so plainly and
is retried. Widgets mix in ``SaveStatus`` and draw the message however they like.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from ..record.schema import AnswerError
from ..record.store import SAVE_REMINDER, AnswerStore, file_stamp
from ..record.types import AnswerRecord, Item
from .drafts import Control, Draft, DraftKeeper
from .record_copy import RecordCopy

__all__ = ["SaveStatus", "show"]

Shown = TypeVar("Shown")

CLEARED = ("The notebook file was saved without your answers in it (were its outputs cleared?). They are safe "
           "on disk: run this cell again, then save the notebook (Ctrl+S, or ⌘S on a Mac).")


def show(widget: Shown) -> Shown:
    """Display ``widget`` in the current cell and return it: the one way every notebook helper shows a widget."""
    from IPython.display import display  # imported here: IPython is loaded only where a notebook shows something

    display(widget)
    return widget


def _local_time(iso: str) -> str:
    """An ISO UTC time as the student's clock shows it, HH:MM:SS."""
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return iso


class SaveStatus:
    """Mixin for widgets with an ``AnswerStore`` in ``self.store``; they implement ``_show_status``."""

    store: AnswerStore
    saved_what = "Your answers"  # what the message says was saved; may be a property
    _save_level = "info"
    _copy: RecordCopy | None = None
    _lock: threading.RLock | None = None
    _drafts: DraftKeeper | None = None

    def _show_status(self, text: str, level: str) -> None:
        """Draw ``text``; ``level`` is info, saved, unsaved or error."""
        raise NotImplementedError

    def _show_record(self) -> None:
        """Show answers another view or kernel saved (merged into ``self.store``); widgets that can, override."""

    def _written(self) -> None:
        """The answers reached the disk after a failed write was retried: confirm the browser's drafts."""
        if self._drafts is not None:
            self._drafts.written()

    def _keep_drafts(self, controls: dict[str, Control], apply: Callable[[list[Draft]], None], *,
                     scope: str = "", scopes: Sequence[str] = ()) -> DraftKeeper:
        """The hidden widget (put it inside the form) that keeps the browser's unconfirmed changes to
        ``controls`` and re-sends them after a kernel restart or death; ``apply`` puts snapshots into the form
        and saves (``Draft.put`` sets a control)."""

        def applied(drafts: list[Draft]) -> bool:
            with self.sync_lock:
                apply(drafts)
                return self.store.write_error is None

        self._drafts = DraftKeeper(controls, applied, storage_key=self.store.draft_key, scope=scope, scopes=scopes)
        return self._drafts

    def _set_save_status(self, text: str, level: str) -> None:
        self._save_level = level
        self._show_status(text, level)

    @property
    def sync_lock(self) -> threading.RLock:
        """Held while the record changes: the watcher thread and widget events never interleave."""
        if self._lock is None:
            self._lock = threading.RLock()
        return self._lock

    def _ipython_display_(self) -> None:
        """The widget, then the record's notebook copy (the output that carries the answers in the ``.ipynb``)
        and the record widget that keeps that copy current in every view."""
        from IPython.display import display  # imported here: IPython is loaded only where a notebook shows something

        display(self.widget)  # type: ignore[attr-defined]
        self.store.display()
        display(self._record_copy())

    def _record_copy(self) -> RecordCopy:
        if self._copy is None:
            self._copy = RecordCopy()
            self._copy.observe(self._on_view_saved, names=["saved_seen"])
            self.store.listeners.append(self._send_record)
            self._send_record(self.store.document)
        return self._copy

    def _send_record(self, document: AnswerRecord) -> None:
        if self._copy is not None:
            bundle = self.store.bundle()
            self._copy.show_record(dict(document), str(bundle["text/plain"]))

    def _on_view_saved(self, change: dict[str, Any]) -> None:
        self.check_notebook_saved(saved_now=True)

    def _start_status(self, empty: str, extra: list[str] | None = None) -> None:
        """The first message: what was restored (asking for a notebook save if the file lags), or ``empty``."""
        notes, unsaved = self.store.startup_notes()
        text = " ".join([*notes, *(extra or [])]) or empty
        self._set_save_status(text, "unsaved" if unsaved else "info")
        self._record_copy()
        _WATCHER.add(self)

    def _report_saved(self, state: str | None = None, saved_now: bool = False) -> None:
        """Say where the answers are: on disk (when written), and whether the notebook file holds them."""
        if self.store.write_error is not None:
            self._set_save_status(self.store.write_error, "error")
            return
        when = _local_time(self.store.document["saved_at"])
        state = self.store.notebook_state() if state is None else state
        written = f"✓ {self.saved_what} saved to disk at {when}"
        if state is None:  # not run by Jupyter Server: there is no notebook file to speak of
            self._set_save_status(f"{written} ({self.store.path.name}).", "saved")
        elif state == "current":
            self._set_save_status(f"{written}, and the notebook file holds them too.", "saved")
        elif state == "missing" and saved_now and self.store.document["items"]:
            self._set_save_status(f"{written}. {CLEARED}", "unsaved")
        else:
            self._set_save_status(f"{written}. {SAVE_REMINDER}", "unsaved")

    def _save_items(self, items: Sequence[Item], before: Sequence[Item] | None = None) -> bool:
        """Save ``items`` through the store and say how it went; ``False`` when they are not on disk."""
        with self.sync_lock:
            try:
                self.store.update(items, before)
            except AnswerError as exc:
                self._report_save_error(exc)
                return False
            self._report_saved()
            return self.store.write_error is None

    def _report_save_error(self, exc: Exception) -> None:
        self._set_save_status(f"Could not save: {exc}. Keep this notebook open and ask for help.", "error")

    def check_notebook_saved(self, saved_now: bool = False) -> None:
        """Re-check what the files hold (called by the watcher when a file changed, and after a view saved).

        Merges answers another view or kernel wrote, retries a failed write, and words the status again.
        """
        with self.sync_lock:
            if self.store.refresh():
                self._show_record()
            if self.store.write_error is not None and self.store.retry():
                self._written()
            if self._save_level == "info" and not self.store.document["items"]:
                return  # nothing to report yet
            self._report_saved(saved_now=saved_now)


class _SaveWatcher:
    """One background thread that notices when a watched notebook or autosave file changes.

    It compares each file's (mtime, size) — a cheap ``stat`` — every 2 s while something changed recently,
    backing off to every 10 s when nothing does; a view that saves the notebook reports it at once instead.
    A widget whose write failed is re-checked (and its write retried) on every round.
    """

    FAST, SLOW = 2.0, 10.0

    def __init__(self) -> None:
        self._watched: weakref.WeakSet[SaveStatus] = weakref.WeakSet()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()

    def add(self, widget: SaveStatus) -> None:
        with self._lock:
            self._watched.add(widget)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="mlkit-save-watcher", daemon=True)
                self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        stamps: dict[int, tuple[Any, Any]] = {}
        interval = self.FAST
        while True:
            self._wake.wait(interval)
            self._wake.clear()
            changed = False
            for widget in list(self._watched):
                store = widget.store
                stamp = (file_stamp(store.notebook) if store.notebook else None, store.autosave_stamps())
                before = stamps.get(id(widget))
                if before != stamp or store.write_error is not None:
                    stamps[id(widget)] = stamp
                    if before is None and store.write_error is None:
                        continue
                    changed = True
                    try:
                        widget.check_notebook_saved(saved_now=before is not None and before[0] != stamp[0])
                    except Exception:  # a status refresh must never kill the watcher
                        continue
            interval = self.FAST if changed else min(self.SLOW, interval * 1.5)


_WATCHER = _SaveWatcher()
