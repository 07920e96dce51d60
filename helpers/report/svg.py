"""Small inline SVG charts for the class report: no plotting library, no network, readable in print.

Why hand-made SVG: the page must open offline as one file, print crisply, and carry its own text
alternative; a few rectangles and lines do that in a few KB per chart, where embedded matplotlib SVG
would add hundreds of KB and a second's import. Every chart is an ``<svg role="img">`` with a
``<title>`` and a ``<desc>`` (the text alternative), and writes its numbers as text, not in colour alone.
Colours are Okabe and Ito's colour-blind-safe palette; the heat scale is one hue light to dark.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape

import numpy as np

from ..case.palette import COLOURS

__all__ = [
    "HEAT_LEVELS", "dots_ci", "figure", "hbars", "heat_colour", "heat_strip", "reliability", "stacked_bars",
    "text_width",
]

_ids = itertools.count(1)
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
INK, GRID, KEY_MARK = "#111111", "#d0d0d0", COLOURS["vermillion"]
# Five heat levels (0 is white): light to dark blue, so they read in greyscale and to every colour vision.
HEAT_LEVELS = ("#ffffff", "#d6e9f5", "#9ccbe8", COLOURS["sky-blue"], COLOURS["blue"], "#003f63")


def heat_colour(share: float) -> str:
    """The heat colour of a share: 0, then bands of 20 percentage points."""
    if share <= 0:
        return HEAT_LEVELS[0]
    return HEAT_LEVELS[min(5, 1 + int(min(share, 0.999) * 5))]


def figure(body: str, width: int, height: int, title: str, desc: str, caption: str = "") -> str:
    """Wrap chart ``body`` in an accessible ``<figure><svg role="img">`` with title, description and caption."""
    n = next(_ids)
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="chart"><svg role="img" aria-labelledby="svg-t{n} svg-d{n}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" {FONT} font-size="12">'
        f'<title id="svg-t{n}">{escape(title)}</title><desc id="svg-d{n}">{escape(desc)}</desc>{body}</svg>{cap}'
        "</figure>"
    )


def text_width(text: str, size: int = 12) -> int:
    """A generous estimate of how wide ``text`` is drawn in the charts' sans-serif font (pixels at ``size``): room
    is reserved from it, so an estimate on the high side only costs a little plot width."""
    return int(len(text) * size * 0.6) + 1


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 12, weight: str = "normal",
          fill: str = INK) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" '
            f'fill="{fill}">{escape(text)}</text>')


def heat_legend(x: float, y: float) -> str:
    """The heat scale as labelled swatches."""
    parts = [_text(x, y + 11, "Share of students who highlighted it:")]
    x += 230
    for n, label in enumerate(("none", "1–20%", "20–40%", "40–60%", "60–80%", "80–100%")):
        parts.append(f'<rect x="{x}" y="{y}" width="16" height="14" fill="{HEAT_LEVELS[n]}" stroke="#555"/>')
        parts.append(_text(x + 20, y + 11, label))
        x += 28 + 7 * len(label)
    parts.append(f'<rect x="{x + 6}" y="{y + 5}" width="22" height="5" fill="{KEY_MARK}"/>')
    parts.append(_text(x + 32, y + 11, "in the key"))
    return "".join(parts)


def heat_strip(rows: Sequence[tuple[str, np.ndarray]], marks: Sequence[tuple[int, int, int, str]], title: str,
               desc: str, caption: str = "", width: int = 960) -> str:
    """One strip per paragraph (x = character position), shaded by share; key spans marked beneath.

    ``rows``: (label, share per character); ``marks``: (row index, start, end, tooltip).
    """
    gutter, strip, lane, gap, top = 44, 18, 6, 9, 34
    gutter = max(gutter, 12 + 7 * max((len(label) for label, _ in rows), default=0))  # room for "Standfirst"
    longest = max((len(s) for _, s in rows), default=1) or 1
    scale = (width - gutter - 10) / longest
    parts = [heat_legend(gutter, 6)]
    y = top
    for i, (label, shares) in enumerate(rows):
        parts.append(_text(gutter - 8, y + 13, label, "end"))
        levels = np.array([_level(s) for s in shares], dtype=np.int8)
        parts.append(f'<rect x="{gutter}" y="{y}" width="{len(shares) * scale:.1f}" height="{strip}" '
                     f'fill="#fff" stroke="#888" stroke-width="0.6"/>')
        for start, end in _level_runs(levels):
            level = int(levels[start])
            if level == 0:
                continue
            peak = float(shares[start:end].max())
            parts.append(
                f'<rect x="{gutter + start * scale:.1f}" y="{y}" width="{(end - start) * scale:.1f}" '
                f'height="{strip}" fill="{HEAT_LEVELS[level]}"><title>{escape(label)}, characters {start}–{end}: '
                f'{peak:.0%} of students</title></rect>')
        for row, start, end, tip in marks:
            if row == i:
                parts.append(f'<rect x="{gutter + start * scale:.1f}" y="{y + strip + 1}" '
                             f'width="{max(1.5, (end - start) * scale - 1.5):.1f}" height="{lane}" fill="{KEY_MARK}">'
                             f'<title>{escape(tip)}</title></rect>')
        y += strip + lane + gap
    return figure("".join(parts), width, y + 4, title, desc, caption)


def _level(share: float) -> int:
    return 0 if share <= 0 else min(5, 1 + int(min(share, 0.999) * 5))


def _level_runs(levels: np.ndarray) -> list[tuple[int, int]]:
    if not len(levels):
        return []
    cuts = np.flatnonzero(np.diff(levels)) + 1
    bounds = [0, *cuts.tolist(), len(levels)]
    return list(itertools.pairwise(bounds))


def hbars(rows: Sequence[tuple[str, float | None, str]], title: str, desc: str, caption: str = "",
          lo: float = 0.0, hi: float = 1.0, refs: Sequence[tuple[float, str]] = (), width: int = 960,
          label_width: int = 420, colour: str = COLOURS["blue"]) -> str:
    """Horizontal bars: (label, value or None, value written as text). ``refs``: dashed reference lines."""
    row_h, top = 22, 26 if refs else 8
    # room after the plot for the longest value, so "100% (1000/1000)" is never cut off at the right edge
    plot = width - label_width - max(90, 16 + max((text_width(t, 12) for _, _, t in rows), default=0))
    x0 = label_width + (0 - lo) / (hi - lo) * plot if lo < 0 else label_width
    parts = []
    height = top + row_h * len(rows) + 24
    for ref, ref_label in refs:
        x = label_width + (ref - lo) / (hi - lo) * plot
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 20}" stroke="#555" '
                     'stroke-dasharray="4 3"/>')
        parts.append(_text(x, top - 8, ref_label, "middle", 11))
    for i, (label, value, text) in enumerate(rows):
        y = top + i * row_h
        if i % 2 == 0:
            parts.append(f'<rect x="0" y="{y}" width="{width}" height="{row_h}" fill="#f5f5f5"/>')
        parts.append(_text(label_width - 8, y + 15, _clip(label, label_width // 7), "end"))
        if value is not None:
            v = min(hi, max(lo, value))
            x = label_width + (v - lo) / (hi - lo) * plot
            left, right = min(x, x0), max(x, x0)
            parts.append(f'<rect x="{left:.1f}" y="{y + 4}" width="{max(1.0, right - left):.1f}" height="{row_h - 8}" '
                         f'fill="{colour}"><title>{escape(label)}: {escape(text)}</title></rect>')
            parts.append(_text(max(x, x0) + 6, y + 15, text))
        else:
            parts.append(_text(x0 + 6, y + 15, text, fill="#444"))
    axis_y = top + row_h * len(rows) + 4
    parts.append(f'<line x1="{label_width}" y1="{axis_y}" x2="{label_width + plot}" y2="{axis_y}" stroke="#555"/>')
    for tick in np.arange(lo, hi + 1e-9, 0.25):
        x = label_width + (tick - lo) / (hi - lo) * plot
        parts.append(_text(x, axis_y + 15, f"{tick:.0%}" if hi == 1 and lo == 0 else f"{tick:.2f}", "middle", 11))
    return figure("".join(parts), width, height, title, desc, caption)


def stacked_bars(rows: Sequence[tuple[str, Sequence[tuple[str, int]], str]], colours: dict[str, str],
                 names: dict[str, str], title: str, desc: str, caption: str = "", width: int = 960,
                 label_width: int = 360) -> str:
    """One bar per row split into segments (category, count), each segment labelled with its count when wide
    enough; a note (such as the key's verdict) after the bar. Widths are shares of the row's total."""
    # room after the plot for the longest note ("key: Mostly accurate · 100% right"), so none is cut off
    row_h, top = 26, 30
    plot = width - label_width - max(200, 16 + max((text_width(note, 12) for _, _, note in rows), default=0))
    parts = []
    x: float = label_width
    for category, colour in colours.items():  # legend
        parts.append(f'<rect x="{x}" y="6" width="14" height="14" fill="{colour}" stroke="#333"/>')
        parts.append(_text(x + 18, 18, names.get(category, category)))
        x += 30 + 7 * len(names.get(category, category))
    for i, (label, segments, note) in enumerate(rows):
        y = top + i * row_h
        if i % 2 == 0:
            parts.append(f'<rect x="0" y="{y}" width="{width}" height="{row_h}" fill="#f5f5f5"/>')
        parts.append(_text(label_width - 8, y + 17, _clip(label, label_width // 7), "end"))
        total = sum(n for _, n in segments) or 1
        x = label_width
        for category, n in segments:
            if not n:
                continue
            w = n / total * plot
            colour = colours.get(category, COLOURS["grey"])
            parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{colour}" '
                         f'stroke="#fff" stroke-width="1"><title>{escape(names.get(category, category))}: {n}'
                         '</title></rect>')
            if w >= 22:
                dark = colour in {COLOURS[c] for c in ("blue", "vermillion", "black", "green", "purple")}
                parts.append(_text(x + w / 2, y + 17, str(n), "middle", 11, "bold", "#fff" if dark else INK))
            x += w
        parts.append(_text(label_width + plot + 8, y + 17, note))
    return figure("".join(parts), width, top + row_h * len(rows) + 6, title, desc, caption)


def reliability(points: Sequence[tuple[float, float, int]], title: str, desc: str, caption: str = "",
                size: int = 420) -> str:
    """Reliability diagram: (mean confidence, share right, count) per bin, against the diagonal."""
    pad, plot = 50, size - 70
    parts = [f'<rect x="{pad}" y="10" width="{plot}" height="{plot}" fill="#fff" stroke="#555"/>']
    for t in (0.25, 0.5, 0.75):
        parts.append(f'<line x1="{pad + t * plot}" y1="10" x2="{pad + t * plot}" y2="{10 + plot}" stroke="{GRID}"/>')
        parts.append(f'<line x1="{pad}" y1="{10 + plot - t * plot}" x2="{pad + plot}" y2="{10 + plot - t * plot}" '
                     f'stroke="{GRID}"/>')
    for t in (0, 0.5, 1):
        parts.append(_text(pad + t * plot, 26 + plot, f"{t:.0%}", "middle", 11))
        parts.append(_text(pad - 6, 14 + plot - t * plot, f"{t:.0%}", "end", 11))
    parts.append(f'<line x1="{pad}" y1="{10 + plot}" x2="{pad + plot}" y2="10" stroke="#555" stroke-dasharray="5 4"/>')
    parts.append(_text(pad + plot - 6, 10 + plot - 8, "dashed line: well calibrated", "end", 11, fill="#444"))
    parts.append(_text(pad + plot / 2, size - 6, "How sure students said they were", "middle"))
    parts.append(f'<text x="14" y="{10 + plot / 2}" transform="rotate(-90 14 {10 + plot / 2})" text-anchor="middle" '
                 f'font-size="12" fill="{INK}">Share of verdicts right</text>')
    previous = None
    biggest = max((n for _, _, n in points), default=1) or 1
    for conf, right, _n in points:
        x, y = pad + conf * plot, 10 + plot - right * plot
        if previous:
            parts.append(f'<line x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                         f'stroke="{COLOURS["blue"]}" stroke-width="2"/>')
        previous = (x, y)
    for i, (conf, right, n) in enumerate(points):
        x, y = pad + conf * plot, 10 + plot - right * plot
        r = 4 + 6 * (n / biggest) ** 0.5
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{COLOURS["blue"]}" stroke="#fff">'
                     f'<title>{conf:.0%} sure: {right:.0%} right ({n} verdicts)</title></circle>')
        dy = -r - 6 if i % 2 == 0 else r + 14  # alternate above and below so neighbouring labels do not collide
        parts.append(_text(x, y + dy, f"{right:.0%}", "middle", 11, "bold"))
    return figure("".join(parts), size + 60, size, title, desc, caption)


def dots_ci(rows: Sequence[tuple[str, float | None, tuple[float, float] | None, str]], title: str, desc: str,
            caption: str = "", lo: float = -1.0, hi: float = 1.0, width: int = 960, label_width: int = 260) -> str:
    """One dot per row with its 95% interval as a line; the value is written beside it. A zero line."""
    row_h, top, plot = 34, 10, width - label_width - 330
    height = top + row_h * len(rows) + 30

    def at(v: float) -> float:
        return label_width + (min(hi, max(lo, v)) - lo) / (hi - lo) * plot

    parts = [f'<line x1="{at(0):.1f}" y1="{top}" x2="{at(0):.1f}" y2="{height - 26}" stroke="#555" '
             'stroke-dasharray="4 3"/>'] if lo < 0 < hi else []
    for i, (label, value, ci, text) in enumerate(rows):
        y = top + i * row_h + row_h / 2
        parts.append(_text(label_width - 8, y + 4, label, "end"))
        if ci is not None:
            parts.append(f'<line x1="{at(ci[0]):.1f}" y1="{y}" x2="{at(ci[1]):.1f}" y2="{y}" '
                         f'stroke="{COLOURS["blue"]}" '
                         'stroke-width="3"/>')
            for end in ci:
                parts.append(f'<line x1="{at(end):.1f}" y1="{y - 6}" x2="{at(end):.1f}" y2="{y + 6}" '
                             f'stroke="{COLOURS["blue"]}" '
                             'stroke-width="2"/>')
        if value is not None:
            parts.append(f'<circle cx="{at(value):.1f}" cy="{y}" r="6" fill="{COLOURS["vermillion"]}" stroke="#fff"/>')
        parts.append(_text(label_width + plot + 10, y + 4, text))
    axis = top + row_h * len(rows) + 4
    parts.append(f'<line x1="{label_width}" y1="{axis}" x2="{label_width + plot}" y2="{axis}" stroke="#555"/>')
    for tick in np.linspace(lo, hi, 5):
        parts.append(_text(at(tick), axis + 15, f"{tick:+.1f}" if tick else "0", "middle", 11))
    return figure("".join(parts), width, height, title, desc, caption)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
