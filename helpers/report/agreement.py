"""Agreement among students per label: Krippendorff's alpha over characters, from the class's counters.

Why alpha: it corrects agreement for chance, works for any number of students, and is the measure of
content-analysis research. Each character of the article is a unit; each student who did the activity
codes it "in" or "out" of a span with the label (nominal level). Because every such student codes every
character, the alpha needs only how many students put each character in and out, which the streaming
``SpanTally`` already keeps: the ``krippendorff`` package takes these as ``value_counts``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import krippendorff
import numpy as np

__all__ = ["EXPLANATION", "Agreement", "alpha_from_counts"]

EXPLANATION = (
    "Krippendorff's alpha says how far students agree on which words carry a label, beyond what chance "
    "would give: 1 means everyone marked exactly the same words, 0 means no more agreement than chance, "
    "and below 0 means systematic disagreement. Researchers trust a coding scheme from about 0.8, and "
    "draw tentative conclusions from 0.67; a class learning a label usually scores far lower."
)


@dataclass(frozen=True)
class Agreement:
    """Alpha for one label (``None`` when it cannot be computed: fewer than two students, or no variation)."""

    label: str
    name: str
    alpha: float | None
    students_using: int


def alpha_from_counts(value_counts: np.ndarray) -> float | None:
    """Nominal Krippendorff's alpha from per-unit counts of each value (rows: units; columns: values)."""
    counts = np.asarray(value_counts, dtype=float)
    if counts.size == 0 or counts.sum(axis=1).max(initial=0) < 2:
        return None
    if np.count_nonzero(counts.sum(axis=0)) < 2:  # one value everywhere: expected disagreement is zero
        return None
    value = float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal"))
    return None if math.isnan(value) else value
