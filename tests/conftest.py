"""Shared fixtures: every test writes answers into its own temporary folder, never the repository."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from factories import SMALL_KEY, case_with_claims_key


@pytest.fixture(autouse=True)
def answers_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point autosaves and the student profile at a fresh folder for each test."""
    folder = tmp_path / "answers"
    folder.mkdir()
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(folder))
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    return folder


@pytest.fixture
def small_case(tmp_path: Path) -> Path:
    """A copy of the Sochi case whose key is the three-claim SMALL_KEY."""
    return case_with_claims_key(tmp_path, SMALL_KEY)
