"""The record widget: carries an activity's answer record to every open view, which writes it into its notebook.

Why: a display update (``display_id`` + ``update``) reaches only the page that ran the cell, so after a
reopen or in a second tab the notebook's copy of the answers went stale, while a widget's model syncs to
every view. Each view of this (invisible) widget puts the record into its own notebook document, and
tells the kernel when that view saved the notebook, so the save status is checked right after each save.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

__all__ = ["RecordCopy"]

STATIC = Path(__file__).parent / "static"


class RecordCopy(anywidget.AnyWidget):
    """Holds ``record`` (and its one-line ``summary``); front ends copy it into the notebook they show."""

    _esm = STATIC / "record_copy.js"

    record = traitlets.Dict().tag(sync=True)
    summary = traitlets.Unicode("").tag(sync=True)
    saved_seen = traitlets.Float(0).tag(sync=True)  # set by a view when it saved the notebook (ms since epoch)
    copies_in_view = traitlets.Int(-1).tag(sync=True)  # record outputs the last view found (-1: none known)

    def show_record(self, record: dict[str, Any], summary: str) -> None:
        """Send a new record to every view (a no-op when nothing changed)."""
        with self.hold_sync():
            self.summary = summary
            self.record = record
