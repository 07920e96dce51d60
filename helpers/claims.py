"""Notebook 02's summaries: the student's claim tags per paragraph, as a table and a chart, and
"check my work" against the key when the key is part of this copy of the kit.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown
from matplotlib.figure import Figure

from .charts import counts_per_paragraph, plot_counts_per_paragraph
from .feedback import claims_feedback
from .key import claims_key
from .scoring import claim_near_miss, guesses_from_items, score_spans
from .tagging import ClaimTagger

__all__ = ["check_claims", "claims_per_paragraph", "plot_claims"]


def claims_per_paragraph(tagger: ClaimTagger) -> pd.DataFrame:
    """How many claims of each type the student tagged in each paragraph."""
    return counts_per_paragraph(tagger.records(), tagger.labels, len(tagger.case.paragraphs))


def plot_claims(tagger: ClaimTagger) -> Figure:
    """A stacked bar chart of the student's claim tags per paragraph."""
    return plot_counts_per_paragraph(claims_per_paragraph(tagger), tagger.labels, "Claims you tagged, by paragraph")


def check_claims(tagger: ClaimTagger) -> Markdown:
    """Feedback on the tags so far, against ``key/claims.csv``; says so plainly when the key is absent."""
    key = claims_key(tagger.case)
    if key is None:
        return Markdown(
            "**The answer key is not part of this copy of the kit**, so there is nothing to check against here. "
            "Your teacher has it and will go through the claims with the class."
        )
    if not tagger.widget.spans:
        return Markdown("You have not tagged anything yet: tag some claims above, then run this cell again.")
    scored = score_spans(guesses_from_items(tagger.widget.spans), key, claim_near_miss)
    return Markdown(claims_feedback(tagger.case, scored, for_student=True))
