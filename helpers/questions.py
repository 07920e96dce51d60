"""Written answers (first impressions, reflections, the student's name), saved like every other answer.

Why: short written answers are where students think; they deserve the same guarantee as tags — saved
as they are typed, mirrored into the notebook, restored on re-run — and the prompts live in
``lessons/questions.yaml`` so teachers can reword them without touching code.
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any

import ipywidgets as widgets

from .answers import AnswerStore
from .case import LESSONS_DIR, CaseError, read_yaml
from .profile import set_student_name, student_name
from .save_status import SaveStatus

__all__ = ["QuestionForm", "ask", "enter_name", "questions_for"]

MAX_ANSWER = 20000


@cache
def _all_questions() -> dict[str, list[dict[str, Any]]]:
    data = read_yaml(LESSONS_DIR / "questions.yaml")
    if not isinstance(data, dict):
        raise CaseError(f"{LESSONS_DIR / 'questions.yaml'}: expected activities mapped to lists of questions")
    return data


def questions_for(activity: str) -> list[dict[str, Any]]:
    """The questions of ``activity`` from ``lessons/questions.yaml``."""
    questions = _all_questions().get(activity)
    if not isinstance(questions, list) or not questions:
        raise CaseError(f"{LESSONS_DIR / 'questions.yaml'}: no questions listed under {activity!r}")
    return questions


class QuestionForm(SaveStatus):
    """A text box per question; every change is saved through an ``AnswerStore``."""

    def __init__(self, activity: str, case: str = "sochi-2015") -> None:
        self.activity = activity
        self.questions = questions_for(activity)
        self.store = AnswerStore(activity, case)
        saved = {item["id"]: item["text"] for item in self.store.items}
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
        self._start_status("Your answers are saved as you type.")
        self.widget = widgets.VBox([*rows, self.status], layout=widgets.Layout(max_width="52rem"))

    def _show_status(self, text: str, level: str) -> None:
        self.status.value = f'<div role="status" aria-live="polite" style="font-size:0.9rem">{html.escape(text)}</div>'

    def _on_change(self, change: dict[str, Any]) -> None:
        items = [{"id": qid, "text": box.value[:MAX_ANSWER]} for qid, box in self.boxes.items() if box.value.strip()]
        if self.activity == "welcome" and "name" in self.boxes:
            set_student_name(self.boxes["name"].value)
        self._save_items(items)

    def answers(self) -> dict[str, str]:
        """The current answers by question id."""
        return {qid: box.value for qid, box in self.boxes.items()}

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
        self.store.display()


def ask(activity: str, case: str = "sochi-2015") -> QuestionForm:
    """Show the written questions of ``activity`` (answers restored) and return the form."""
    from IPython.display import display

    form = QuestionForm(activity, case)
    display(form)
    return form


def enter_name(case: str = "sochi-2015") -> QuestionForm:
    """Show the name box of notebook 00; the name is copied into every later answer record."""
    form = ask("welcome", case)
    if not form.boxes["name"].value and student_name():
        form.boxes["name"].value = student_name()
    return form
