"""Shared fixtures: every test writes answers into its own temporary folder, never the repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from submissions import SMALL_KEY, SOCHI


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
    folder = tmp_path / "cases" / "sochi-2015"
    shutil.copytree(SOCHI, folder, ignore=shutil.ignore_patterns("key"))
    (folder / "key").mkdir()
    (folder / "key" / "claims.csv").write_text(SMALL_KEY, encoding="utf-8")
    return folder
