"""Notebook 00's activity: the student's name, which every later record carries."""

from __future__ import annotations

from .base import Activity

__all__ = ["ACTIVITY"]

ACTIVITY = Activity(
    id="welcome", notebook="00_welcome", kind="text", noun="answer", hand_in="your name", asks=True,
    name_question="name",
)
