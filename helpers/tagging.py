"""Span-tagging activities (claims now, devices later): a highlighter wired to an answer store.

Why: the widget only draws and reports; this module owns the rules that keep answers safe — clean what
the browser sends, save atomically on every change, mirror into the notebook, restore on re-run — and
tells the student plainly whether their work is on disk and whether the notebook file has it yet.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .answers import AnswerStore, now_iso
from .case import Case, load_case
from .highlighter import Highlighter, clean_spans
from .profile import student_name
from .save_status import SaveStatus
from .taxonomy import Label, claim_types

__all__ = ["ClaimTagger", "SpanTagger", "tag_claims"]


class SpanTagger(SaveStatus):
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
        extra = []
        if self._unplaced:
            extra.append(f"{len(self._unplaced)} earlier tag(s) no longer match the article text; they are kept.")
        if not student_name():
            extra.append("No name saved yet: enter it in notebook 00 so your teacher knows whose work this is.")
        self._start_status("Nothing tagged yet. Your tags are saved as you make them.", extra)

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
        self._save_items(placed + self._unplaced)

    @property
    def saved_what(self) -> str:  # type: ignore[override]
        count = len(self.widget.spans)
        return f"{count} {self.noun}{'s' if count != 1 else ''}"

    def _show_status(self, text: str, level: str) -> None:
        self.widget.status = text
        self.widget.status_level = level

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
