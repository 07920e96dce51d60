"""The case the kit teaches is chosen in one place: lessons/kit.yaml, or MLKIT_CASE for a trial or a test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import helpers.case.selection as selection
from helpers.case import CaseError, current_case_id, load_case

ROOT = Path(__file__).resolve().parent.parent


def test_kit_yaml_names_a_case_that_exists():
    assert (ROOT / "lessons" / "cases" / current_case_id()).is_dir()


def test_load_case_without_an_argument_loads_the_current_case(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("MLKIT_CASE", raising=False)
    assert load_case().id == current_case_id()
    assert load_case() is load_case(current_case_id())  # cached: one Case value per version of the files


def test_mlkit_case_overrides_kit_yaml_with_an_id_or_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "copy"
    shutil.copytree(ROOT / "lessons" / "cases" / "sochi-2015", folder)
    monkeypatch.setenv("MLKIT_CASE", str(folder))
    assert load_case().path == folder.resolve()
    monkeypatch.setenv("MLKIT_CASE", "no-such-case")
    with pytest.raises(CaseError, match="no case called 'no-such-case'"):
        load_case()


def test_a_kit_yaml_without_a_case_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("MLKIT_CASE", raising=False)
    bad = tmp_path / "kit.yaml"
    bad.write_text("case: Not A Case!\n", encoding="utf-8")
    monkeypatch.setattr(selection, "KIT_FILE", bad)
    with pytest.raises(CaseError, match=r"kit\.yaml: 'case:' must name a folder"):
        current_case_id()


def test_no_module_names_a_case():
    named = [p for p in (ROOT / "helpers").rglob("*.py") if '"sochi-2015"' in p.read_text(encoding="utf-8")]
    assert not named
