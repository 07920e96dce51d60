"""Write the grader's CSV files so that a spreadsheet opens them safely.

Why: gradebooks go straight into spreadsheets and LMS imports, and a student-supplied cell such as
``=HYPERLINK(...)`` must stay text there.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["RISKY", "CsvLines", "csv_bytes", "csv_header", "csv_lines", "spreadsheet_safe"]


def csv_bytes(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """``rows`` as UTF-8 CSV with a header of ``columns`` (other keys are ignored), every cell made safe."""
    return (csv_header(columns) + csv_lines(rows, columns)).encode("utf-8")


def csv_header(columns: Sequence[str]) -> str:
    """The header line: the kit's own column titles, as they are."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(columns)
    return buffer.getvalue()


def csv_lines(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], lines: CsvLines | None = None) -> str:
    """The CSV lines of ``rows`` (no header), every cell made safe. A line depends on its row alone, so lines
    made apart (each student's, by the process that graded them: ``shares``) join into the same file."""
    # ``spreadsheet_safe`` of each cell, written out: a gradebook is a few hundred thousand cells
    return (lines or CsvLines())(
        [("'" + v) if isinstance(v := row.get(c, ""), str) and v[:1] in RISKY else v for c in columns] for row in rows)


class CsvLines:
    """CSV lines made on one writer, a few rows at a time, as ``csv.DictWriter`` writes them (a missing cell is
    empty, lines end in ``\n``). Why one: a student's share of the class's files is a dozen small batches, and
    a writer and its buffer made for each cost as much as writing the rows. Not for two threads at once."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def __call__(self, rows: Iterable[Iterable[Any]]) -> str:
        """The lines of ``rows`` (each a row's cells, written as they are)."""
        self._writer.writerows(rows)
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


# What a spreadsheet reads as the start of a formula (a cell's first character).
RISKY = frozenset(("=", "+", "-", "@", "\t", "\r"))


def spreadsheet_safe(value: Any) -> Any:
    """Stop a student-supplied cell such as ``=HYPERLINK(...)`` running as a spreadsheet formula."""
    if isinstance(value, str) and value[:1] in RISKY:
        return "'" + value
    return value
