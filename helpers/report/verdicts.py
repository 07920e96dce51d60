"""The class's verdicts on the key's checkable claims: distributions, discernment and calibration.

Why reuse the grader's scoring: a teacher must see the same "correct" in the report as in the gradebook,
so each student's checks go through ``score_checks`` (see ``helpers/checks_grading.py`` for verdict
credit, hits and false alarms) and only the counts are kept. A verdict counts as right when the grader
calls it correct (the key's verdict or an accepted one).

- Class discernment = pooled hit rate − pooled false-alarm rate: (all hits / all flawed claims checked)
  − (all false alarms / all sound claims checked), with the mean of each student's own discernment beside it.
- Calibration: checks grouped by stated confidence into five bins (0–0.2 … 0.8–1); the reliability
  diagram plots each bin's mean confidence against its share of right verdicts (on the diagonal = well
  calibrated; below it = over-confident).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from ..record.types import CheckItem
from .inputs import Case, KeySpan, claims_key, key_verdict_ids, score_checks

__all__ = ["BINS", "ClaimVerdicts", "VerdictTally"]

BINS = 5


@dataclass
class ClaimVerdicts:
    """The class's verdicts on one key claim."""

    key: KeySpan
    verdict: str
    accepted: tuple[str, ...]
    counts: Counter[str] = field(default_factory=Counter)
    confidence_sum: dict[str, float] = field(default_factory=dict)
    confidence_n: Counter[str] = field(default_factory=Counter)
    right: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def mean_confidence(self, verdict: str) -> float | None:
        n = self.confidence_n[verdict]
        return self.confidence_sum.get(verdict, 0.0) / n if n else None


class VerdictTally:
    """Streaming counts of the class's committed checks."""

    def __init__(self, case: Case) -> None:
        self.case = case
        key = claims_key(case) or ()
        self.claims = {k.id: ClaimVerdicts(k, *key_verdict_ids(k)[:2]) for k in key if k.row.get("verdict")}
        self.students = 0  # students with at least one committed check
        self.checked = 0
        self.unmatched = 0
        self.hits = self.flawed = self.false_alarms = self.sound = 0
        self.discernments: list[float] = []  # one float per student: small, kept for the mean
        self.bin_n = [0] * BINS
        self.bin_right = [0] * BINS
        self.bin_confidence = [0.0] * BINS
        self.brier_sum = 0.0
        self.brier_n = 0

    def add(self, items: list[dict[str, Any]]) -> None:
        """Count one student's check items."""
        scored = score_checks(cast(list[CheckItem], items), self.case)
        if scored is None or not scored.checked:
            return
        self.students += 1
        self.checked += scored.checked
        self.unmatched += len(scored.unmatched)
        self.hits += scored.hits
        self.flawed += scored.flawed
        self.false_alarms += scored.false_alarms
        self.sound += scored.sound
        if scored.discernment is not None:
            self.discernments.append(scored.discernment)
        for s in scored.scored:
            claim = self.claims.get(s.key.id)
            if claim is None:
                continue
            verdict = str(s.item.get("verdict", ""))
            claim.counts[verdict] += 1
            claim.right += s.correct
            confidence = s.item.get("confidence")
            if isinstance(confidence, int | float) and not isinstance(confidence, bool):
                c = min(1.0, max(0.0, float(confidence)))
                claim.confidence_sum[verdict] = claim.confidence_sum.get(verdict, 0.0) + c
                claim.confidence_n[verdict] += 1
                b = min(BINS - 1, int(c * BINS))
                self.bin_n[b] += 1
                self.bin_right[b] += s.correct
                self.bin_confidence[b] += c
                self.brier_sum += (c - (1.0 if s.correct else 0.0)) ** 2
                self.brier_n += 1

    # ---- what the report reads ---------------------------------------------------------------------------------
    @property
    def hit_rate(self) -> float | None:
        return self.hits / self.flawed if self.flawed else None

    @property
    def false_alarm_rate(self) -> float | None:
        return self.false_alarms / self.sound if self.sound else None

    @property
    def discernment(self) -> float | None:
        h, f = self.hit_rate, self.false_alarm_rate
        return None if h is None or f is None else h - f

    @property
    def mean_student_discernment(self) -> float | None:
        return sum(self.discernments) / len(self.discernments) if self.discernments else None

    @property
    def brier(self) -> float | None:
        return self.brier_sum / self.brier_n if self.brier_n else None

    def reliability(self) -> list[tuple[str, int, float | None, float | None]]:
        """Per confidence bin: its range, how many checks, their mean confidence and share right."""
        rows = []
        for b in range(BINS):
            n = self.bin_n[b]
            label = f"{b / BINS:.0%}–{(b + 1) / BINS:.0%}"
            rows.append((label, n, self.bin_confidence[b] / n if n else None, self.bin_right[b] / n if n else None))
        return rows

    def disputed(self, threshold: float = 0.5, min_checked: int = 3) -> list[ClaimVerdicts]:
        """Key claims on which most of the students who checked them gave a verdict the key does not accept."""
        return [c for c in self.claims.values()
                if c.total >= min_checked and (c.total - c.right) > threshold * c.total]
