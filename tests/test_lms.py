"""The LMS files carry the identifiers each LMS matches on, and nothing runs in a spreadsheet."""

from __future__ import annotations

import csv
import io

from helpers.grading.lms import CANVAS_COLUMNS, NBGRADER_COLUMNS, LmsRow, canvas_csv, moodle_csv, nbgrader_csv

ROWS = [LmsRow("48213", "Karen Smith", "karen@school.test", "ksmith", {"claims": 80.0, "checks": None}, 72.5),
        LmsRow("50001", "=cmd", "", "", {"claims": 10.0, "checks": 20.0}, 15.0)]


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_canvas_file_has_its_identifier_columns_and_one_column_per_score() -> None:
    rows = _read(canvas_csv(ROWS, "Media literacy", ["claims", "checks"]))
    assert list(rows[0])[:5] == list(CANVAS_COLUMNS)
    assert rows[0]["ID"] == "48213" and rows[0]["Student"] == "Smith, Karen"
    assert rows[0]["Media literacy"] == "72.5" and rows[0]["Media literacy: checks"] == ""
    assert rows[1]["Student"] == "'=cmd"


def test_moodle_file_offers_email_username_and_id_number_to_map() -> None:
    rows = _read(moodle_csv(ROWS, "Media literacy", ["claims"]))
    assert (rows[0]["email"], rows[0]["username"], rows[0]["idnumber"]) == ("karen@school.test", "ksmith", "48213")
    assert rows[0]["Media literacy: claims"] == "80.0"


def test_nbgrader_file_has_nbgraders_export_columns() -> None:
    text = nbgrader_csv(ROWS, "media-literacy")
    assert text.splitlines()[0].split(",") == list(NBGRADER_COLUMNS)
    row = _read(text)[0]
    assert (row["student_id"], row["last_name"], row["first_name"], row["score"], row["max_score"]) == (
        "48213", "Smith", "Karen", "72.5", "100.0")
