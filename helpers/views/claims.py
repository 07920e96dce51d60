"""Notebook 02's summaries: the student's claim tags per paragraph, as a table and a chart."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd
from IPython.display import HTML

from ..case.article import place_short
from .charts import Tagged, counts_per_paragraph, plot_counts_per_paragraph
from .style import styled, swatch

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["count_claims", "plot_claims", "show_tags"]


def count_claims(tagger: Tagged) -> pd.DataFrame:
    """How many claims of each type the student tagged in each paragraph (the paragraph numbers as the index,
    named in the header's corner so the table has one header row)."""
    table = counts_per_paragraph(tagger.records(), tagger.labels, len(tagger.case.paragraphs))
    return table.rename_axis(index=None, columns="paragraph")


def plot_claims(tagger: Tagged) -> Figure:
    """A stacked bar chart of the student's claim tags per paragraph."""
    return plot_counts_per_paragraph(count_claims(tagger), tagger.labels, "Claims you tagged, by paragraph")


def _where(number: int) -> str:
    """The table's first cell: the paragraph's number, or the headline or standfirst by name."""
    return str(number) if number >= 1 else place_short(number)


def show_tags(tagger: Tagged) -> HTML:
    """The student's tags as a readable table in reading order: paragraph, the words, the label (and, for
    devices, its family). Words and labels only: no offsets or ids (``tagger.to_dataframe()`` has those)."""
    records = tagger.records()
    if not records:
        return HTML(styled('<p class="mlkit-empty"><i>Nothing tagged yet: tag the article above, then run this '
                           "cell again.</i></p>"))
    colours = {label.id: label.color for label in tagger.labels}
    family = any("family" in r for r in records)
    rows = "".join(
        f"<tr><td>{_where(r['paragraph'])}</td><td>“{html.escape(str(r['quote']))}”</td>"
        f"<td>{swatch(colours.get(r['label'], '#999'))} {html.escape(str(r['label_name']))}</td>"
        + (f"<td>{html.escape(str(r.get('family', '')))}</td>" if family else "") + "</tr>"
        for r in records)
    head = ("<tr><th>Paragraph</th><th>What you highlighted</th><th>Your label</th>"
            + ("<th>Family</th>" if family else "") + "</tr>")
    n = len({r["quote"] for r in records})
    tags = f"{len(records)} tag{'s' if len(records) != 1 else ''}"
    caption = f"<caption>{tags} on {n} passage{'s' if n != 1 else ''}</caption>"
    return HTML(styled(f'<table class="mlkit-table mlkit-tags">{caption}{head}{rows}</table>'))
