"""Write the grader's CSV files so that a spreadsheet opens them safely.

Why: gradebooks go straight into spreadsheets and LMS imports, and a student-supplied cell such as
``=HYPERLINK(...)`` must stay text there.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["RISKY", "csv_bytes", "spreadsheet_safe"]


def csv_bytes(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> bytes:
    """``rows`` as UTF-8 CSV with a header of ``columns`` (other keys are ignored), every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # as ``csv.DictWriter`` writes: a missing cell is empty
    writer.writerow(columns)
    # ``spreadsheet_safe`` of each cell, written out: a gradebook is a few hundred thousand cells
    writer.writerows([("'" + v) if isinstance(v := row.get(c, ""), str) and v[:1] in RISKY else v for c in columns]
                     for row in rows)
    return buffer.getvalue().encode("utf-8")


# What a spreadsheet reads as the start of a formula (a cell's first character).
RISKY = frozenset(("=", "+", "-", "@", "\t", "\r"))


def spreadsheet_safe(value: Any) -> Any:
    """Stop a student-supplied cell such as ``=HYPERLINK(...)`` running as a spreadsheet formula."""
    if isinstance(value, str) and value[:1] in RISKY:
        return "'" + value
    return value
