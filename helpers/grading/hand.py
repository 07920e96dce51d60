"""Written answers for the teacher to score by hand, one CSV per activity, kept across regrades.

Why: a teacher's rubric levels are work; a regrade must never erase them. Each row has a stable
``row_id`` (student id, activity, question or claim id); a regrade reads the teacher's file first, keeps
every ``level`` and ``comment`` typed there, flags rows whose answer changed since they were scored, and
keeps rows whose submission is gone (marked, not deleted). The levels then flow into the gradebook.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .gradebook import RISKY, csv_header, csv_text

__all__ = [
    "HAND_COLUMNS", "HandScores", "carry_over", "gone_rows", "hand_csv_lines", "hand_scores", "holds_teachers_work",
    "merge_hand_rows", "read_hand_csv", "score_level", "write_hand_csv",
]

HAND_COLUMNS = ("row_id", "student_id", "name", "activity", "item", "prompt", "answer", "context", "level",
                "comment", "status")
TEACHER_COLUMNS = ("level", "comment")
MAX_HAND_BYTES = 20 * 1024 * 1024
CHANGED = "the answer changed since you scored it: check the level"
GONE = "not in this grading run (kept so your level is not lost)"


def score_level(level: str, levels: Mapping[str, float]) -> float | None:
    """Points for a typed level: a level name from ``levels`` (any case) or a number from 0 to 100."""
    return _score_level(level, levels, {name.casefold(): points for name, points in levels.items()})


def _score_level(level: str, levels: Mapping[str, float], named: Mapping[str, float]) -> float | None:
    """``score_level`` with the level names already folded (``named``), once per class, not per row."""
    text = level.strip()
    if not text:
        return None
    if text.casefold() in named:
        return float(named[text.casefold()])
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"level {text!r} is not one of {', '.join(levels)} or a number from 0 to 100") from None
    if not 0 <= number <= 100:
        raise ValueError(f"level {text!r} is outside 0-100")
    return number


def read_hand_csv(path: Path) -> list[dict[str, str]]:
    """The teacher's file, if there is one (rows without a ``row_id`` are skipped)."""
    if not path.is_file():
        return []
    if path.stat().st_size > MAX_HAND_BYTES:
        raise ValueError(f"{path} is larger than {MAX_HAND_BYTES // 1_048_576} MB")
    # Read as bytes and given to the CSV reader with its line breaks as they are (``newline=""``, as the csv
    # module asks): a quoted cell keeps a carriage return, so an answer holding one reads back unchanged.
    text = path.read_bytes().decode("utf-8-sig")
    return [{k: (v or "") for k, v in row.items() if k} for row in csv.DictReader(io.StringIO(text, newline=""))
            if (row.get("row_id") or "").strip()]


def merge_hand_rows(existing: Iterable[Mapping[str, str]], fresh: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    """This run's rows with the teacher's levels and comments carried over by ``row_id``; none dropped."""
    previous = {row["row_id"]: row for row in existing}
    taken: set[str] = set()
    return carry_over(fresh, previous, taken)[0] + gone_rows(previous, taken)


def carry_over(fresh: Iterable[Mapping[str, str]], previous: Mapping[str, Mapping[str, str]],
               taken: set[str]) -> tuple[list[dict[str, str]], list[str]]:
    """``fresh`` rows with the levels and comments of the teacher's rows (``previous``, by ``row_id``) carried
    over, each teacher's row once (the ones carried over are added to ``taken``); and the ids carried over.
    Merged a student at a time (``shares``), the same as merged all at once when no two students can have a
    row of the same id."""
    merged: list[dict[str, str]] = []
    took: list[str] = []
    for row in fresh:
        out = {column: str(row.get(column, "")) for column in HAND_COLUMNS}
        row_id = out["row_id"]
        old = previous.get(row_id) if row_id not in taken else None
        if old is not None:
            taken.add(row_id)
            took.append(row_id)
            for column in TEACHER_COLUMNS:
                out[column] = old.get(column, "")
            scored = bool(old.get("level", "").strip())
            if scored and (old.get("answer", "") != out["answer"] or old.get("status") == CHANGED):
                out["status"] = CHANGED
        merged.append(out)
    return merged, took


def gone_rows(previous: Mapping[str, Mapping[str, str]], taken: set[str]) -> list[dict[str, str]]:
    """The teacher's rows no fresh row took that hold a level or a comment: kept, marked as gone."""
    kept_rows: list[dict[str, str]] = []
    for row_id, old in previous.items():
        if row_id in taken:
            continue
        kept = {column: old.get(column, "") for column in HAND_COLUMNS}
        if kept["level"].strip() or kept["comment"].strip():
            kept["status"] = GONE
            kept_rows.append(kept)
    return kept_rows


def write_hand_csv(rows: Sequence[Mapping[str, str]]) -> bytes:
    """The CSV bytes, spreadsheet-safe (a cell starting ``=`` is quoted so it never runs as a formula)."""
    return (csv_header(HAND_COLUMNS) + hand_csv_lines(rows)).encode("utf-8")


def hand_csv_lines(rows: Iterable[Mapping[str, str]]) -> str:
    """The CSV lines of ``rows`` (no header): the teacher's own columns as typed, the rest made safe."""
    return csv_text(_cells(row) for row in rows)


# Where the student's text is in a row (made safe), and where the teacher's is (written as typed).
_STUDENT_CELLS = tuple(n for n, column in enumerate(HAND_COLUMNS) if column not in TEACHER_COLUMNS)


def _cells(row: Mapping[str, str]) -> list[Any]:
    """A row's cells, ``spreadsheet_safe`` written out where the student's text goes: 50,000 cells a class."""
    cells: list[Any] = [row.get(column, "") for column in HAND_COLUMNS]
    for n in _STUDENT_CELLS:
        value = cells[n]
        if isinstance(value, str) and value[:1] in RISKY:
            cells[n] = "'" + value
    return cells


def holds_teachers_work(rows: Iterable[Mapping[str, str]]) -> bool:
    """Whether rows carry anything the teacher typed (a level or a comment), which a crash must never cost. A
    file without (a first grading run) is remade by the next run, and flushing a class's written answers to
    disk is a wait on a busy disk that keeps nothing safe."""
    return any(row.get("level", "").strip() or row.get("comment", "").strip() for row in rows)


@dataclass(frozen=True)
class HandScores:
    """One student's hand-scored activity: mean points of the scored rows, and how many are left to read."""

    score: float | None
    scored: int
    to_read: int
    problems: tuple[str, ...] = ()


def hand_scores(rows: Iterable[Mapping[str, str]], levels: Mapping[str, float]) -> dict[tuple[str, str], HandScores]:
    """Per (student id, activity): the hand score from the teacher's levels."""
    points: dict[tuple[str, str], list[float]] = {}
    unread: dict[tuple[str, str], int] = {}
    problems: dict[tuple[str, str], list[str]] = {}
    named = {name.casefold(): points for name, points in levels.items()}
    for row in rows:
        if row.get("status") == GONE:
            continue
        key = (row["student_id"], row["activity"])
        points.setdefault(key, [])
        try:
            value = _score_level(row.get("level", ""), levels, named)
        except ValueError as exc:
            problems.setdefault(key, []).append(f"{row['row_id']}: {exc}")
            value = None
        if value is None:
            unread[key] = unread.get(key, 0) + 1
        else:
            points[key].append(value)
    return {
        key: HandScores(round(sum(v) / len(v), 1) if v else None, len(v), unread.get(key, 0),
                        tuple(problems.get(key, ())))
        for key, v in points.items()
    }
