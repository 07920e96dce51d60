"""Notebook 02's summaries: the student's claim tags per paragraph, as a table and a chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .charts import Tagged, counts_per_paragraph, plot_counts_per_paragraph

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["count_claims", "plot_claims"]


def count_claims(tagger: Tagged) -> pd.DataFrame:
    """How many claims of each type the student tagged in each paragraph."""
    return counts_per_paragraph(tagger.records(), tagger.labels, len(tagger.case.paragraphs))


def plot_claims(tagger: Tagged) -> Figure:
    """A stacked bar chart of the student's claim tags per paragraph."""
    return plot_counts_per_paragraph(count_claims(tagger), tagger.labels, "Claims you tagged, by paragraph")
