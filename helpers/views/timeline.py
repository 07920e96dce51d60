"""Show a case's timeline as a table students can filter (by category, years and words), sources included.

Why: lateral reading starts with "who says so?", so every event is shown with its sources (publisher,
title, date, kind), linked only when the case gives a confirmed URL. All text is escaped: case files are
data, never markup.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
from IPython.display import HTML

from ..case.model import Case
from ..case.teaching import teaching, timeline_filter
from ..case.time_phrases import COLUMNS, article_time_phrases
from ..case.timeline import Event, Source, Timeline, filter_events, load_timeline
from .style import left_out, simple_markdown, styled

__all__ = ["events_html", "filter_timeline", "show_time_phrases", "source_html", "tabulate_time_phrases"]


def source_html(source: Source) -> str:
    """A source as escaped HTML: publisher, title and date, linked only when the source has a URL."""
    title = f"“{html.escape(source.title)}”"
    if source.url.startswith(("https://", "http://")):
        title = f'<a href="{html.escape(source.url, quote=True)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    return f"{html.escape(source.publisher)}, {title} ({html.escape(source.date)}, {html.escape(source.kind)})"


def filter_timeline(
    case: Case,
    category: str | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    words: str = "",
) -> pd.DataFrame:
    """The timeline as a table, optionally only one category, a date range (ISO) or events with ``words``.

    With no filter given, it starts on the case's own ``timeline_filter`` (teaching.yaml), if any."""
    if category is None and start is None and end is None and not words:
        chosen = timeline_filter(case)
        category, start, end = chosen.get("category"), chosen.get("start"), chosen.get("end")
        words = str(chosen.get("text") or "")
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


def events_html(timeline: Timeline, events: list[Event], compact: bool = False) -> str:
    """Events as an escaped HTML table with each event's sources listed (and linked when they have a URL);
    ``compact`` folds each event's sources under a "who says so" line."""
    rows = []
    for e in events:
        sources = "".join(f"<li>{source_html(s)}</li>" for s in timeline.sources_of(e))
        if compact:
            n = len(timeline.sources_of(e))
            rows.append(
                f'<tr><td class="when">{html.escape(e.when())}</td>'
                f"<td>{html.escape(timeline.category_name(e.category))}</td><td>{html.escape(e.summary)}"
                f"<details><summary>Who says so: {n} source{'s' if n != 1 else ''} "
                f"(confidence {html.escape(e.confidence)})</summary><ul>{sources}</ul></details></td></tr>")
            continue
        rows.append(
            f'<tr><td class="when">{html.escape(e.when())}</td><td>{html.escape(timeline.category_name(e.category))}'
            f"</td><td>{html.escape(e.summary)}<ul>{sources}</ul></td><td>{html.escape(e.confidence)}</td></tr>"
        )
    head = "<tr><th>Date</th><th>Category</th><th>What happened, and who says so</th><th>Confidence</th></tr>"
    if compact:
        head = "<tr><th>Date</th><th>Category</th><th>What happened, and who says so</th></tr>"
        return f'<table class="mlkit-table small mlkit-timeline-table">{head}{"".join(rows)}</table>'
    return styled(f'<table class="mlkit-table small">{head}{"".join(rows)}</table>')


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _range(first: dt.date, last: dt.date) -> str:
    if first == last:
        return f"{first.day} {first:%b %Y}"
    left = f"{first.day} {first:%b}" if first.year == last.year else f"{first.day} {first:%b %Y}"
    return f"{left} – {last.day} {last:%b %Y}"


def tabulate_time_phrases(case: Case) -> pd.DataFrame:
    """The article's time words as a data table: what each implies, the event it points to, how far off."""
    return pd.DataFrame(article_time_phrases(case), columns=list(COLUMNS))


def show_time_phrases(case: Case) -> HTML:
    """The article's time words as a readable table: what each implies, the event it points to, how far off."""
    if (note := left_out("time-words")) is not None:
        return note
    table = tabulate_time_phrases(case)
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
    if table.empty:
        return HTML(styled("<p><i>The kit found no time words (“last week”, “two years ago” …) in this article."
                           "</i></p>"))
    words_note = str(teaching(case).get("time_words_note") or "").strip()
    after = f"<div class=\"mlkit-worked\">{simple_markdown(words_note)}</div>" if words_note else ""
    return HTML(styled(f'<table class="mlkit-table small">{head}{rows}</table>{after}'))
