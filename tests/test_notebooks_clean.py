"""Notebooks are committed clean: no outputs, stable ids, one import cell, nothing fetched or hacked in."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_outputs_or_execution_counts(path: Path):
    dirty = [c["id"] for c in cells(path) if c.get("outputs") or c.get("execution_count")]
    assert not dirty, f"{path.name}: clear outputs of cells {dirty} before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cell_ids_are_stable_readable_and_unique(path: Path):
    ids = [c.get("id", "") for c in cells(path)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids), ids


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_path_hacks_star_imports_or_network(path: Path):
    code = "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "code")
    for forbidden in ("sys.path", "import *", "requests.", "urllib", "pip install", "def ", "class "):
        assert forbidden not in code, f"{path.name} contains {forbidden!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_starts_with_a_title_and_has_a_lesson_plan_for_teachers(path: Path):
    # The link to the plan lives in the teacher's materials (lessons/plans/README.md), not in the student's page.
    first = "".join(cells(path)[0]["source"])
    assert first.startswith("# ")
    assert (path.parents[1] / "lessons" / "plans" / f"{path.stem}.md").is_file()
    assert f"{path.stem}.md" in (path.parents[1] / "lessons" / "plans" / "README.md").read_text(encoding="utf-8")

