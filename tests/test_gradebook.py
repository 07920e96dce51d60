"""The grader's CSV files open safely in a spreadsheet, and grading keeps its bookkeeping out of the records."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from factories import saved_notebook, span
from hypothesis import given
from hypothesis import strategies as st

from helpers.grading import grade_folder
from helpers.grading.gradebook import csv_bytes, csv_text, spreadsheet_safe


def test_formula_like_cells_become_text():
    for hostile in ("=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(hostile) == "'" + hostile
    assert spreadsheet_safe("Ada") == "Ada" and spreadsheet_safe(-1) == -1 and spreadsheet_safe(0.5) == 0.5


def test_csv_has_the_header_in_order_and_ignores_other_keys():
    data = csv_bytes([{"b": "=2", "a": 1, "private": "x"}], ["a", "b"]).decode("utf-8")
    assert list(csv.reader(io.StringIO(data))) == [["a", "b"], ["1", "'=2"]]


def test_graded_rows_carry_no_private_bookkeeping(tmp_path: Path):
    saved_notebook(tmp_path / "in" / "02_tag_claims.ipynb", "Ada", [span(1, "met for seven hours", "opinion", "t-1")])
    report = grade_folder(tmp_path / "in", tmp_path / "out")
    assert report.rows and not [k for row in report.rows for k in row if k.startswith("_")]
    assert report.rows[0]["answers_from"] == "notebook"


_CELLS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(
    st.sampled_from(["a", "Z", " ", ",", '"', "\n", "\r", "'", "=", "é", "“", "\u2028", "\t", ";"]) | st.characters(),
    max_size=12)


@given(st.lists(st.lists(_CELLS, max_size=6), max_size=5))
def test_csv_lines_read_back_as_written_and_as_csv_writer_writes_them(rows: list[list[object]]) -> None:
    """The grader's own CSV writing (``csv_text``): ``csv.reader`` reads every cell back as its text (``None``
    empty), and the bytes are ``csv.writer``'s wherever no cell holds a carriage return (which it leaves
    unquoted, and a spreadsheet would take for a new row)."""
    text = csv_text(rows)
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["" if c is None else str(c) for c in row]
                                                                for row in rows]
    if not any(isinstance(c, str) and "\r" in c for row in rows for c in row):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        assert text == buffer.getvalue()
