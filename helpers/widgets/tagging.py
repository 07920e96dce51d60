"""Span-tagging widgets (claims in notebook 02, devices in notebook 04): a highlighter wired to an answer store.

Why: the widget only draws and reports; this module owns the rules that keep answers safe — clean what
the browser sends, save atomically on every change, mirror into the notebook, restore on re-run — and
tells the student plainly whether their work is on disk and whether the notebook file has it yet.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from ..activities.base import Activity
from ..activities.registry import activity
from ..activities.rewrite import count_loaded
from ..case.article import place, places, reading_order
from ..case.model import Case, load_case
from ..case.switches import load_switches
from ..case.taxonomy import Label, load_claim_types, load_device_families, load_devices
from ..record.anchor import clean_spans
from ..record.merge import apply_edits
from ..record.profile import student_name
from ..record.store import AnswerStore
from ..record.types import SpanItem
from ..scoring.labels import family_of
from .highlighter import Highlighter
from .save_status import SaveStatus, show

__all__ = ["ClaimTagger", "DeviceTagger", "SpanTagger", "tag_claims", "tag_devices"]


class SpanTagger(SaveStatus):
    """A highlighter for one activity, whose spans are saved and restored through an ``AnswerStore``."""

    entry: ClassVar[Activity]
    noun = "tag"  # what the status line counts

    def __init__(self, case: Case | None, labels: tuple[Label, ...], *, multi_label: bool = False) -> None:
        self.case = case or load_case()
        self.activity = self.entry.id
        self.labels = labels
        self.multi_label = multi_label
        self.store = AnswerStore(self.activity, self.case.id, noun=self.entry.noun)
        placed, self._unplaced = clean_spans(self.case, self.store.items, self._allowed, multi_label)
        self.switches = load_switches(case=self.case)
        self.widget = Highlighter.for_case(self.case, self._widget_labels(), multi_label, self.switches.paragraphs)
        if self.switches.paragraphs:
            shown = places(self.switches.paragraphs)
            self.widget.header = {**self.widget.header, "note": f"Your teacher chose {shown} for this "
                                  f"activity. {self.widget.header.get('note') or ''}".strip()}
        self.widget.spans = _reading_order(placed)
        self.widget.storage_key = self.store.draft_key
        self._echo = False
        self._applied = 0  # the last browser edit applied (its seq)
        self._unconfirmed = 0  # the last browser edit received, to confirm once it is on disk
        self.widget.observe(self._on_spans, names=["spans", "edit"])
        extra = []
        if self._unplaced:
            extra.append(f"{len(self._unplaced)} earlier tag(s) no longer match the article text; they are kept.")
        if not student_name():
            extra.append("No name saved yet: enter it in notebook 00 so your teacher knows whose work this is.")
        self._start_status("Nothing tagged yet. Your tags are saved as you make them.", extra)

    def _widget_labels(self) -> list[dict[str, Any]]:
        """The labels as the front end shows them (subclasses may add a ``group`` heading to each)."""
        return [label.as_widget_label() for label in self.labels]

    @property
    def _allowed(self) -> set[str]:
        return {label.id for label in self.labels}

    # ---- saving -------------------------------------------------------------------------------------------
    def _on_spans(self, change: dict[str, Any]) -> None:
        if self._echo:
            return
        with self.sync_lock:
            edit = self.widget.edit
            seq = edit.get("seq") if isinstance(edit, dict) else None
            if isinstance(seq, int | float) and not isinstance(seq, bool) and seq > self._applied:
                # The browser said what it changed: apply just that to the record (answers another view added
                # meanwhile stay, even if this view has not drawn them yet). Re-sent edits apply idempotently.
                before = self.store.items
                ops = [op for op in edit.get("ops", []) if isinstance(op, dict)]
                wanted = apply_edits(before, [self._clean_op(op) for op in ops])
                saved = self._save_items(wanted, before)
                self._applied = int(seq)
            elif change["name"] != "spans" or self._came_with_applied_edit():
                return  # an edit already applied, or the spans it made (the browser sends both, the edit first)
            else:  # a whole new list (from code, not the browser): date it against what the widget last had
                placed, _ = clean_spans(self.case, change["new"], self._allowed, self.multi_label)
                saved = self._save_items([*placed, *self._unplaced])
                seq = None
            if seq is not None:
                self._unconfirmed = int(seq)
                if saved:
                    self._written()  # before the spans: the browser then draws them over its newer edits only
            self._show_record(resend=seq is not None)

    def _came_with_applied_edit(self) -> bool:
        """Whether the spans being handled arrived from the browser with the edit applied last (ipywidgets keeps
        the message's state in ``_property_lock`` while it notifies)."""
        sent = getattr(self.widget, "_property_lock", {}).get("edit")
        return isinstance(sent, dict) and sent.get("seq") == self._applied

    def _written(self) -> None:
        """Tell the browser its edits up to the last one received are on disk (it may forget them now)."""
        if self._unconfirmed:
            self.widget.confirmed = self._unconfirmed

    def _clean_op(self, op: dict[str, Any]) -> dict[str, Any]:
        """A browser edit with its span cleaned and re-anchored (an unusable span becomes a no-op)."""
        if "put" not in op:
            return op
        placed, _ = clean_spans(self.case, [op["put"]], self._allowed, self.multi_label)
        return {"put": placed[0]} if placed else {}

    def _show_record(self, resend: bool = False) -> None:
        """Draw the record's spans (the union of every view's work), without saving them again.

        ``resend``: send them even when they equal what the browser just sent. The browser may have drawn the
        kernel's answer to an earlier edit after sending this one (a tag, then Ctrl+Z before the answer came
        back): the kernel's copy is the browser's newest list, but the browser shows an older one, and only the
        kernel sending the record again puts the view back in line with what is on disk."""
        placed, self._unplaced = clean_spans(self.case, self.store.adopt(), self._allowed, self.multi_label)
        shown = _reading_order(placed)
        if shown != self.widget.spans:
            self._echo = True
            try:
                self.widget.spans = shown
            finally:
                self._echo = False
        elif resend:
            self.widget.send_state("spans")
        self.widget.hint = self._hint(placed)
        self.widget.ack += 1  # the front end's "working…" ends here

    def _hint(self, spans: list[Any]) -> str:
        """A nudge when a tag is clearly of the wrong kind (subclasses say when); never the key's answer."""
        return ""

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
        return sorted(rows, key=lambda r: (reading_order(r["paragraph"]), r["start"], r["label"]))

    def to_dataframe(self) -> pd.DataFrame:
        """The tags as a table, one row per (span, label), in reading order."""
        columns = ["paragraph", "start", "end", "quote", "label", "label_name", "id"]
        return pd.DataFrame(self.records(), columns=columns)


def _reading_order(spans: list[SpanItem]) -> list[SpanItem]:
    return sorted(spans, key=lambda s: (reading_order(s["target"]["paragraph"]), s["target"]["start"],
                                        s["target"]["end"], s["id"]))


class ClaimTagger(SpanTagger):
    """Tag the article's claims with the claim types of ``lessons/taxonomy/claim_types.yaml``."""

    entry = activity("claims")
    noun = "tagged claim"

    def __init__(self, case: Case | None = None) -> None:
        super().__init__(case, load_claim_types(), multi_label=False)
        self.widget.hint = self._hint(self.widget.spans)

    def _hint(self, spans: list[Any]) -> str:
        """Point at the latest "checkable fact" whose words judge or colour (loaded words, a metaphor): a
        fact can be looked up in a record, a judgement cannot. Uses only the loaded-words list, not the key."""
        for span in reversed(spans):
            if "checkable-fact" not in span.get("labels", []):
                continue
            terms = count_loaded(span["target"]["exact"]).terms
            if terms:
                quote = span["target"]["exact"]
                quote = quote if len(quote) <= 60 else quote[:59].rstrip() + "…"
                words = ", ".join(f"“{t}”" for t in list(dict.fromkeys(terms))[:3])
                return (f"A second look? You tagged “{quote}” ({place(span['target']['paragraph'])}) as a "
                        f"checkable fact, but {words} judges or colours rather than describes. Could a record "
                        "show it true or false, or is it someone's view?")
        return ""


class DeviceTagger(SpanTagger):
    """Tag the article's rhetorical devices; one span may carry several devices."""

    entry = activity("devices")
    noun = "tagged passage"

    def __init__(self, case: Case | None = None) -> None:
        case = case or load_case()
        palette = load_switches(case=case).devices  # a teacher's short palette, when there is one
        devices = tuple(d for d in load_devices() if not palette or d.id in palette)
        super().__init__(case, devices, multi_label=True)

    def _widget_labels(self) -> list[dict[str, Any]]:
        """Devices ordered by family, each carrying its family's name so the menu can group them."""
        families = load_device_families()
        order = {family.id: n for n, family in enumerate(families)}
        names = {family.id: family.name for family in families}
        ranked = sorted(self.labels, key=lambda label: order.get(family_of(label.id), len(order)))
        # the devices with a keyboard key are the most common ones (devices.yaml): the menu lists them first
        common = {label.id: n for n, label in enumerate(label for label in self.labels if label.key)}
        return [{**label.as_widget_label(), "group": names.get(family_of(label.id), ""),
                 **({"common": common[label.id]} if label.id in common else {})} for label in ranked]

    def records(self) -> list[dict[str, Any]]:
        """One record per (span, device), with the device's family name added."""
        names = {family.id: family.name for family in load_device_families()}
        return [{**r, "family": names.get(family_of(r["label"]), "")} for r in super().records()]

    def to_dataframe(self) -> pd.DataFrame:
        """The tags as a table, one row per (span, device), in reading order."""
        columns = ["paragraph", "start", "end", "quote", "label", "label_name", "family", "id"]
        return pd.DataFrame(self.records(), columns=columns)


def tag_claims(case: Case | None = None) -> ClaimTagger:
    """Show the claim tagger for ``case`` (default: the kit's case), with any saved tags restored; return it."""
    return show(ClaimTagger(case))


def tag_devices(case: Case | None = None) -> DeviceTagger:
    """Show the device tagger for ``case`` (default: the kit's case), with any saved tags restored; return it."""
    return show(DeviceTagger(case))
