"""What the graded span score (``span_grade``) reports: per key item, per tag, and for the whole activity.

Why a module of its own: feedback, the gradebook and the one-pass grader (``span_measures``) all read these
results, while only ``span_grade`` works them out; the formula's home stays about the formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

__all__ = ["FOUND", "FairScore", "GradedTag", "ItemResult"]

# A key item counts as "found" in feedback when the best tag's fit (labels aside) reaches this.
FOUND = 0.5


@dataclass(frozen=True)
class ItemResult:
    """How well one key item was found: the best tag, its fit (labels aside) and its credit (labels in)."""

    key_id: str
    core: bool
    fit: float
    credit: float
    best_tag: int | None  # index into the de-duplicated tags

    @property
    def found(self) -> bool:
        """Marked closely enough to say "you found it", whatever the label."""
        return self.fit >= FOUND

    @property
    def labelled_right(self) -> bool:
        """Found, and with the key's label or one it accepts."""
        return self.found and self.credit >= self.fit


@dataclass(frozen=True)
class GradedTag:
    """One of the student's tags (exact repeats dropped): the key item it was given to, if any, and its credit."""

    paragraph: int
    start: int
    end: int
    label: str
    key_id: str | None
    fit: float
    credit: float


@dataclass(frozen=True)
class FairScore:
    """The score and everything feedback and the gradebook report about it."""

    score: float
    coverage: float
    core_coverage: float
    extra_coverage: float
    precision: float
    misses: float
    penalty: float
    items: tuple[ItemResult, ...]
    tags: int  # after exact repeats were dropped
    repeats: int  # exact repeats dropped
    off_key: int  # tags that fit no key item
    groups: int
    graded_tags: tuple[GradedTag, ...] = ()

    @cached_property
    def core_total(self) -> int:
        """How many core items the key has."""
        return sum(1 for item in self.items if item.core)

    @cached_property
    def core_found(self) -> int:
        """How many core items the student found (any label)."""
        return sum(1 for item in self.items if item.core and item.fit >= FOUND)  # ``found``, inline

    @cached_property
    def core_labelled_right(self) -> int:
        """How many core items the student found with a label the key accepts."""
        return sum(1 for item in self.items if item.core and item.fit >= FOUND and item.credit >= item.fit)

    @cached_property
    def extra_found(self) -> int:
        """How many of the key's other items the student found."""
        return sum(1 for item in self.items if not item.core and item.fit >= FOUND)

    @cached_property
    def found_positions(self) -> tuple[int, ...]:
        """Where the items the student found (any label) stand in ``items``, in key order: what feedback lists."""
        return tuple(position for position, item in enumerate(self.items) if item.fit >= FOUND)

    @cached_property
    def core_missed_positions(self) -> tuple[int, ...]:
        """Where the core items the student has not found stand in ``items``, in key order: where to look next."""
        return tuple(position for position, item in enumerate(self.items) if item.core and item.fit < FOUND)
