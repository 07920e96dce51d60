"""The instructor notebook: committed clean, one helper call per cell, and it runs top to bottom."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "instructor" / "class_report.ipynb"


def test_committed_without_outputs_and_with_readable_ids() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    assert not [c["id"] for c in cells if c.get("outputs") or c.get("execution_count")]
    assert all(re.fullmatch(r"[a-z0-9-]+", c["id"]) for c in cells)
    code = [("".join(c["source"])) for c in cells if c["cell_type"] == "code"]
    assert all(len(source.strip().splitlines()) == 1 for source in code)
    assert not any(bad in "\n".join(code) for bad in ("sys.path", "import *", "def ", "class "))


def test_runs_top_to_bottom_and_shows_every_view(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=180, resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    html = [o["data"]["text/html"] for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if "text/html" in o.get("data", {})]
    assert len(html) == 9  # glance, claims, checks, devices, agreement, key review, pre/post, written, progress
    written = NOTEBOOK.parent / "class-report" / "class_report.html"
    assert written.is_file()
    written.unlink()
    written.parent.rmdir()
