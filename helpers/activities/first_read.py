"""Notebook 01's activity: first impressions, written before any analysis and read by hand."""

from __future__ import annotations

from .base import Activity

__all__ = ["ACTIVITY"]

ACTIVITY = Activity(id="first-read", notebook="01_first_read", kind="text", noun="answer",
                    hand_in="first impressions", asks=True,
                    hand_part="first-read")
