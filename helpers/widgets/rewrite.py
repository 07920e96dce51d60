"""The neutral-rewrite widget: pick a paragraph, rewrite it in plain words, watch the counts; saved as you type."""

from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..activities.registry import activity
from ..activities.rewrite import MAX_TEXT, count_loaded, loaded_terms, rewrite_counts
from ..case.model import Case, load_case
from ..record.store import AnswerStore
from ..record.types import TextItem
from ..views.device_charts import loaded_table
from ..views.style import left_out, status_html, stylesheet
from .drafts import Draft
from .save_status import SaveStatus, show

__all__ = ["RewriteExercise", "rewrite_paragraph"]


def _marked(text: str, terms: tuple[str, ...] | None = None) -> str:
    """``text`` as HTML with its loaded words marked (every piece escaped)."""
    out, at = [], 0
    for term, start, end in count_loaded(text, terms).hits:
        out += [html.escape(text[at:start]),
                f'<mark class="mlkit-loaded" title="loaded: {html.escape(term)}">'
                f"{html.escape(text[start:end])}</mark>"]
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


class RewriteExercise(SaveStatus):
    """Pick a paragraph, rewrite it in plain words, and watch the before/after counts; saved as you type."""

    entry = activity("rewrite")
    activity = entry.id

    def __init__(self, case: Case | None = None) -> None:
        self.case = case or load_case()
        self.terms = loaded_terms(self.case)  # the kit's loaded words and the case's own
        self.store = AnswerStore(self.activity, self.case.id, noun=self.entry.noun)
        numbers = {p.number for p in self.case.paragraphs}
        self._texts: dict[int, str] = {}
        self._loading = False
        for item in self.store.items:
            match = re.fullmatch(r"paragraph-(\d+)", str(item.get("id", "")))
            if match and int(match.group(1)) in numbers:
                self._texts[int(match.group(1))] = str(item.get("text", ""))[:MAX_TEXT]
        table = loaded_table(self.case)
        hottest = int(table["per_100_words"].idxmax())
        start = next(reversed(self._texts), hottest)
        options = [(f"¶{n} · {row.per_100_words:g} loaded per 100 words · {' '.join(row.opening.split()[:6])} …", n)
                   for n, row in table.assign(opening=[p.text for p in self.case.paragraphs]).iterrows()]
        self.picker = widgets.Dropdown(options=options, value=start, description="Paragraph",
                                       layout=widgets.Layout(width="95%"), style={"description_width": "initial"})
        self.original_box = widgets.HTML()
        self.box = widgets.Textarea(value=self._texts.get(start, ""), description="Your rewrite",
                                    placeholder="Rewrite the paragraph in plain, neutral words. Keep every fact.",
                                    layout=widgets.Layout(width="95%", height="10em"),
                                    style={"description_width": "initial"})
        self.copy_button = widgets.Button(description="Start from the original", icon="copy",
                                          tooltip="Copy the original paragraph into the box, then edit it",
                                          layout=widgets.Layout(width="auto"))
        self.counts_box = widgets.HTML()
        self.status = widgets.HTML()
        self.picker.observe(self._on_pick, names=["value"])
        self.box.observe(self._on_text, names=["value"])
        self.copy_button.on_click(lambda _: self.set_text(self.original))
        self._show_original()
        self._show_counts()
        self._start_status("Your rewrite is saved as you type.")
        drafts = self._keep_drafts({"picker": (self.picker, "index"), "text": (self.box, "value")},
                                   self._apply_drafts, scope="picker", scopes=[str(n) for _, n in options])
        self.widget = widgets.VBox([widgets.HTML(stylesheet()), self.picker, self.original_box, self.copy_button,
                                    self.box, self.counts_box, self.status, drafts],
                                   layout=widgets.Layout(max_width="52rem"))

    # ---- state -----------------------------------------------------------------------------------------------
    @property
    def paragraph(self) -> int:
        """The paragraph being rewritten."""
        return int(self.picker.value)

    @property
    def original(self) -> str:
        """The chosen paragraph as published."""
        return self.case.paragraph(self.paragraph).text

    @property
    def rewrite(self) -> str:
        """The student's rewrite of the chosen paragraph (empty if none yet)."""
        return self.box.value

    def rewrites(self) -> dict[int, str]:
        """Every paragraph rewritten so far, by paragraph number."""
        return dict(self._texts)

    def select(self, paragraph: int) -> None:
        """Choose the paragraph to rewrite."""
        self.picker.value = paragraph

    def set_text(self, text: str) -> None:
        """Replace the rewrite (as if typed), which saves it."""
        self.box.value = text

    def counts(self) -> pd.DataFrame:
        """Loaded words and signals in the original and in the rewrite, side by side."""
        before, after = rewrite_counts(self.original, self.terms), rewrite_counts(self.rewrite, self.terms)
        return pd.DataFrame({"original": before, "your rewrite": after}).rename_axis("what is counted")

    # ---- events ----------------------------------------------------------------------------------------------
    def _on_pick(self, change: dict[str, Any]) -> None:
        self._loading = True  # showing a saved rewrite is not an edit: do not save it again
        try:
            self.box.value = self._texts.get(int(change["new"]), "")
        finally:
            self._loading = False
        self._show_original()
        self._show_counts()

    def _on_text(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        text = str(change["new"])[:MAX_TEXT]
        self._texts.pop(self.paragraph, None)
        if text.strip():
            self._texts[self.paragraph] = text  # the last edited paragraph is last, so it reopens first
        self._show_counts()
        items: list[TextItem] = [{"id": f"paragraph-{n}", "text": t} for n, t in self._texts.items()]
        self._save_items(items)

    def _apply_drafts(self, drafts: list[Draft]) -> None:
        """Rewrites the browser kept while the kernel could not confirm them: each into its paragraph, saved."""
        numbers = [n for _, n in self.picker.options]
        for draft in drafts:
            text = draft.text("text", MAX_TEXT)
            if text is None or not draft.scope.isdigit() or int(draft.scope) not in numbers:
                continue
            if int(draft.scope) != self.paragraph:
                draft.put(self.picker, "index", numbers.index(int(draft.scope)))
            draft.put(self.box, "value", text)  # saved by _on_text when it changed

    # ---- drawing ---------------------------------------------------------------------------------------------
    def _show_original(self) -> None:
        self.original_box.value = (
            f'<div class="mlkit-original"><b>Paragraph {self.paragraph} as published</b> '
            f"(loaded words marked):<blockquote>{_marked(self.original, self.terms)}</blockquote></div>"
        )

    def _show_counts(self) -> None:
        table = self.counts()
        rows = "".join(
            f"<tr><th>{html.escape(str(name))}</th><td>{int(row['original'])}</td>"
            f"<td>{int(row['your rewrite']) if self.rewrite.strip() else '–'}</td></tr>"
            for name, row in table.iterrows()
        )
        left = ", ".join(count_loaded(self.rewrite, self.terms).terms)
        note = f"<p>Loaded words still in your rewrite: {html.escape(left)}</p>" if left else ""
        self.counts_box.value = (
            '<table class="mlkit-counts" aria-label="Counts before and after your rewrite">'
            f"<tr><th></th><th>Original</th><th>Your rewrite</th></tr>{rows}</table>{note}"
        )

    saved_what = "Your rewrite"

    def _show_status(self, text: str, level: str) -> None:
        self.status.value = status_html(text, level)


def rewrite_paragraph(case: Case | None = None) -> RewriteExercise:
    """Show the neutral-rewrite exercise for ``case`` (default: the kit's case), rewrites restored; return it.
    When the teacher's class file skips the rewrite, a note is shown instead (the exercise is still returned)."""
    if (note := left_out("rewrite")) is not None:
        show(note)
        return RewriteExercise(case)
    return show(RewriteExercise(case))
