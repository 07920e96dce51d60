"""Notebook 03's timeline chart: the whole record by category, a close-up of the months before the article,
and the student's checked claims drawn to the events they linked, coloured and named by verdict.

Why this layout: the top panel shows how far back the story goes (one row per category, category names
as labels); the close-up gives every recent event its own labelled row, because a dozen events can share
one day; the claims sit in a column on the right so each line from a claim to its evidence can be
followed. Colours are Okabe & Ito's, always with a second cue: a marker shape per category, the verdict's
name in each claim's box and a line style per evidence role.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import ConnectionPatch

from ..case.model import Case
from ..case.palette import COLOURS, PALETTE
from ..case.taxonomy import load_verdicts
from ..case.timeline import Timeline, add_months, date_bounds, load_timeline, publication_window
from .charts import pyplot

__all__ = ["plot_timeline"]

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h")
ROLE_STYLE = {"supports": "-", "contradicts": "--", "context": ":"}
MAX_CLAIMS = 12


def _checks(checks: Any) -> list[dict[str, Any]]:
    """Committed check items from a ClaimChecker, an answer record or a list of items."""
    if checks is None:
        return []
    if hasattr(checks, "items") and callable(checks.items) and not isinstance(checks, dict):
        items = checks.items()
    elif isinstance(checks, dict):
        items = checks.get("items", [])
    else:
        items = list(checks)
    return [i for i in items if isinstance(i, dict) and i.get("committed") and i.get("verdict")]


def _style(timeline: Timeline) -> dict[str, tuple[str, str, int]]:
    """Category id -> (colour, marker, row), in case.yaml's order."""
    order = [c for c, _ in timeline.categories] or sorted({e.category for e in timeline.events})
    return {c: (PALETTE[n % len(PALETTE)], MARKERS[n % len(MARKERS)], n) for n, c in enumerate(order)}


def _mark(ax: Axes, subject: tuple[dt.date, str] | None, window: tuple[dt.date, dt.date]) -> None:
    """Shade the publication window and draw a line at the article's subject event."""
    ax.axvspan(window[0], window[1] + dt.timedelta(days=1), color="#bbbbbb", alpha=0.35, lw=0, zorder=0)
    if subject:
        ax.axvline(subject[0], color="#222222", lw=1.2, zorder=1)


def _overview(ax: Axes, timeline: Timeline, style: dict, zoom: tuple[dt.date, dt.date], subject, window) -> dict:
    placed = {}
    for e in timeline.events:
        colour, marker, row = style.get(e.category, (COLOURS["grey"], "o", len(style)))
        ax.scatter([e.middle], [row], s=34, color=colour, marker=marker, edgecolor="#222222", linewidth=0.5, zorder=3)
        placed[e.id] = (e.middle, row)
    rows = len(style)
    ax.set_yticks(range(rows), [timeline.category_name(c) for c in style], fontsize=8)
    ax.set_ylim(rows - 0.4, -0.6)
    first = min((e.first for e in timeline.events), default=zoom[0])
    ax.set_xlim(dt.date(first.year, 1, 1), max(zoom[1], window[1]) + dt.timedelta(days=45))
    ax.axvspan(zoom[0], zoom[1], color=COLOURS["blue"], alpha=0.10, lw=0, zorder=0)
    ax.text(zoom[0], rows - 0.45, "enlarged below ", ha="right", va="bottom", fontsize=7.5, color=COLOURS["blue"])
    _mark(ax, subject, window)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="y", color="#eeeeee", zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("The whole record, by category", loc="left", fontsize=10, fontweight="bold")
    return placed


def _closeup(ax: Axes, timeline: Timeline, style: dict, zoom: tuple[dt.date, dt.date], subject, window) -> dict:
    events = [e for e in timeline.events if e.last >= zoom[0] and e.first <= zoom[1]]
    placed = {}
    for row, e in enumerate(events):
        colour, marker, _ = style.get(e.category, (COLOURS["grey"], "o", 0))
        if e.first != e.last:
            ax.plot([max(e.first, zoom[0]), min(e.last, zoom[1])], [row, row], color=colour, lw=3, alpha=0.6, zorder=2)
        ax.scatter([e.middle], [row], s=40, color=colour, marker=marker, edgecolor="#222222", linewidth=0.5, zorder=3)
        placed[e.id] = (e.middle, row)
    ax.set_yticks(range(len(events)), [f"{e.short} · {e.when().removesuffix(f' {e.first.year}')}" for e in events],
                  fontsize=7.5)
    ax.set_ylim(len(events) - 0.5, -1.6)
    ax.set_xlim(zoom[0], zoom[1] + dt.timedelta(days=2))
    _mark(ax, subject, window)
    top = -1.55
    ax.text(window[0] + (window[1] - window[0]) / 2, top, "article\npublished", ha="center", va="top", fontsize=7.5)
    if subject:
        ax.text(subject[0] - dt.timedelta(days=1), top, subject[1], ha="right", va="top", fontsize=7.5,
                fontweight="bold")
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.xaxis.set_minor_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="y", color="#eeeeee", zorder=0)
    ax.grid(axis="x", which="minor", color="#f4f4f4", zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(f"Close-up: {zoom[0]:%B} to {zoom[1]:%B %Y}, one row per event", loc="left", fontsize=10,
                 fontweight="bold")
    return placed


def _claims(fig: Figure, ax: Axes, checks: list[dict], where: dict, colours: dict, names: dict) -> None:
    """Claim boxes down the right-hand column, each joined to its linked events."""
    ax.axis("off")
    ax.set_title("Your checked claims", loc="left", fontsize=10, fontweight="bold")
    shown = checks[:MAX_CLAIMS]
    for n, item in enumerate(shown):
        y = 1 - (n + 0.5) / max(len(shown), 4)
        colour = colours.get(item["verdict"], COLOURS["grey"])
        quote = textwrap.shorten(item["claim"]["exact"].strip("“”\"' "), 70, placeholder=" …")
        text = f"¶{item['claim']['paragraph']} “{textwrap.fill(quote, 28)}”\n→ {names.get(item['verdict'], '?')}"
        ax.text(0.06, y, text, transform=ax.transAxes, va="center", ha="left", fontsize=7.5, linespacing=1.15,
                bbox={"boxstyle": "round,pad=0.35", "facecolor": colour + "40", "edgecolor": colour, "linewidth": 2})
        for link in item.get("events", []):
            target = where.get(link.get("event_id"))
            if target is None:
                continue
            axes, point = target
            fig.add_artist(ConnectionPatch(
                xyA=(0.05, y), coordsA=ax.transAxes, xyB=(mdates.date2num(point[0]), point[1]),
                coordsB=axes.transData, color=colour, lw=1.4, alpha=0.85,
                linestyle=ROLE_STYLE.get(link.get("role"), "-"), zorder=5))
    if len(checks) > MAX_CLAIMS:
        ax.text(0.06, 0.0, f"+ {len(checks) - MAX_CLAIMS} more: see the table", transform=ax.transAxes, fontsize=7.5)
    handles = [Line2D([], [], color="#333333", linestyle=s, label=r) for r, s in ROLE_STYLE.items()]
    ax.legend(handles=handles, title="Event's role", loc="lower left", bbox_to_anchor=(0.05, -0.06), fontsize=7.5,
              title_fontsize=8, frameon=False, ncols=3, handlelength=2.4)


def plot_timeline(case: Case, checks: Any = None) -> Figure:
    """The timeline chart; with ``checks`` (a ClaimChecker, answer record or items), the committed claims too."""
    timeline = load_timeline(case)
    window = publication_window(case)
    zoom = (add_months(window[0].replace(day=1), -3), window[1])
    subject_meta = case.meta.get("subject") or {}
    subject = None
    if subject_meta.get("date"):
        subject = (date_bounds(subject_meta["date"], "day")[0], str(subject_meta.get("label") or "The event"))
    style = _style(timeline)
    committed = _checks(checks)
    close_rows = sum(1 for e in timeline.events if e.last >= zoom[0] and e.first <= zoom[1])
    fig = pyplot().figure(figsize=(9, 2.6 + 0.19 * close_rows + 1.0), layout="constrained")
    grid = fig.add_gridspec(2, 2 if committed else 1, height_ratios=[2.2, 0.19 * close_rows + 0.9],
                            width_ratios=[0.69, 0.31] if committed else [1])
    top, bottom = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[1, 0])
    placed_top = _overview(top, timeline, style, zoom, subject, window)
    placed_close = _closeup(bottom, timeline, style, zoom, subject, window)
    where: dict[str, tuple[Axes, tuple[dt.date, int]]] = {k: (top, v) for k, v in placed_top.items()}
    where.update({k: (bottom, v) for k, v in placed_close.items()})
    handles = [Line2D([], [], marker=m, color="none", markerfacecolor=c, markeredgecolor="#222222", markersize=6,
                      label=timeline.category_name(cat)) for cat, (c, m, _) in style.items()]
    fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=7.5, frameon=False,
               title="Categories (colour and shape)", title_fontsize=8)
    if committed:
        linked = {link.get("event_id") for item in committed[:MAX_CLAIMS] for link in item.get("events", [])}
        for label, event_id in zip(bottom.get_yticklabels(), placed_close, strict=True):
            if event_id in linked:
                label.set_fontweight("bold")
        side = fig.add_subplot(grid[:, 1])
        labels = load_verdicts()
        _claims(fig, side, committed, where, {v.id: v.color for v in labels}, {v.id: v.name for v in labels})
    fig.suptitle(f"“{case.headline}” against the record", fontsize=11, x=0.01, ha="left")
    if not timeline.events:
        top.text(0.5, 0.5, "This case has no timeline events yet.", transform=top.transAxes, ha="center")
    return fig
