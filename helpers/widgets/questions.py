"""Written answers (first impressions, reflections, the student's name), saved like every other answer.

Why: short written answers are where students think; they deserve the same guarantee as tags — saved
as they are typed, mirrored into the notebook, restored on re-run — and the prompts live in
``lessons/questions.yaml`` so teachers can reword them without touching code.
"""

from __future__ import annotations

import html
from typing import Any, cast

import ipywidgets as widgets

from ..activities.questions import questions_for
from ..activities.registry import activity
from ..case.model import Case, load_case
from ..record.profile import set_student_name, student_name
from ..record.store import AnswerStore
from ..record.types import TextItem
from ..views.style import status_html, stylesheet
from .drafts import Draft
from .save_status import SaveStatus, show

__all__ = ["QuestionForm", "ask", "enter_name"]

MAX_ANSWER = 20000


class QuestionForm(SaveStatus):
    """A text box per question; every change is saved through an ``AnswerStore``."""

    def __init__(self, activity_id: str, case: Case | None = None) -> None:
        self.entry = activity(activity_id)
        self.activity = activity_id
        case = case or load_case()
        self.questions = questions_for(activity_id, case)
        self.store = AnswerStore(activity_id, case.id, noun=self.entry.noun)
        saved = {item["id"]: item["text"] for item in cast(list[TextItem], self.store.items)}
        self.boxes: dict[str, widgets.Text | widgets.Textarea] = {}
        rows: list[widgets.Widget] = []
        for n, question in enumerate(self.questions, 1):
            qid = str(question["id"])
            prompt = widgets.HTML(f"<b>{n}.</b> {html.escape(str(question['prompt']))}")
            make = widgets.Text if question.get("single_line") else widgets.Textarea
            box = make(
                value=saved.get(qid, ""),
                placeholder="Type your answer here",
                description=str(question.get("label") or f"Answer {n}"),
                layout=widgets.Layout(width="95%", height=None if question.get("single_line") else "5em"),
                style={"description_width": "initial"},
            )
            box.observe(self._on_change, names=["value"])
            self.boxes[qid] = box
            rows += [prompt, box]
        self.status = widgets.HTML()
        self._applying = False
        self._start_status("Your answers are saved as you type.")
        drafts = self._keep_drafts({qid: (box, "value") for qid, box in self.boxes.items()}, self._apply_drafts)
        self.widget = widgets.VBox([widgets.HTML(stylesheet()), *rows, self.status, drafts],
                                   layout=widgets.Layout(max_width="52rem"))

    def _show_status(self, text: str, level: str) -> None:
        self.status.value = status_html(text, level)

    def _on_change(self, change: dict[str, Any]) -> None:
        if self._applying:
            return
        items: list[TextItem] = [
            {"id": qid, "text": box.value[:MAX_ANSWER]} for qid, box in self.boxes.items() if box.value.strip()
        ]
        name = self.entry.name_question
        if name is not None and name in self.boxes:
            set_student_name(self.boxes[name].value)
        self._save_items(items)

    def _apply_drafts(self, drafts: list[Draft]) -> None:
        """Answers the browser kept while the kernel could not confirm them: into the boxes, then saved once."""
        changed = False
        self._applying = True
        try:
            for draft in drafts:
                for qid, box in self.boxes.items():
                    text = draft.text(qid, MAX_ANSWER)
                    if text is not None:
                        changed = draft.put(box, "value", text) or changed
        finally:
            self._applying = False
        if changed:
            self._on_change({})

    def answers(self) -> dict[str, str]:
        """The current answers by question id."""
        return {qid: box.value for qid, box in self.boxes.items()}


def ask(activity_id: str, case: Case | None = None) -> QuestionForm:
    """Show the written questions of ``activity_id`` (answers restored) and return the form."""
    return show(QuestionForm(activity_id, case))


def enter_name(case: Case | None = None) -> QuestionForm:
    """Show the name box of notebook 00 and return it; the name is copied into every later answer record."""
    form = QuestionForm("welcome", case)
    if not form.boxes["name"].value and student_name():
        form.boxes["name"].value = student_name()
    return show(form)
