"""Write the grader's CSV files so that a spreadsheet opens them safely.

Why: gradebooks go straight into spreadsheets and LMS imports, and a student-supplied cell such as
``=HYPERLINK(...)`` must stay text there.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["RISKY", "csv_bytes", "csv_header", "csv_lines", "spreadsheet_safe"]


def csv_bytes(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """``rows`` as UTF-8 CSV with a header of ``columns`` (other keys are ignored), every cell made safe."""
    return (csv_header(columns) + csv_lines(rows, columns)).encode("utf-8")


def csv_header(columns: Sequence[str]) -> str:
    """The header line: the kit's own column titles, as they are."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(columns)
    return buffer.getvalue()


def csv_lines(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """The CSV lines of ``rows`` (no header), every cell made safe. A line depends on its row alone, so lines
    made apart (each student's, by the process that graded them: ``shares``) join into the same file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # as ``csv.DictWriter`` writes: a missing cell is empty
    # ``spreadsheet_safe`` of each cell, written out: a gradebook is a few hundred thousand cells
    writer.writerows([("'" + v) if isinstance(v := row.get(c, ""), str) and v[:1] in RISKY else v for c in columns]
                     for row in rows)
    return buffer.getvalue()


# What a spreadsheet reads as the start of a formula (a cell's first character).
RISKY = frozenset(("=", "+", "-", "@", "\t", "\r"))


def spreadsheet_safe(value: Any) -> Any:
    """Stop a student-supplied cell such as ``=HYPERLINK(...)`` running as a spreadsheet formula."""
    if isinstance(value, str) and value[:1] in RISKY:
        return "'" + value
    return value
