"""Notebook 04's charts: devices you tagged beside the key, families by paragraph, loaded-word density, the rewrite.

Why: counts make patterns visible (an article that leans on loaded language, a closing paragraph where
every family turns up). Every chart works without colour: series are hatched and labelled in text,
colours come from Okabe & Ito's palette, the heatmap uses a sequential map with its counts written in
each cell, and an empty answer draws a "nothing yet" note instead of failing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import pandas as pd
from IPython.display import HTML

from ..activities.rewrite import loaded_rows, rewrite_counts
from ..case.key import devices_key
from ..case.model import Case
from ..case.palette import COLOURS
from ..case.taxonomy import load_device_families, load_devices
from ..scoring.labels import family_of
from .charts import Tagged, pyplot
from .style import left_out

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["count_loaded_words", "device_counts", "families_per_paragraph", "plot_device_counts",
           "plot_family_heatmap", "plot_loaded_density", "plot_rewrite"]

# (colour, hatch) of each series, from the Okabe–Ito palette: blue and orange, vermillion and sky blue.
YOU, KEY = (COLOURS["blue"], ""), (COLOURS["orange"], "//")
BEFORE, AFTER = (COLOURS["vermillion"], "//"), (COLOURS["sky-blue"], "..")


class Rewritten(Protocol):
    """What the before/after chart needs from the rewrite widget."""

    paragraph: int
    original: str
    rewrite: str
NOTHING_TAGGED = "Nothing tagged yet: tag some devices in the article above, then run this cell again."
_BOX = {"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#555555"}


def _note(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=11, wrap=True, bbox=_BOX)


def _tidy(ax: Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)


def device_counts(tagger: Tagged) -> pd.DataFrame:
    """Per device (taxonomy order, grouped by family): how often you tagged it, and how often the key does."""
    order = [d for f in load_device_families() for d in load_devices() if d.extra.get("family") == f.id]
    table = pd.DataFrame(0, index=pd.Index([d.name for d in order], name="device"), columns=["you"])
    table["family"] = [d.extra.get("family", "") for d in order]
    names = {d.id: d.name for d in order}
    for record in tagger.records():
        if record["label"] in names:
            table.loc[names[record["label"]], "you"] += 1
    key = devices_key(tagger.case)
    switches = getattr(tagger, "switches", None)  # a teacher's class file: count only the key the student saw
    if key is not None and switches is not None:
        key = switches.shown_key(key, palette=True)
    if key is not None:
        table["key"] = 0
        for span in key:
            if span.label in names:
                table.loc[names[span.label], "key"] += 1
    return table


def plot_device_counts(tagger: Tagged) -> Figure:
    """Grouped horizontal bars: each device you tagged, beside the key's count (the key only if present)."""
    table = device_counts(tagger)
    has_key = "key" in table
    total = int(table["you"].sum())
    shown = table[(table[["you", "key"] if has_key else ["you"]].sum(axis=1) > 0)] if total else table.iloc[:0]
    fig, ax = pyplot().subplots(figsize=(8.5, max(3.0, 1.6 + 0.42 * len(shown))), layout="constrained")
    title = "Devices you tagged" + (", beside the answer key" if has_key else "") + f" ({total} tags)"
    if not has_key:
        title += "\nThe answer key is not part of this copy of the kit, so only your tags are shown."
    ax.set_title(title, pad=22 if total else 6)
    ax.set_xlabel("Number of tags")
    _tidy(ax)
    if not total:
        ax.set_yticks([])
        ax.set_xticks([])
        _note(ax, NOTHING_TAGGED)
        return fig
    positions = list(range(len(shown)))
    height = 0.4 if has_key else 0.6
    series = [("you", "Your tags", YOU, -height / 2 if has_key else 0.0)]
    if has_key:
        series.append(("key", "Answer key", KEY, height / 2))
    for column, legend, (colour, hatch), offset in series:
        bars = ax.barh([p + offset for p in positions], shown[column], height=height, color=colour, hatch=hatch,
                       edgecolor="#222222", linewidth=0.6, label=legend)
        ax.bar_label(bars, labels=[str(int(v)) for v in shown[column]], padding=3, fontsize=9)
    # Faint bands mark the families, named at the right, so the grouping does not rely on colour.
    names = {f.id: f.name for f in load_device_families()}
    groups: list[list] = []  # [family, first row, last row]
    for row, family in enumerate(shown["family"]):
        if groups and groups[-1][0] == family:
            groups[-1][2] = row
        else:
            groups.append([family, row, row])
    for n, (family, first, last) in enumerate(groups):
        if n % 2 == 0:
            ax.axhspan(first - 0.5, last + 0.5, color="#f0f0f0", zorder=0)
        ax.text(0.99, (first + last) / 2, names.get(family, ""), transform=ax.get_yaxis_transform(),
                ha="right", va="center", fontsize=8, style="italic", color="#333333")
    ax.set_yticks(positions, list(shown.index))
    ax.invert_yaxis()
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, max(1, int(shown[[s[0] for s in series]].max().max())) * 1.6)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, frameon=False, fontsize=9)
    return fig


def families_per_paragraph(tagger: Tagged) -> pd.DataFrame:
    """A family × paragraph table of how many of your tags fall in each (rows in family order); the headline (0)
    and the standfirst (-1) come first when the article has them, since they can be tagged too."""
    families = load_device_families()
    case = tagger.case
    parts = [0] + ([-1] if case.dek else []) + list(range(1, len(case.paragraphs) + 1))
    table = pd.DataFrame(0, index=pd.Index([f.name for f in families], name="family"),
                         columns=pd.Index(parts, name="paragraph"))
    names = {f.id: f.name for f in families}
    for record in tagger.records():
        family = names.get(family_of(record["label"]))
        if family is not None and record["paragraph"] in table.columns:
            table.loc[family, record["paragraph"]] += 1
    return table


_TICKS = {0: "H", -1: "S"}  # short enough for a column; the axis label says what they stand for


def plot_family_heatmap(tagger: Tagged) -> Figure | HTML:
    """A heatmap of your tags: device families down the side, paragraphs along the bottom, counts in each cell."""
    if (note := left_out("family-heatmap")) is not None:
        return note
    table = families_per_paragraph(tagger)
    values = table.to_numpy()
    top = int(values.max()) if values.size else 0
    fig, ax = pyplot().subplots(figsize=(9, 3.8), layout="constrained")
    image = ax.imshow(values, cmap="Blues", vmin=0, vmax=max(1, top), aspect="auto")
    for row in range(values.shape[0]):
        for col in range(values.shape[1]):
            count = int(values[row, col])
            dark = top and count > 0.55 * top
            ax.text(col, row, str(count), ha="center", va="center", fontsize=9,
                    color="white" if dark else ("#111111" if count else "#888888"))
    ax.set_xticks(range(values.shape[1]), [_TICKS.get(c, str(c)) for c in table.columns])
    ax.set_yticks(range(values.shape[0]), list(table.index))
    ax.set_xlabel("Paragraph of the article  (H = headline, S = standfirst)")
    ax.set_title(f"Where each family of devices appears in your tags ({int(values.sum())} tags)")
    fig.colorbar(image, ax=ax, label="Tags in the cell", shrink=0.85).ax.yaxis.get_major_locator().set_params(
        integer=True)
    if not top:
        _note(ax, NOTHING_TAGGED)
    return fig


PLAIN_HEADERS = {"loaded": "loaded words", "per_100_words": "per 100 words", "terms": "which words"}


def count_loaded_words(case: Case) -> pd.DataFrame | HTML:
    """Per paragraph: words, loaded words, loaded words per 100 words, and the terms found."""
    if (note := left_out("loaded-words")) is not None:
        return note
    # plain headers, and one header row (the paragraph numbers named in the corner)
    return loaded_table(case).rename(columns=PLAIN_HEADERS).rename_axis(index=None, columns="paragraph")


def loaded_table(case: Case) -> pd.DataFrame:
    columns = ["paragraph", "words", "loaded", "per_100_words", "terms"]
    return pd.DataFrame(loaded_rows(case), columns=columns).set_index("paragraph")


def plot_loaded_density(case: Case) -> Figure | HTML:
    """Loaded words per 100 words in each paragraph, with the article's average: where the temperature rises."""
    if (note := left_out("loaded-words")) is not None:
        return note
    table = loaded_table(case)
    fig, ax = pyplot().subplots(figsize=(8.5, 4.4), layout="constrained")
    colour, hatch = BEFORE
    bars = ax.bar(table.index, table["per_100_words"], color=colour, hatch=hatch, edgecolor="#222222", linewidth=0.6,
                  label="Loaded words per 100 words")
    ax.bar_label(bars, labels=[f"{d:.1f}\n({n})" for d, n in zip(table["per_100_words"], table["loaded"], strict=True)],
                 padding=2, fontsize=8)
    words = int(table["words"].sum())
    average = 100 * table["loaded"].sum() / words if words else 0.0
    ax.axhline(average, color=COLOURS["black"], linestyle="--", linewidth=1,
               label=f"Whole article: {average:.1f} per 100 words")
    ax.set_xticks(list(table.index))
    ax.set_xlabel("Paragraph of the article  (in brackets: how many loaded words)")
    ax.set_ylabel("Loaded words per 100 words")
    ax.set_title("Where the temperature rises: loaded words per paragraph")
    ax.set_ylim(0, max(1.0, float(table["per_100_words"].max())) * 1.3)
    ax.legend(loc="upper right", fontsize=9)
    _tidy(ax)
    if table["loaded"].sum():
        hottest = int(table["per_100_words"].idxmax())
        bars[list(table.index).index(hottest)].set_edgecolor(COLOURS["black"])
        bars[list(table.index).index(hottest)].set_linewidth(2.5)
        ax.set_title(f"Where the temperature rises: loaded words per paragraph\n"
                     f"Hottest, ¶{hottest} (thick outline): {table.loc[hottest, 'terms']}")
    else:
        _note(ax, "No words from the loaded-word list in this text.")
    return fig


def plot_rewrite(exercise: Rewritten) -> Figure | HTML:
    """Before/after bars for the paragraph being rewritten: loaded words and each signal, original and rewrite."""
    if (note := left_out("rewrite")) is not None:
        return note
    terms = getattr(exercise, "terms", None)  # the case's loaded words, when the exercise knows its case
    before, after = rewrite_counts(exercise.original, terms), rewrite_counts(exercise.rewrite, terms)
    names = list(before)
    written = bool(exercise.rewrite.strip())
    fig, ax = pyplot().subplots(figsize=(8.5, 4.2), layout="constrained")
    positions = list(range(len(names)))
    height = 0.38
    series = [("Original", before, BEFORE, -height / 2 if written else 0.0)]
    if written:
        series.append(("Your rewrite", after, AFTER, height / 2))
    for legend, counts, (colour, hatch), offset in series:
        values = [counts[n] for n in names]
        bars = ax.barh([p + offset for p in positions], values, height=height, color=colour, hatch=hatch,
                       edgecolor="#222222", linewidth=0.6, label=legend)
        ax.bar_label(bars, labels=[str(v) for v in values], padding=3, fontsize=9)
    ax.set_yticks(positions, names)
    ax.invert_yaxis()
    ax.set_xlabel("How many in the paragraph")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, max(1, *before.values(), *after.values()) * 1.3)
    title = f"Paragraph {exercise.paragraph}: before and after your rewrite"
    if not written:
        title += "\nNothing written yet: write your rewrite above, then run this cell again."
    ax.set_title(title)
    ax.legend(loc="lower right")
    _tidy(ax)
    return fig
