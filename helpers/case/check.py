"""Check a case folder for the mistakes an instructor can make while editing it by hand.

Why: a case is plain CSV, YAML and Markdown that teachers edit without Python. A mistyped id, a quote
that no longer matches the article, a date that disagrees with its precision or a verdict missing
its evidence would otherwise surface later as a confusing failure in a notebook or in grading. This
module reports every such problem at once, naming the file and the CSV line (the header is line 1),
so it can be fixed where it was made. ``python -m helpers check-case lessons/cases/<case>`` calls
:func:`main`; :func:`find_problems` returns the list.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .article import parse_article
from .files import ID_PATTERN, CaseError
from .quotes import find_all

__all__ = ["Problem", "find_problems", "main"]

DATE_FORMATS = {"day": ("%Y-%m-%d", r"\d{4}-\d{2}-\d{2}"), "month": ("%Y-%m", r"\d{4}-\d{2}"),
                "year": ("%Y", r"\d{4}")}
COLUMNS = {
    "sources.csv": ("id", "publisher", "title", "date", "url", "kind", "supports"),
    "timeline.csv": ("id", "date", "precision", "category", "summary", "source_ids", "confidence", "notes"),
    "key/claims.csv": ("id", "paragraph", "quote", "type", "also_accepted_types", "verdict",
                       "accepted_verdicts", "event_ids", "explanation"),
    "key/devices.csv": ("id", "paragraph", "quote", "device", "also_accepted", "explanation"),
    "claims_to_check.csv": ("id", "paragraph", "quote"),
}
KINDS = {"primary", "news", "reference"}
CONFIDENCE = {"high", "medium", "low"}

Row = tuple[int, dict[str, str]]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a case: the file (relative to the case folder), the line, and what."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


class _Report:
    """Collects problems for one file at a time."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(file, line, message))


def _split(cell: str) -> list[str]:
    """The items of a ``;``-separated cell, stripped, empty items dropped."""
    return [item.strip() for item in cell.split(";") if item.strip()]


def _read_yaml(path: Path, name: str, report: _Report) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        report.add(name, None, "file is missing")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.add(name, mark.line + 1 if mark else None, f"not valid YAML ({getattr(exc, 'problem', exc)})")
    return None


def _read_csv(path: Path, name: str, report: _Report) -> list[Row] | None:
    """Rows with the line each starts on, or ``None`` when the file is unusable."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [h.strip() for h in next(reader, [])]
            missing = [c for c in COLUMNS[name] if c not in header]
            if missing:
                report.add(name, 1, f"missing column(s): {', '.join(missing)}")
                return None
            rows: list[Row] = []
            start = reader.line_num + 1
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    if len(cells) > len(header):
                        report.add(name, start, f"{len(cells)} cells but the header has {len(header)} columns")
                    padded = cells + [""] * (len(header) - len(cells))
                    rows.append((start, {h: (v or "").strip() for h, v in zip(header, padded, strict=False)}))
                start = reader.line_num + 1
            return rows
    except FileNotFoundError:
        report.add(name, None, "file is missing")
    except UnicodeDecodeError as exc:
        report.add(name, None, f"not UTF-8 text ({exc.reason})")
    except csv.Error as exc:
        report.add(name, None, f"not valid CSV ({exc})")
    return None


def _labels(data: Any, section: str) -> dict[str, dict[str, Any]]:
    """Entries of a taxonomy list by id (malformed entries are skipped)."""
    items = data.get(section) if isinstance(data, dict) else None
    return {str(i["id"]): i for i in items or [] if isinstance(i, dict) and i.get("id")}


def _paragraphs(path: Path, report: _Report) -> list[str]:
    """Body paragraphs as the notebooks number them (``article.parse_article``), or none with a problem."""
    try:
        return [p.text for p in parse_article(path)[2]]
    except CaseError as exc:
        message = str(exc).split(": ", 1)[-1]
        report.add("article.md", 1 if "headline" in message else None, message)
        return []


def _check_ids(name: str, rows: list[Row], report: _Report) -> dict[str, int]:
    seen: dict[str, int] = {}
    for line, row in rows:
        ident = row["id"]
        if not ID_PATTERN.match(ident):
            report.add(name, line, f"id {ident!r} must be lowercase letters, digits and hyphens")
        elif ident in seen:
            report.add(name, line, f"id {ident!r} is already used on line {seen[ident]}")
        else:
            seen[ident] = line
    return seen


def _check_date(value: str, precision: str | None) -> str | None:
    """A message when ``value`` is not an ISO date (at ``precision``, if given), else ``None``."""
    wanted = [precision] if precision else list(DATE_FORMATS)
    for level in wanted:
        fmt, shape = DATE_FORMATS[level]
        if re.fullmatch(shape, value):
            try:
                dt.datetime.strptime(value, fmt)
                return None
            except ValueError:
                return f"date {value!r} is not a real date"
    if precision:
        return f"date {value!r} does not match precision {precision!r} ({DATE_FORMATS[precision][0]})"
    return f"date {value!r} must be YYYY-MM-DD, YYYY-MM or YYYY"


def _check_labels(name: str, line: int, column: str, values: Iterable[str], known: dict[str, Any],
                  what: str, report: _Report) -> None:
    for value in values:
        if value not in known:
            report.add(name, line, f"{column} {value!r} is not a {what} id ({', '.join(sorted(known))})")


def _check_claims_to_check(case_dir: Path, paragraphs: list[str], report: _Report) -> None:
    """A student release's list of checkable claims: quotes that match, and nothing from the key."""
    name = "claims_to_check.csv"
    rows = _read_csv(case_dir / name, name, report) or []
    _check_ids(name, rows, report)
    _check_quotes(name, rows, paragraphs, report)
    extra = sorted({column for _, row in rows for column in row} - set(COLUMNS[name]) - {"assigned"})
    if extra:
        report.add(name, 1, f"only id, paragraph, quote and assigned belong here; {', '.join(extra)} would show "
                   "students the key")


def _check_quotes(name: str, rows: list[Row], paragraphs: list[str], report: _Report) -> None:
    for line, row in rows:
        try:
            number = int(row["paragraph"])
        except ValueError:
            report.add(name, line, f"paragraph {row['paragraph']!r} must be a whole number")
            continue
        if not 1 <= number <= len(paragraphs):
            report.add(name, line, f"paragraph {number} does not exist (the article has {len(paragraphs)})")
            continue
        count = len(find_all(paragraphs[number - 1], row["quote"]))
        if count != 1:
            found = "not found" if count == 0 else f"found {count} times; quote more words"
            report.add(name, line, f"quote {found} in paragraph {number}: {row['quote']!r}")


def find_problems(case_dir: Path, taxonomy_dir: Path | None = None) -> list[Problem]:
    """Every problem in the case folder ``case_dir``, checked against the shared taxonomy."""
    case_dir = Path(case_dir)
    taxonomy_dir = Path(taxonomy_dir) if taxonomy_dir else case_dir.parent.parent / "taxonomy"
    report = _Report()
    meta = _read_yaml(case_dir / "case.yaml", "case.yaml", report)
    categories = _labels(meta, "timeline_categories")
    if meta is not None and not categories:
        report.add("case.yaml", None, "no timeline_categories listed")
    if isinstance(meta, dict):
        subject: dict[str, Any] = meta["subject"] if isinstance(meta.get("subject"), dict) else {}
        for field, value in (("published_not_before", meta.get("published_not_before")),
                             ("subject.date", subject.get("date"))):
            if value is not None and (msg := _check_date(str(value), "day")) is not None:
                report.add("case.yaml", None, f"{field}: {msg}")

    def taxonomy(file: str, section: str) -> dict[str, dict[str, Any]]:
        path = taxonomy_dir / file
        return _labels(_read_yaml(path, os.path.relpath(path, case_dir), report), section)

    claim_types = taxonomy("claim_types.yaml", "claim_types")
    verdicts = taxonomy("verdicts.yaml", "verdicts")
    devices = taxonomy("devices.yaml", "devices") if (taxonomy_dir / "devices.yaml").exists() else None
    paragraphs = _paragraphs(case_dir / "article.md", report)

    name = "sources.csv"
    sources = _read_csv(case_dir / name, name, report) or []
    source_ids = _check_ids(name, sources, report)
    for line, row in sources:
        if (msg := _check_date(row["date"], None)) is not None:
            report.add(name, line, msg)
        if row["kind"] not in KINDS:
            report.add(name, line, f"kind {row['kind']!r} must be one of {', '.join(sorted(KINDS))}")
        url = row["url"]
        parts = urlsplit(url) if url else None
        if parts and (parts.scheme not in {"http", "https"} or not parts.netloc or " " in url):
            report.add(name, line, f"url {url!r} is not a well-formed http(s) address")

    name = "timeline.csv"
    events = _read_csv(case_dir / name, name, report) or []
    event_ids = _check_ids(name, events, report)
    for line, row in events:
        precision = row["precision"]
        if precision not in DATE_FORMATS:
            report.add(name, line, f"precision {precision!r} must be day, month or year")
        elif (msg := _check_date(row["date"], precision)) is not None:
            report.add(name, line, msg)
        if categories:
            _check_labels(name, line, "category", [row["category"]], categories, "timeline category", report)
        if row["confidence"] not in CONFIDENCE:
            report.add(name, line, f"confidence {row['confidence']!r} must be high, medium or low")
        cited = _split(row["source_ids"])
        if not cited:
            report.add(name, line, "event cites no source")
        _check_labels(name, line, "source", cited, source_ids, "sources.csv", report)

    name = "key/claims.csv"
    if (case_dir / name).exists():
        claims = _read_csv(case_dir / name, name, report) or []
        _check_ids(name, claims, report)
        _check_quotes(name, claims, paragraphs, report)
        for line, row in claims:
            _check_labels(name, line, "type", [row["type"]], claim_types, "claim type", report)
            _check_labels(name, line, "also_accepted_types", _split(row["also_accepted_types"]), claim_types,
                          "claim type", report)
            verdict = [row["verdict"]] if row["verdict"] else []
            _check_labels(name, line, "verdict", verdict, verdicts, "verdict", report)
            _check_labels(name, line, "accepted_verdicts", _split(row["accepted_verdicts"]), verdicts,
                          "verdict", report)
            linked = _split(row["event_ids"])
            _check_labels(name, line, "event", linked, event_ids, "timeline.csv", report)
            checkable = bool(claim_types.get(row["type"], {}).get("checkable"))
            if checkable and verdict and not linked:
                report.add(name, line, "a checkable claim with a verdict must link at least one event")

    if (case_dir / "claims_to_check.csv").exists():
        _check_claims_to_check(case_dir, paragraphs, report)

    name = "key/devices.csv"
    if (case_dir / name).exists():
        rows = _read_csv(case_dir / name, name, report) or []
        _check_ids(name, rows, report)
        _check_quotes(name, rows, paragraphs, report)
        if devices is not None:
            for line, row in rows:
                _check_labels(name, line, "device", [row["device"]], devices, "device", report)
                _check_labels(name, line, "also_accepted", _split(row["also_accepted"]), devices, "device",
                              report)
    return report.problems


def main(argv: list[str]) -> int:
    """Print every problem in the case named by ``argv[0]`` and a summary; 0 only when it is clean."""
    if not argv or argv[0] in {"-h", "--help"}:
        print("usage: python -m helpers check-case CASE_FOLDER [TAXONOMY_FOLDER]")
        return 2
    case_dir = Path(argv[0])
    if not case_dir.is_dir():
        print(f"{case_dir}: no such case folder")
        return 2
    problems = find_problems(case_dir, Path(argv[1]) if len(argv) > 1 else None)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {case_dir}")
        return 1
    print(f"{case_dir}: no problems found")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
