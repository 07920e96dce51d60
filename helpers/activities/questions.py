"""The written questions of each activity, from ``lessons/questions.yaml`` (teachers reword them there), plus
the questions a case adds about its own article (``questions:`` in the case's ``teaching.yaml``).

Why here and not in the widget: the wrap-up's "look back" and any grader reading written answers need the
same prompts as the form that asked them, without loading a widget library.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..case.files import LESSONS_DIR, CaseError, read_yaml
from ..case.model import Case
from ..case.teaching import teaching

__all__ = ["QUESTIONS_FILE", "questions_for"]

QUESTIONS_FILE = LESSONS_DIR / "questions.yaml"


@cache
def _all_questions() -> dict[str, list[dict[str, Any]]]:
    data = read_yaml(QUESTIONS_FILE)
    if not isinstance(data, dict):
        raise CaseError(f"{QUESTIONS_FILE}: expected activities mapped to lists of questions")
    return data


def questions_for(activity: str, case: Case | None = None) -> list[dict[str, Any]]:
    """The questions of ``activity`` from ``lessons/questions.yaml``, then those ``case`` adds (new ids only)."""
    questions = _all_questions().get(activity)
    if not isinstance(questions, list) or not questions:
        raise CaseError(f"{QUESTIONS_FILE}: no questions listed under {activity!r}")
    extra = ((teaching(case).get("questions") or {}).get(activity) or []) if case is not None else []
    ids = {str(q.get("id")) for q in questions}
    added = [q for q in extra if isinstance(q, dict) and q.get("id") and q.get("prompt") and str(q["id"]) not in ids]
    return [*questions, *added]
