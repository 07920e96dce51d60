"""The grader's CSV files open safely in a spreadsheet, and grading keeps its bookkeeping out of the records."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from factories import saved_notebook, span

from helpers.case import load_case
from helpers.grading import grade_folder
from helpers.grading.gradebook import csv_bytes, spreadsheet_safe


def test_formula_like_cells_become_text():
    for hostile in ("=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(hostile) == "'" + hostile
    assert spreadsheet_safe("Ada") == "Ada" and spreadsheet_safe(-1) == -1 and spreadsheet_safe(0.5) == 0.5


def test_csv_has_the_header_in_order_and_ignores_other_keys():
    data = csv_bytes([{"b": "=2", "a": 1, "private": "x"}], ["a", "b"]).decode("utf-8")
    assert list(csv.reader(io.StringIO(data))) == [["a", "b"], ["1", "'=2"]]


def test_graded_rows_carry_no_private_bookkeeping(tmp_path: Path):
    saved_notebook(tmp_path / "in" / "02_tag_claims.ipynb", "Ada", [span(1, "met for seven hours", "opinion", "t-1")])
    report = grade_folder(tmp_path / "in", tmp_path / "out", load_case("sochi-2015"))
    assert report.rows and not [k for row in report.rows for k in row if k.startswith("_")]
    assert report.rows[0]["answers_from"] == "notebook"
