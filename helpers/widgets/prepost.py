"""The quick check before and after the lessons (notebooks 00 and 05): rate each statement sound or flawed and
say how sure you are; saved like every other answer, never graded.

Why anywidget: two labelled radio groups per statement are plain HTML, and the front end follows the
highlighter's durability pattern (each change kept in the browser until the kernel confirms it is on disk),
which an ipywidgets form cannot do. The widget shows statements only: the item bank's verdicts and
explanations never leave the kernel (and a student release has none to send).
"""

from __future__ import annotations

import html
from typing import Any

import anywidget
import traitlets

from ..activities.prepost import CONFIDENCE, POST, PRE, clean_rating, form_items, is_on
from ..activities.registry import activity
from ..case.model import Case, load_case
from ..record.merge import apply_edits
from ..record.store import AnswerStore
from ..record.types import Item
from ..views.style import palette_css, styled
from .frontend import STATIC, module
from .save_status import SaveStatus, show

__all__ = ["PrePostCheck", "RatingSheet", "prepost_check"]

FORMS = {"pre": PRE.id, "post": POST.id}
INTRO = {
    "pre": "Before you start: is each statement below sound (the record backs it up) or flawed (it is wrong, or "
           "stretches or leaves out something that changes its meaning)? Pick one, then say how sure you are. "
           "This is not graded and guessing is fine: it shows whether the lessons helped.",
    "post": "One more quick check, with new statements of the same kind as in notebook 00. Is each one sound (the "
            "record backs it up) or flawed (it is wrong, or stretches or leaves out something that changes its "
            "meaning)? Pick one, then say how sure you are. This is not graded: it shows whether the lessons helped.",
}


class RatingSheet(anywidget.AnyWidget):
    """Statements, each with a sound/flawed radio group and a how-sure radio group; ``answers`` holds the ratings."""

    _esm = module("prepost.js")
    _css = palette_css(".mlkit-pp") + (STATIC / "prepost.css").read_text(encoding="utf-8")

    statements: traitlets.List[Any] = traitlets.List().tag(sync=True)  # [{id, number, text}]
    levels: traitlets.List[Any] = traitlets.List().tag(sync=True)  # [{value, label}]
    answers: traitlets.List[Any] = traitlets.List().tag(sync=True)  # [{id, verdict, confidence}], set by the kernel
    intro = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    status_level = traitlets.Unicode("info").tag(sync=True)
    # Durability, as in the highlighter: the browser sends each change as edits ({"seq", "ops": [{"put": rating}]}),
    # keeps them (browser storage, under storage_key) until the kernel sets confirmed >= seq, and re-sends
    # unconfirmed ones to a new kernel.
    edit = traitlets.Dict().tag(sync=True)
    confirmed = traitlets.Int(0).tag(sync=True)
    storage_key = traitlets.Unicode("").tag(sync=True)


def _shown(items: list[Item]) -> list[dict[str, Any]]:
    return [{"id": i["id"], "verdict": i.get("verdict", ""), "confidence": i.get("confidence")} for i in items]


class PrePostCheck(SaveStatus):
    """One form of the check (``pre`` or ``post``) for a case, saved through an ``AnswerStore``."""

    def __init__(self, form: str, case: Case | None = None) -> None:
        if form not in FORMS:
            raise ValueError(f"form must be 'pre' or 'post', not {form!r}")
        self.form = form
        self.case = case or load_case()
        self.entry = activity(FORMS[form])
        self.items = form_items(self.case, form)
        self.ids = {i.id for i in self.items}
        self.store = AnswerStore(self.entry.id, self.case.id, noun=self.entry.noun)
        self.widget = RatingSheet(
            statements=[{"id": i.id, "number": n, "text": i.statement} for n, i in enumerate(self.items, 1)],
            levels=[{"value": value, "label": label} for value, label in CONFIDENCE],
            intro=INTRO[form],
            answers=_shown(self.store.items),
            storage_key=self.store.draft_key,
        )
        self._applied = 0  # the last browser edit applied (its seq)
        self._unconfirmed = 0  # the last browser edit received, to confirm once it is on disk
        self.widget.observe(self._on_edit, names=["edit"])
        self._start_status("Nothing rated yet. Each choice is saved as you make it.")

    # ---- saving -------------------------------------------------------------------------------------------
    def _on_edit(self, change: dict[str, Any]) -> None:
        edit = change["new"]
        seq = edit.get("seq") if isinstance(edit, dict) else None
        if not isinstance(seq, int | float) or isinstance(seq, bool) or seq <= self._applied:
            return
        with self.sync_lock:
            before = self.store.items
            ops = [op for op in edit.get("ops", []) if isinstance(op, dict)]
            cleaned = [clean_rating(op.get("put"), self.ids) for op in ops]
            wanted = apply_edits(before, [{"put": rating} for rating in cleaned if rating is not None])
            saved = self._save_items(wanted, before)
            self._applied = int(seq)
            self._unconfirmed = int(seq)
            self._show_record()
            if saved:
                self._written()

    def rate(self, item_id: str, verdict: str, confidence: float | None = None) -> bool:
        """Rate one statement from code, as the browser would (tests and scripted demos); whether that rating
        is now the saved one."""
        wanted = {"id": item_id, "verdict": verdict, "confidence": confidence}
        self.widget.edit = {"seq": self._applied + 1, "ops": [{"put": wanted}]}
        return self.store.write_error is None and wanted in _shown(self.store.items)

    def _written(self) -> None:
        """Tell the browser its edits up to the last one received are on disk (it may forget them now)."""
        if self._unconfirmed:
            self.widget.confirmed = self._unconfirmed

    def _show_record(self) -> None:
        """Draw the record's ratings (the union of every view's work)."""
        shown = _shown(self.store.adopt())
        if shown != self.widget.answers:
            self.widget.answers = shown

    @property
    def saved_what(self) -> str:  # type: ignore[override]
        done = sum(1 for a in self.store.items if a.get("verdict"))
        return f"{done} of {len(self.items)} statements rated"

    def _show_status(self, text: str, level: str) -> None:
        self.widget.status = text
        self.widget.status_level = level

    def ratings(self) -> dict[str, dict[str, Any]]:
        """The current ratings by statement id."""
        return {a["id"]: a for a in self.widget.answers}


def prepost_check(form: str, case: Case | None = None) -> PrePostCheck | None:
    """Show the quick check ``pre`` (notebook 00) or ``post`` (notebook 05) with any saved ratings restored, and
    return it; when the case has no check or the teacher turned it off, say so in one line and return ``None``."""
    from IPython.display import display  # imported here: IPython is loaded only where a notebook shows something

    case = case or load_case()
    why_not = is_on(case)
    if why_not:
        note: Any = display  # IPython's display is not typed
        note({"text/html": styled(f'<p class="mlkit-left-out">{html.escape(why_not)}</p>'), "text/plain": why_not},
             raw=True)
        return None
    return show(PrePostCheck(form, case))
