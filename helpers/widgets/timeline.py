"""The timeline explorer of notebook 03: the sourced timeline as one compact, filterable, paged view, with the
chart folded underneath.

Why a widget: lateral reading starts with "who says so?", and filtering a long record by category, years
and words is quicker than scrolling it. It shows a page of events at a time (sources folded under each
event) so the notebook stays a few screens long; the table itself is the same escaped HTML the views use.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from IPython.display import HTML, display

from ..case.model import Case, load_case
from ..case.timeline import filter_events, load_timeline
from ..views.style import stylesheet
from ..views.timeline import events_html
from ..views.timeline_chart import plot_timeline
from .key_guard import KeyGuard
from .save_status import show

__all__ = ["PAGE", "explore_timeline"]

PAGE = 8  # events per page: a screen at 1024 × 768 with the filters above

_HOW_TO_READ = (
    "<p>The top panel shows the whole record, one row per category: notice how far back the story goes. The "
    "bottom panel enlarges the months before the article, one row per event. The black line marks Kerry's visit "
    "to Sochi (12 May 2015); the grey band is when the article may have been published. Each category has its "
    "own colour <b>and</b> marker shape.</p>")


def explore_timeline(case: Case | None = None, page: int = PAGE) -> widgets.VBox:
    """Show the timeline as a paged table with filters (category, years, words) and a folded chart; return it."""
    case = case or load_case()
    timeline = load_timeline(case)
    years = sorted({str(y) for e in timeline.events for y in range(e.first.year, e.last.year + 1)}) or ["—"]
    category = widgets.Dropdown(
        options=[("All categories", "")] + [(name, cid) for cid, name in timeline.categories],
        description="Category", layout=widgets.Layout(width="18rem"),
    )
    span = widgets.SelectionRangeSlider(
        options=years, index=(0, len(years) - 1), description="Years", layout=widgets.Layout(width="24rem")
    )
    words = widgets.Text(placeholder="e.g. sanctions, Minsk, S-300", description="Words",
                         layout=widgets.Layout(width="18rem"))
    back = widgets.Button(description="Earlier", icon="arrow-left", layout=widgets.Layout(width="auto"))
    more = widgets.Button(description="Later", icon="arrow-right", layout=widgets.Layout(width="auto"))
    for button in (back, more):
        button.add_class("mlkit-timeline-page")
    count = widgets.HTML()
    table = widgets.HTML()
    first = [0]

    def refresh(_: Any = None, keep_page: bool = False) -> None:
        low, high = span.value
        chosen = filter_events(timeline, category.value or None, low, high, words.value)
        if not keep_page:
            first[0] = 0
        start = first[0]
        shown = chosen[start : start + page]
        where = f"{start + 1}–{start + len(shown)} of {len(chosen)}" if shown else f"0 of {len(chosen)}"
        count.value = (f'<div role="status">Showing {where} events'
                       + (f" (filtered from {len(timeline.events)})" if len(chosen) < len(timeline.events) else "")
                       + ".</div>")
        table.value = events_html(timeline, shown, compact=True)
        back.disabled = start == 0
        more.disabled = start + page >= len(chosen)

    def turn(step: int) -> None:
        first[0] = max(0, first[0] + step * page)
        refresh(keep_page=True)

    back.on_click(lambda _: turn(-1))
    more.on_click(lambda _: turn(1))
    for control in (category, span, words):
        control.observe(refresh, names=["value"])
    refresh()

    chart = widgets.Output()
    fold = widgets.Accordion(children=[chart], selected_index=None)
    fold.set_title(0, "The whole timeline as a chart")
    drawn = [False]

    def draw(change: dict[str, Any]) -> None:
        if change["new"] is None or drawn[0]:
            return
        drawn[0] = True
        import matplotlib.pyplot as plt  # imported here: the chart is drawn only when its fold is opened

        with chart:
            display(HTML(_HOW_TO_READ))
            figure = plot_timeline(case)
            display(figure)
            plt.close(figure)

    fold.observe(draw, names=["selected_index"])
    box = widgets.VBox([widgets.HBox([category, span]), widgets.HBox([words, back, more]), count, table, fold,
                        widgets.HTML(stylesheet()), KeyGuard(root=".mlkit-timeline")])
    box.add_class("mlkit-timeline")
    return show(box)
