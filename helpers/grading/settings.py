"""The teacher's grading choices, from ``lessons/grading.yaml``: weights of the total, rubric levels, what
feedback reveals, and the assignment's name in the LMS files.

Why a plain file: weights and rubric points are a teacher's decision, made once per course and changed
without Python; the grader reads them and says which line is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..case.files import LESSONS_DIR, CaseError, read_yaml

__all__ = ["GRADING_FILE", "GradingSettings", "load_settings"]

GRADING_FILE = LESSONS_DIR / "grading.yaml"
DEFAULT_WEIGHTS = {"claims": 25.0, "checks": 25.0, "checks-reasons": 10.0, "devices": 25.0, "first-read": 5.0,
                   "rewrite": 5.0, "wrap-up": 5.0}
DEFAULT_LEVELS = {"Proficient": 100.0, "Emergent": 60.0, "Basic": 20.0}


@dataclass(frozen=True)
class GradingSettings:
    """Weights per graded part (activity id, or ``checks-reasons``), rubric level points, and options."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    levels: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_LEVELS))
    assignment: str = "Media literacy"
    reveal_missed: bool = False
    claims_to_check: tuple[str, ...] = ()


def _numbers(value: Any, where: str, name: str) -> dict[str, float]:
    if not isinstance(value, dict):
        raise CaseError(f"{where}: '{name}' must be a list of 'name: number' lines")
    out: dict[str, float] = {}
    for key, number in value.items():
        if not isinstance(number, int | float) or isinstance(number, bool) or number < 0:
            raise CaseError(f"{where}: {name}: {key!r} must be a number of 0 or more, not {number!r}")
        out[str(key)] = float(number)
    return out


def load_settings(path: Path | None = None) -> GradingSettings:
    """Read the settings file (the defaults when it does not exist); ``CaseError`` names a wrong line."""
    path = path or GRADING_FILE
    if not path.is_file():
        return GradingSettings()
    data = read_yaml(path) or {}
    where = str(path)
    if not isinstance(data, dict):
        raise CaseError(f"{where}: expected 'name: value' lines")
    weights = _numbers(data.get("weights", DEFAULT_WEIGHTS), where, "weights")
    levels = _numbers(data.get("levels", DEFAULT_LEVELS), where, "levels")
    if any(v > 100 for v in levels.values()):
        raise CaseError(f"{where}: levels are points out of 100")
    chosen = data.get("claims_to_check") or ()
    if not isinstance(chosen, list | tuple) or not all(isinstance(c, str) for c in chosen):
        raise CaseError(f"{where}: claims_to_check must be a list of claim ids from key/claims.csv")
    return GradingSettings(weights=weights, levels=levels, assignment=str(data.get("assignment") or "Media literacy"),
                           reveal_missed=bool(data.get("reveal_missed", False)), claims_to_check=tuple(chosen))
