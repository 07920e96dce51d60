"""Span-tagging activities (claims now, devices later): a highlighter wired to an answer store.

Why: the widget only draws and reports; this module owns the rules that keep answers safe — clean what
the browser sends, save atomically on every change, mirror into the notebook, restore on re-run — and
tells the student plainly whether their work is on disk and whether the notebook file has it yet.
"""

from __future__ import annotations

import threading
import time
import weakref
from datetime import datetime
from typing import Any

import pandas as pd

from .answers import SAVE_REMINDER, AnswerError, AnswerStore, now_iso
from .case import Case, load_case
from .highlighter import Highlighter, clean_spans
from .profile import student_name
from .taxonomy import Label, claim_types

__all__ = ["ClaimTagger", "SpanTagger", "tag_claims"]


class SpanTagger:
    """A highlighter for one activity, whose spans are saved and restored through an ``AnswerStore``."""

    activity = "spans"
    noun = "tag"

    def __init__(self, case: Case | str, labels: tuple[Label, ...], *, multi_label: bool = False) -> None:
        self.case = case if isinstance(case, Case) else load_case(case)
        self.labels = labels
        self.multi_label = multi_label
        self.store = AnswerStore(self.activity, self.case.id)
        placed, self._unplaced = clean_spans(self.case, self.store.items, self._allowed, multi_label)
        self.widget = Highlighter.for_case(self.case, self._widget_labels(), multi_label)
        self.widget.spans = placed
        self._echo = False
        self._created = {s["id"]: s.get("created_at") for s in self.store.items if isinstance(s, dict)}
        self.widget.observe(self._on_spans, names=["spans"])
        notes, unsaved = self.store.startup_notes()
        if self._unplaced:
            notes.append(f"{len(self._unplaced)} earlier tag(s) no longer match the article text; they are kept.")
        level = "unsaved" if unsaved else "info"
        if not student_name():
            notes.append("No name saved yet: enter it in notebook 00 so your teacher knows whose work this is.")
        self._set_status(" ".join(notes) or "Nothing tagged yet. Your tags are saved as you make them.", level)
        _WATCHER.add(self)

    def _widget_labels(self) -> list[dict[str, str]]:
        """The labels as the front end shows them (subclasses may add a ``group`` heading to each)."""
        return [label.as_widget_label() for label in self.labels]

    @property
    def _allowed(self) -> set[str]:
        return {label.id for label in self.labels}

    # ---- saving -------------------------------------------------------------------------------------------
    def _on_spans(self, change: dict[str, Any]) -> None:
        if self._echo:
            return
        placed, _ = clean_spans(self.case, change["new"], self._allowed, self.multi_label)
        stamp = now_iso()
        for span in placed:
            span["created_at"] = self._created.setdefault(span["id"], stamp) or stamp
        if placed != change["new"]:
            self._echo = True  # show the student what was kept, without saving twice
            try:
                self.widget.spans = placed
            finally:
                self._echo = False
        try:
            self.store.update(placed + self._unplaced)
        except (OSError, AnswerError) as exc:
            self._set_status(f"Could not save your tags: {exc}. Keep this notebook open and ask for help.", "error")
            return
        self._report_saved()

    def _report_saved(self) -> None:
        when = datetime.now().strftime("%H:%M:%S")
        count = len(self.widget.spans)
        where = self.store.path.name
        noun = f"{count} {self.noun}{'s' if count != 1 else ''}"
        state = self.store.notebook_has_current()
        if state is None:
            self._set_status(f"✓ {noun} saved to disk at {when} ({where}).", "saved")
        elif state:
            self._set_status(f"✓ {noun} saved to disk at {when}, and the notebook file holds them too.", "saved")
        else:
            self._set_status(f"✓ {noun} saved to disk at {when}. {SAVE_REMINDER}", "unsaved")

    def _set_status(self, text: str, level: str) -> None:
        self.widget.status = text
        self.widget.status_level = level

    def check_notebook_saved(self) -> None:
        """Refresh the status once the notebook file on disk holds the latest answers."""
        if self.widget.status_level == "unsaved" and self.store.notebook_has_current():
            self._report_saved()

    # ---- reading ------------------------------------------------------------------------------------------
    def records(self) -> list[dict[str, Any]]:
        """One flat record per (span, label): paragraph, offsets, quote, label id and name."""
        names = {label.id: label.name for label in self.labels}
        rows = []
        for span in self.widget.spans:
            target = span["target"]
            for label in span["labels"]:
                rows.append(
                    {
                        "paragraph": target["paragraph"],
                        "start": target["start"],
                        "end": target["end"],
                        "quote": target["exact"],
                        "label": label,
                        "label_name": names.get(label, label),
                        "id": span["id"],
                    }
                )
        return sorted(rows, key=lambda r: (r["paragraph"], r["start"], r["label"]))

    def to_dataframe(self) -> pd.DataFrame:
        """The tags as a table, one row per (span, label), in reading order."""
        columns = ["paragraph", "start", "end", "quote", "label", "label_name", "id"]
        return pd.DataFrame(self.records(), columns=columns)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
        self.store.display()


class ClaimTagger(SpanTagger):
    """Tag the article's claims with the claim types of ``lessons/taxonomy/claim_types.yaml``."""

    activity = "claims"
    noun = "tagged claim"

    def __init__(self, case: Case | str = "sochi-2015") -> None:
        super().__init__(case, claim_types(), multi_label=False)


def tag_claims(case: Case | str = "sochi-2015") -> ClaimTagger:
    """Show the claim tagger for ``case`` (with any saved tags restored) and return it."""
    from IPython.display import display

    tagger = ClaimTagger(case)
    display(tagger)
    return tagger


class _SaveWatcher:
    """One background thread that notices when the notebook file on disk catches up with the answers.

    Why a thread: the kernel is not told when the browser saves the notebook, so it looks at the file's
    modification time every second and re-reads it only when that changes.
    """

    def __init__(self) -> None:
        self._taggers: weakref.WeakSet[SpanTagger] = weakref.WeakSet()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def add(self, tagger: SpanTagger) -> None:
        if tagger.store.notebook is None:
            return
        with self._lock:
            self._taggers.add(tagger)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="mlkit-save-watcher", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        stamps: dict[int, float] = {}
        while True:
            time.sleep(1.0)
            for tagger in list(self._taggers):
                path = tagger.store.notebook
                try:
                    stamp = path.stat().st_mtime if path else 0.0
                except OSError:
                    continue
                if stamps.get(id(tagger)) != stamp:
                    stamps[id(tagger)] = stamp
                    try:
                        tagger.check_notebook_saved()
                    except Exception:
                        continue


_WATCHER = _SaveWatcher()
