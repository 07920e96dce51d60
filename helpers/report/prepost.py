"""Did it work? A matched pre- and post-check: the item bank's format, per-student scoring, the class's change.

Why this design: a class that "calls everything flawed" after a unit on misleading claims has learned
suspicion, not discernment, so each form is scored like a signal-detection task (hits on flawed items
against false alarms on sound ones), and confidence is scored for calibration. The change is reported
with a bootstrap 95% interval over students, so a class of 12 does not read noise as progress.

The item bank (``<case>/prepost.csv``) and its checks are case data: ``helpers/case/prepost.py``.

Answers (answer-schema activities ``pre-check`` in notebook 00 and ``post-check`` in notebook 05): items
``{"id": <item id>, "verdict": "sound" | "flawed", "confidence": 0.5 ... 1.0}``, where confidence is how
sure the student is that their own rating is right (0.5 = a guess).

Per student and form, over the items answered:
    hit rate H = flawed items rated flawed / flawed items answered
    false-alarm rate F = sound items rated flawed / sound items answered
    discernment = H − F   (undefined unless at least one flawed and one sound item was answered)
    Brier = mean of (confidence − right)², right = 1 when the rating matches the key (0 is perfect)
Class change = mean over students with both forms of (post − pre), with a percentile bootstrap 95%
interval (2,000 resamples of students, fixed seed so the page is reproducible).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .inputs import VERDICTS, Item, load_items

__all__ = ["FormScore", "Item", "PrePostTally", "bootstrap_mean_ci", "load_items", "score_form"]


@dataclass(frozen=True)
class FormScore:
    """One student's score on one form."""

    answered: int
    hits: int
    flawed: int
    false_alarms: int
    sound: int
    brier: float | None

    @property
    def discernment(self) -> float | None:
        if not self.flawed or not self.sound:
            return None
        return self.hits / self.flawed - self.false_alarms / self.sound


def score_form(answers: list[dict[str, Any]], items: dict[str, Item]) -> FormScore:
    """Score a record's items against the bank (see the module docstring); unknown ids are ignored."""
    hits = flawed = false_alarms = sound = 0
    squares: list[float] = []
    seen: set[str] = set()
    for answer in answers:
        item = items.get(str(answer.get("id", "")))
        rating = answer.get("verdict")
        if item is None or item.id in seen or rating not in VERDICTS:
            continue
        seen.add(item.id)
        said_flawed = rating == "flawed"
        if item.verdict == "flawed":
            flawed += 1
            hits += said_flawed
        else:
            sound += 1
            false_alarms += said_flawed
        confidence = answer.get("confidence")
        if isinstance(confidence, int | float) and not isinstance(confidence, bool):
            squares.append((min(1.0, max(0.0, float(confidence))) - (1.0 if rating == item.verdict else 0.0)) ** 2)
    return FormScore(len(seen), hits, flawed, false_alarms, sound, sum(squares) / len(squares) if squares else None)


def bootstrap_mean_ci(values: list[float], resamples: int = 2000, seed: int = 0) -> tuple[float, float] | None:
    """Percentile bootstrap 95% interval of the mean of ``values`` (``None`` for fewer than two values)."""
    if len(values) < 2:
        return None
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(rng.choices(values, k=n)) / n for _ in range(resamples))
    return means[int(0.025 * resamples)], means[min(resamples - 1, int(0.975 * resamples))]


@dataclass
class PrePostTally:
    """Streaming pre/post scores: a few numbers per student, counts per item."""

    items: tuple[Item, ...]
    pre: list[FormScore] = field(default_factory=list)
    post: list[FormScore] = field(default_factory=list)
    paired_discernment: list[float] = field(default_factory=list)
    paired_brier: list[float] = field(default_factory=list)
    item_answered: Counter[str] = field(default_factory=Counter)
    item_right: Counter[str] = field(default_factory=Counter)

    def add(self, pre: dict[str, Any] | None, post: dict[str, Any] | None) -> None:
        """Score one student's pre and post records (either may be missing)."""
        by_id = {i.id: i for i in self.items}
        scores: dict[str, FormScore] = {}
        for form, record in (("pre", pre), ("post", post)):
            if record is None:
                continue
            bank = {k: v for k, v in by_id.items() if v.form == form}
            score = score_form(record.get("items", []), bank)
            if not score.answered:
                continue
            scores[form] = score
            (self.pre if form == "pre" else self.post).append(score)
            for answer in record.get("items", []):
                item = bank.get(str(answer.get("id", "")))
                if item is not None and answer.get("verdict") in VERDICTS:
                    self.item_answered[item.id] += 1
                    self.item_right[item.id] += answer["verdict"] == item.verdict
        if "pre" in scores and "post" in scores:
            a, b = scores["pre"].discernment, scores["post"].discernment
            if a is not None and b is not None:
                self.paired_discernment.append(b - a)
            x, y = scores["pre"].brier, scores["post"].brier
            if x is not None and y is not None:
                self.paired_brier.append(y - x)

    @staticmethod
    def mean(values: list[float]) -> float | None:
        return sum(values) / len(values) if values else None

    def form_mean(self, form: str, what: str) -> float | None:
        """The class's mean discernment or Brier score on a form."""
        scores = self.pre if form == "pre" else self.post
        values = [v for v in (getattr(s, what) for s in scores) if v is not None]
        return self.mean(values)

