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


# The parts of an article a question can be about (``needs:``); not every article has them.
NEEDS = {"dek": lambda case: case.dek, "author_note": lambda case: case.author_note}


def _fits(question: dict[str, Any], case: Case | None) -> bool:
    """Whether ``question`` can be asked of ``case``: a question about the author note is not asked of an
    article that has none (without a case, every question: the grader maps saved answers to their prompts)."""
    need = question.get("needs")
    if case is None or need is None:
        return True
    part = NEEDS.get(str(need))
    if part is None:
        raise CaseError(f"{QUESTIONS_FILE}: question {question.get('id')!r} needs {need!r}, which is not one of "
                        f"{', '.join(sorted(NEEDS))}")
    return bool(str(part(case) or "").strip())


def questions_for(activity: str, case: Case | None = None) -> list[dict[str, Any]]:
    """The questions of ``activity`` from ``lessons/questions.yaml`` that fit ``case`` (see ``_fits``), then
    those ``case`` adds (new ids only)."""
    questions = _all_questions().get(activity)
    if not isinstance(questions, list) or not questions:
        raise CaseError(f"{QUESTIONS_FILE}: no questions listed under {activity!r}")
    extra = ((teaching(case).get("questions") or {}).get(activity) or []) if case is not None else []
    ids = {str(q.get("id")) for q in questions}
    added = [q for q in extra if isinstance(q, dict) and q.get("id") and q.get("prompt") and str(q["id"]) not in ids]
    return [q for q in questions if _fits(q, case)] + added
