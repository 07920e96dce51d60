"""The timeline explorer of notebook 03: the sourced timeline as a table with filters a student works by keyboard.

Why a widget: lateral reading starts with "who says so?", and filtering a long record by category, years
and words is quicker than scrolling it; the table itself is the same escaped HTML the views use.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..case.model import Case, load_case
from ..case.timeline import filter_events, load_timeline
from ..views.timeline import events_html
from .key_guard import KeyGuard
from .save_status import show

__all__ = ["explore_timeline"]


def explore_timeline(case: Case | None = None) -> widgets.VBox:
    """Show the timeline as a table with filters (category, years, words), and return the widget."""
    timeline = load_timeline(case or load_case())
    years = sorted({str(y) for e in timeline.events for y in range(e.first.year, e.last.year + 1)}) or ["—"]
    category = widgets.Dropdown(
        options=[("All categories", "")] + [(name, cid) for cid, name in timeline.categories],
        description="Category",
    )
    span = widgets.SelectionRangeSlider(
        options=years, index=(0, len(years) - 1), description="Years", layout=widgets.Layout(width="26rem")
    )
    words = widgets.Text(placeholder="e.g. sanctions, Minsk, S-300", description="Words")
    count = widgets.HTML()
    table = widgets.HTML()

    def refresh(_: Any = None) -> None:
        low, high = span.value
        chosen = filter_events(timeline, category.value or None, low, high, words.value)
        count.value = f'<div role="status">Showing {len(chosen)} of {len(timeline.events)} events.</div>'
        table.value = events_html(timeline, chosen)

    for control in (category, span, words):
        control.observe(refresh, names=["value"])
    refresh()
    box = widgets.VBox([widgets.HBox([category, span]), words, count, table, KeyGuard(root=".mlkit-timeline")])
    box.add_class("mlkit-timeline")
    return show(box)
