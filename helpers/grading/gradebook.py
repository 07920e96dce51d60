"""Write the grader's CSV files so that a spreadsheet opens them safely.

Why: gradebooks go straight into spreadsheets and LMS imports, and a student-supplied cell such as
``=HYPERLINK(...)`` must stay text there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["RISKY", "csv_bytes", "csv_header", "csv_lines", "csv_text", "spreadsheet_safe"]


def csv_bytes(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """``rows`` as UTF-8 CSV with a header of ``columns`` (other keys are ignored), every cell made safe."""
    return (csv_header(columns) + csv_lines(rows, columns)).encode("utf-8")


def csv_header(columns: Sequence[str]) -> str:
    """The header line: the kit's own column titles, as they are."""
    return csv_text([columns])


def csv_lines(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """The CSV lines of ``rows`` (no header), every cell made safe. A line depends on its row alone, so lines
    made apart (each student's, by the process that graded them: ``shares``) join into the same file."""
    # ``spreadsheet_safe`` of each cell, written out: a gradebook is a few hundred thousand cells
    return csv_text(
        [("'" + v) if isinstance(v := row.get(c, ""), str) and v[:1] in RISKY else v for c in columns] for row in rows)


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """The lines of ``rows`` (each a row's cells, written as they are) as ``csv.writer`` writes them with
    ``lineterminator="\n"`` (an empty or ``None`` cell empty, numbers as ``str`` gives them, a cell quoted
    where it holds a comma, a quote or a line break, its quotes doubled; a row of one empty cell ``""``), and
    a cell holding a carriage return quoted as well, as RFC 4180 asks (a spreadsheet would start a new row
    there; ``csv.writer`` quotes only the line terminator it writes).

    Why not ``csv.writer``: it looks up every character of every cell in the line terminator, and a class's
    files are a few million characters; here a line that needs no quotes is found with four searches of the
    whole line (measured: about half the time for a class's gradebook and hand-scored rows). ``csv.reader``
    reads back every cell as given (a property test holds it, and the bytes equal ``csv.writer``'s without
    carriage returns).
    """
    lines = []
    for row in rows:
        cells = [value if type(value) is str else "" if value is None else str(value) for value in row]
        line = ",".join(cells)
        # Most lines need no quotes: no quote or line break anywhere, and no comma but those joining the cells.
        if '"' in line or "\n" in line or "\r" in line or line.count(",") != len(cells) - 1:
            # Each cell as ``csv.writer`` quotes it, a carriage return quoted too (written out: a class's flags and
            # written answers are thousands of cells): quotes doubled inside quotes, or quotes around a comma or a
            # line break, or the cell as it is.
            line = ",".join([('"' + cell.replace('"', '""') + '"') if '"' in cell
                             else ('"' + cell + '"') if ("," in cell or "\n" in cell or "\r" in cell)
                             else cell for cell in cells])
        elif not line and len(cells) == 1:
            line = '""'
        lines.append(line + "\n")
    return "".join(lines)


# What a spreadsheet reads as the start of a formula (a cell's first character).
RISKY = frozenset(("=", "+", "-", "@", "\t", "\r"))


def spreadsheet_safe(value: Any) -> Any:
    """Stop a student-supplied cell such as ``=HYPERLINK(...)`` running as a spreadsheet formula."""
    if isinstance(value, str) and value[:1] in RISKY:
        return "'" + value
    return value
