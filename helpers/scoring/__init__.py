"""Layer 3, scoring: pure functions from answers and a key to numbers (no I/O of their own, no display).

``spans`` is the SemEval-2020 Task 11 partial-overlap measure, ``labels`` the part credit for a near-miss
label, ``checks`` the verdict, evidence, discernment and calibration measures, ``markdown`` the escaping
every feedback text uses.
"""

from .checks import CheckScore, ChecksScore, score_checks, verdict_credit
from .labels import claim_near_miss, device_near_miss, family_of
from .markdown import escape_md, quoted_md
from .spans import Scored, SpanGuess, SpanMatch, guesses_from_items, score_spans

__all__ = [
    "CheckScore", "ChecksScore", "Scored", "SpanGuess", "SpanMatch", "claim_near_miss", "device_near_miss",
    "escape_md", "family_of", "guesses_from_items", "quoted_md", "score_checks", "score_spans", "verdict_credit",
]
