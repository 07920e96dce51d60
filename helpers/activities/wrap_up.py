"""Notebook 05's activity: the reflection, read by hand. (The hand-in status itself is ``views.submission``.)"""

from __future__ import annotations

from .base import Activity

__all__ = ["ACTIVITY"]

ACTIVITY = Activity(id="wrap-up", notebook="05_wrap_up", kind="text", noun="answer", hand_in="reflection",
                    asks=True, hand_part="wrap-up")
