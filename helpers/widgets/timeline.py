"""The timeline explorer of notebook 03: the sourced timeline as one compact, filterable, paged view, with the
chart folded underneath.

Why a widget: lateral reading starts with "who says so?", and filtering a long record by category, years
and words is quicker than scrolling it. It shows a page of events at a time (sources folded under each
event) so the notebook stays a few screens long; the table itself is the same escaped HTML the views use.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
from IPython.display import HTML, display

from ..case.model import Case, load_case
from ..case.teaching import words_hint
from ..case.timeline import date_bounds, filter_events, load_timeline
from ..views.style import stylesheet
from ..views.timeline import events_html
from ..views.timeline_chart import plot_timeline
from .key_guard import KeyGuard
from .save_status import show

__all__ = ["NO_EVENTS", "PAGE", "explore_timeline", "how_to_read"]

PAGE = 8  # events per page: a screen at 1024 × 768 with the filters above


def how_to_read(case: Case) -> str:
    """The paragraph above the chart: how to read it, naming this case's subject event when case.yaml has one."""
    subject = case.meta.get("subject") or {}
    line = ""
    if isinstance(subject, dict) and subject.get("date"):
        day = date_bounds(str(subject["date"]), "day")[0]
        label = html.escape(str(subject.get("label") or "the event the article is about"))
        line = f"The black line marks the event the article is about: {label}, {day.day} {day:%B %Y}; "
    return ("<p>The top panel shows the whole record, one row per category: notice how far back the story goes. The "
            "bottom panel enlarges the months before the article, one row per event. "
            + (line + "the grey band" if line else "The grey band")
            + " is when the article may have been published. Each category has its own colour <b>and</b> marker "
            "shape.</p>")


# What notebook 03 shows in place of the filters when the case's timeline.csv has no events (an essay, a letter).
NO_EVENTS = ("<p role=\"status\">The timeline of this article has no events yet, so there is nothing to filter here. "
             "(Teachers: add dated events with their sources to <code>timeline.csv</code> in the case folder.)</p>")


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
    words = widgets.Text(placeholder=words_hint(case), description="Words",
                         layout=widgets.Layout(width="18rem"))
    back = widgets.Button(description="Earlier", icon="arrow-left", layout=widgets.Layout(width="auto"))
    more = widgets.Button(description="Later", icon="arrow-right", layout=widgets.Layout(width="auto"))
    for button in (back, more):
        button.add_class("mlkit-timeline-page")
    count = widgets.HTML()
    table = widgets.HTML()
    first = [0]

    def refresh(_: Any = None, keep_page: bool = False) -> None:
        low, high = span.value if timeline.events else (None, None)
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
            display(HTML(how_to_read(case)))
            figure = plot_timeline(case)
            display(figure)
            plt.close(figure)

    fold.observe(draw, names=["selected_index"])
    if not timeline.events:
        box = widgets.VBox([widgets.HTML(NO_EVENTS), widgets.HTML(stylesheet())])
        box.add_class("mlkit-timeline")
        return show(box)
    box = widgets.VBox([widgets.HBox([category, span]), widgets.HBox([words, back, more]), count, table, fold,
                        widgets.HTML(stylesheet()), KeyGuard(root=".mlkit-timeline")])
    box.add_class("mlkit-timeline")
    return show(box)
