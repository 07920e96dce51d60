"""Charts of a student's tags, readable without colour: every bar is labelled in text and hatched.

Why: students learn from seeing where an article's claims cluster, and charts must work for
colour-blind readers and in a grayscale printout, so colours come from Okabe & Ito's palette and each
series also has a hatch pattern and count labels.
"""

from __future__ import annotations

import base64
import html
import io
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from ..case.model import Case
from ..case.taxonomy import Label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Tagged", "counts_per_paragraph", "plot_counts_per_paragraph", "pyplot"]


class Tagged(Protocol):
    """What a chart of tags needs from a tagging widget: its case, its labels and its tags as flat records."""

    case: Case
    labels: tuple[Label, ...]

    def records(self) -> list[dict[str, Any]]: ...


def pyplot() -> ModuleType:
    """``matplotlib.pyplot``, imported on the first chart: it is slow to load, and only a chart needs it."""
    import matplotlib.pyplot as plt  # imported here on purpose (lazy loading of a heavy library)

    _show_charts_with_alt_text()
    return plt


def chart_alt(fig: Any) -> str:
    """A chart's text alternative: its titles and axis labels in words (screen readers read it for the image)."""
    parts = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
    for ax in fig.axes:
        bits = [ax.get_title(), ax.get_ylabel() and f"up the side: {ax.get_ylabel()}",
                ax.get_xlabel() and f"along the bottom: {ax.get_xlabel()}"]
        parts.append(", ".join(b for b in bits if b))
    described = "; ".join(p for p in parts if p)
    return f"Chart. {described}." if described else "Chart."


def _figure_html(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<img class="mlkit-chart" alt="{html.escape(chart_alt(fig), quote=True)}" '
            f'src="data:image/png;base64,{data}" style="max-width:100%">')


def _show_charts_with_alt_text() -> None:
    """In a notebook, show each figure as an image with a text alternative (WCAG 1.1.1): front ends render a
    plain PNG output without any ``alt``, which axe reports; an HTML image can carry one."""
    try:
        from IPython import get_ipython  # imported here: only a running notebook shows charts
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib.figure import Figure  # imported here: charts only

    try:  # load the backend now: matplotlib loads it with the first figure, and the inline backend then
        import matplotlib.pyplot as plt  # imported here: charts only (already loaded by the caller)

        plt._get_backend_mod()  # resets the figure formatters, so it must come before ours
    except AttributeError:
        pass
    shell.display_formatter.formatters["text/html"].for_type(Figure, _figure_html)


def counts_per_paragraph(records: list[dict], labels: tuple[Label, ...], paragraphs: int) -> pd.DataFrame:
    """A paragraph × label table of how many tags each paragraph has, with a Total column. The headline (0)
    and standfirst (-1) get rows, first, only when something in them is tagged."""
    names = [label.name for label in labels]
    parts = [n for n in (0, -1) if any(record["paragraph"] == n for record in records)]
    index = pd.Index([*parts, *range(1, paragraphs + 1)], name="paragraph")
    table = pd.DataFrame(0, index=index, columns=names)
    by_id = {label.id: label.name for label in labels}
    for record in records:
        name = by_id.get(record["label"])
        if name is not None and record["paragraph"] in table.index:
            table.loc[record["paragraph"], name] += 1
    table["Total"] = table[names].sum(axis=1)
    return table


def plot_counts_per_paragraph(table: pd.DataFrame, labels: tuple[Label, ...], title: str) -> Figure:
    """Stacked bars of tags per paragraph, colour plus hatching plus a count on each segment."""
    fig, ax = pyplot().subplots(figsize=(8.5, 4.2), layout="constrained")
    bottom = pd.Series(0, index=table.index, dtype=float)
    x = list(range(len(table.index)))  # bar positions; the ticks name the headline and standfirst in words
    for label in labels:
        values = table[label.name] if label.name in table else pd.Series(0, index=table.index)
        if values.sum() == 0:
            continue
        bars = ax.bar(
            x,
            values,
            bottom=bottom,
            color=label.color,
            hatch=label.hatch,
            edgecolor="#222222",
            linewidth=0.6,
            label=label.name,
        )
        ax.bar_label(
            bars,
            labels=[str(int(v)) if v else "" for v in values],
            label_type="center",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )
        bottom += values
    total = int(table["Total"].sum()) if "Total" in table else int(bottom.sum())
    ax.set_xticks(x, [{0: "Headline", -1: "Standfirst"}.get(int(n), str(n)) for n in table.index])
    ax.set_xlabel("Paragraph of the article")
    ax.set_ylabel("Number of tags")
    ax.set_title(f"{title} ({total} in all)")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    if total:
        ax.legend(title="Label", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    else:
        ax.set_ylim(0, 1)
        ax.text(
            0.5,
            0.5,
            "Nothing tagged yet: tag some passages above, then run this cell again.",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=11,
        )
    return fig
