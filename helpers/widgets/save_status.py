"""Tell a student, in every answer widget, whether their work is on disk and whether the notebook has it.

Why one module: the tagger, the checker, the written-answer forms and the rewrite box all make the same
promise — "saved to disk", then "save the notebook", then "the notebook file holds it too" — and the last
step needs a watcher, because the kernel is not told when the browser saves the notebook. Widgets mix in
``SaveStatus`` and draw the message however they like; the wording, the levels and the watching live here.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from ..record.schema import AnswerError
from ..record.store import SAVE_REMINDER, AnswerStore
from ..record.types import Item

__all__ = ["SaveStatus", "show"]

Shown = TypeVar("Shown")


def show(widget: Shown) -> Shown:
    """Display ``widget`` in the current cell and return it: the one way every notebook helper shows a widget."""
    from IPython.display import display  # imported here: IPython is loaded only where a notebook shows something

    display(widget)
    return widget


class SaveStatus:
    """Mixin for widgets with an ``AnswerStore`` in ``self.store``; they implement ``_show_status``."""

    store: AnswerStore
    saved_what = "Your answers"  # what the message says was saved; may be a property
    _save_level = "info"

    def _show_status(self, text: str, level: str) -> None:
        """Draw ``text``; ``level`` is info, saved, unsaved or error."""
        raise NotImplementedError

    def _set_save_status(self, text: str, level: str) -> None:
        self._save_level = level
        self._show_status(text, level)

    def _ipython_display_(self) -> None:
        """The widget, then the record's notebook copy (the output that carries the answers in the ``.ipynb``)."""
        from IPython.display import display  # imported here: IPython is loaded only where a notebook shows something

        display(self.widget)  # type: ignore[attr-defined]
        self.store.display()

    def _start_status(self, empty: str, extra: list[str] | None = None) -> None:
        """The first message: what was restored (asking for a notebook save if the file lags), or ``empty``."""
        notes, unsaved = self.store.startup_notes()
        text = " ".join([*notes, *(extra or [])]) or empty
        self._set_save_status(text, "unsaved" if unsaved else "info")
        _WATCHER.add(self)

    def _report_saved(self) -> None:
        """Say the answers are on disk, and whether the notebook file on disk holds them yet."""
        when = datetime.now().strftime("%H:%M:%S")
        state = self.store.notebook_has_current()
        if state is None:  # not run by Jupyter Server: there is no notebook file to speak of
            self._set_save_status(f"✓ {self.saved_what} saved to disk at {when} ({self.store.path.name}).", "saved")
        elif state:
            self._set_save_status(f"✓ {self.saved_what} saved to disk at {when}, and the notebook file holds them too.",
                                  "saved")
        else:
            self._set_save_status(f"✓ {self.saved_what} saved to disk at {when}. {SAVE_REMINDER}", "unsaved")

    def _save_items(self, items: Sequence[Item]) -> bool:
        """Save ``items`` through the store and say how it went; ``False`` when nothing could be saved."""
        try:
            self.store.update(items)
        except (OSError, AnswerError) as exc:
            self._report_save_error(exc)
            return False
        self._report_saved()
        return True

    def _report_save_error(self, exc: Exception) -> None:
        self._set_save_status(f"Could not save: {exc}. Keep this notebook open and ask for help.", "error")

    def check_notebook_saved(self) -> None:
        """Refresh the message once the notebook file on disk holds the latest answers (called by the watcher)."""
        if self._save_level == "unsaved" and self.store.notebook_has_current():
            self._report_saved()


class _SaveWatcher:
    """One background thread that notices when the notebook file on disk catches up with the answers.

    It looks at each watched notebook's modification time every second and asks the widget to check the
    file only when that changes.
    """

    def __init__(self) -> None:
        self._watched: weakref.WeakSet[SaveStatus] = weakref.WeakSet()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def add(self, widget: SaveStatus) -> None:
        if widget.store.notebook is None:
            return
        with self._lock:
            self._watched.add(widget)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="mlkit-save-watcher", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        stamps: dict[int, float] = {}
        while True:
            time.sleep(1.0)
            for widget in list(self._watched):
                path = widget.store.notebook
                try:
                    stamp = path.stat().st_mtime if path else 0.0
                except OSError:
                    continue
                if stamps.get(id(widget)) != stamp:
                    stamps[id(widget)] = stamp
                    try:
                        widget.check_notebook_saved()
                    except Exception:  # a status refresh must never kill the watcher
                        continue


_WATCHER = _SaveWatcher()
