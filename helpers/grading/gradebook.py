"""Write the grader's CSV files so that a spreadsheet opens them safely.

Why: gradebooks go straight into spreadsheets and LMS imports, and a student-supplied cell such as
``=HYPERLINK(...)`` must stay text there.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["csv_bytes", "spreadsheet_safe"]


def csv_bytes(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> bytes:
    """``rows`` as UTF-8 CSV with a header of ``columns`` (other keys are ignored), every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # as ``csv.DictWriter`` writes: a missing cell is empty
    writer.writerow(columns)
    # ``spreadsheet_safe`` of each cell, called only for text (most cells are numbers)
    writer.writerows([spreadsheet_safe(v) if isinstance(v := row.get(c, ""), str) else v for c in columns]
                     for row in rows)
    return buffer.getvalue().encode("utf-8")


def spreadsheet_safe(value: Any) -> Any:
    """Stop a student-supplied cell such as ``=HYPERLINK(...)`` running as a spreadsheet formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
