"""Show a case's timeline as a table students can filter (by category, years and words), sources included.

Why: lateral reading starts with "who says so?", so every event is shown with its sources (publisher,
title, date, kind), linked only when the case gives a confirmed URL. All text is escaped: case files are
data, never markup.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pandas as pd
from IPython.display import HTML

from .case import Case
from .timeline import Event, Source, Timeline, filter_events, load_timeline

__all__ = ["events_html", "show_time_phrases", "show_timeline", "source_html", "timeline_table"]


def source_html(source: Source) -> str:
    """A source as escaped HTML: publisher, title and date, linked only when the source has a URL."""
    title = f"“{html.escape(source.title)}”"
    if source.url.startswith(("https://", "http://")):
        title = f'<a href="{html.escape(source.url, quote=True)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    return f"{html.escape(source.publisher)}, {title} ({html.escape(source.date)}, {html.escape(source.kind)})"


def timeline_table(
    case: Case | str = "sochi-2015",
    category: str | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    words: str = "",
) -> pd.DataFrame:
    """The timeline as a table, optionally only one category, a date range (ISO) or events with ``words``."""
    timeline = load_timeline(case)
    rows = [
        {
            "date": e.when(),
            "category": timeline.category_name(e.category),
            "event": e.summary,
            "sources": "; ".join(f"{s.publisher} ({s.date})" for s in timeline.sources_of(e)),
            "confidence": e.confidence,
            "id": e.id,
        }
        for e in filter_events(timeline, category, start, end, words)
    ]
    return pd.DataFrame(rows, columns=["date", "category", "event", "sources", "confidence", "id"])


_TABLE_STYLE = """<style>
.mlkit-tl{border-collapse:collapse;max-width:62rem;font-size:.9rem}
.mlkit-tl th,.mlkit-tl td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left!important;vertical-align:top}
.mlkit-tl td.when{white-space:nowrap}.mlkit-tl ul{margin:.2rem 0;padding-left:1.1rem}
</style>"""


def events_html(timeline: Timeline, events: list[Event]) -> str:
    """Events as an escaped HTML table with each event's sources listed (and linked when they have a URL)."""
    rows = []
    for e in events:
        sources = "".join(f"<li>{source_html(s)}</li>" for s in timeline.sources_of(e))
        rows.append(
            f'<tr><td class="when">{html.escape(e.when())}</td><td>{html.escape(timeline.category_name(e.category))}'
            f"</td><td>{html.escape(e.summary)}<ul>{sources}</ul></td><td>{html.escape(e.confidence)}</td></tr>"
        )
    head = "<tr><th>Date</th><th>Category</th><th>What happened, and who says so</th><th>Confidence</th></tr>"
    return f'{_TABLE_STYLE}<table class="mlkit-tl">{head}{"".join(rows)}</table>'


def show_timeline(case: Case | str = "sochi-2015") -> Any:
    """The timeline as a table with filters (category, years, words); returns the widget."""
    import ipywidgets as widgets

    timeline = load_timeline(case)
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
    from .key_guard import KeyGuard

    box = widgets.VBox([widgets.HBox([category, span]), words, count, table, KeyGuard(root=".mlkit-timeline")])
    box.add_class("mlkit-timeline")
    return box


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _range(first: dt.date, last: dt.date) -> str:
    if first == last:
        return f"{first.day} {first:%b %Y}"
    left = f"{first.day} {first:%b}" if first.year == last.year else f"{first.day} {first:%b %Y}"
    return f"{left} – {last.day} {last:%b %Y}"


def show_time_phrases(case: Case | str = "sochi-2015") -> HTML:
    """The article's time words as a readable table: what each implies, the event it points to, how far off."""
    from .time_phrases import time_phrases

    table = time_phrases(case)
    rows = "".join(
        f"<tr><td>¶{r['paragraph']}</td><td><b>“{html.escape(r['phrase'])}”</b></td>"
        f"<td>{html.escape(r['implies'])}<br><small>{html.escape(_range(_day(r['from']), _day(r['to'])))}</small></td>"
        f"<td>{html.escape(r['event']) or '—'}</td><td>{html.escape(r['before publication'])}</td>"
        f"<td>{'✔ ' if r['fits'] else '✘ '}{html.escape(r['how far off'])}</td>"
        f"<td><small>{html.escape(r['similar words'])}</small></td></tr>"
        for _, r in table.iterrows()
    )
    head = ("<tr><th></th><th>Time words</th><th>What they imply</th><th>The event they point to</th>"
            "<th>Before publication</th><th>How far off</th><th>Other events with similar words</th></tr>")
    return HTML(f'{_TABLE_STYLE}<table class="mlkit-tl">{head}{rows}</table>')
