"""The pre/post check (notebook 00 before the lessons, notebook 05 after): rate claims about the article's subject
as sound or flawed and say how sure you are. Never graded: only the class report reads it (``report.prepost``).

Why two activities: the two forms are answered in different notebooks, so each has its own record, and the
report pairs them per student. The case's item bank is ``case/prepost.py``.
"""

from __future__ import annotations

from typing import Any

from ..case.files import CaseError
from ..case.model import Case
from ..case.prepost import VERDICTS, Item, load_statements
from ..case.switches import load_switches
from ..record.types import RatingItem
from .base import Activity

__all__ = ["CONFIDENCE", "POST", "PRE", "clean_rating", "form_items", "is_on", "offered"]

# How sure, as the widget offers it: the value saved and the words a student reads.
CONFIDENCE: tuple[tuple[float, str], ...] = (
    (0.5, "Guessing"), (0.7, "Fairly sure"), (0.9, "Very sure"), (1.0, "Certain"),
)


def is_on(case: Case) -> str:
    """``""`` when the check runs for ``case``; otherwise why not, in one line a student can read."""
    if case.meta.get("prepost") is False:
        return "Your teacher turned the quick check off for this article: nothing to do here."
    if not load_switches(case=case).prepost:
        return "Your teacher turned the quick check off for this class: nothing to do here."
    if load_statements(case) is None:
        return "There is no quick check for this article: nothing to do here."
    return ""


def offered(case: Case) -> bool:
    """Whether ``case`` asks for the check (a damaged item bank counts as asked: the notebook says what is wrong)."""
    try:
        return not is_on(case)
    except CaseError:
        return True


def form_items(case: Case, form: str) -> tuple[Item, ...]:
    """The items of one form (``pre`` or ``post``) in the bank's order; empty when the check is off."""
    return tuple(i for i in load_statements(case) or () if i.form == form)


def clean_rating(raw: Any, ids: set[str]) -> RatingItem | None:
    """A rating as the browser sent it, kept only if it names an item of this form and uses known values."""
    if not isinstance(raw, dict) or raw.get("id") not in ids:
        return None
    verdict = raw.get("verdict", "")
    confidence = raw.get("confidence")
    levels = {value for value, _ in CONFIDENCE}
    if verdict not in (*VERDICTS, ""):
        return None
    if confidence is not None and (isinstance(confidence, bool) or confidence not in levels):
        return None
    if not verdict and confidence is None:
        return None
    return {"id": str(raw["id"]), "verdict": verdict, "confidence": None if confidence is None else float(confidence)}


PRE = Activity(id="pre-check", notebook="00_welcome", kind="rating", noun="rated statement",
               hand_in="quick check (before)", survey=True, offered=offered)
POST = Activity(id="post-check", notebook="05_wrap_up", kind="rating", noun="rated statement",
                hand_in="quick check (after)", survey=True, offered=offered)
