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
from .files import ID_PATTERN, LESSONS_DIR, CaseError
from .prepost import DIFFICULTIES, FORMS, VERDICTS
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
    "prepost.csv": ("id", "form", "statement", "verdict", "event_ids", "source_ids", "explanation", "difficulty"),
    "prepost_statements.csv": ("id", "form", "statement"),
}
KINDS = {"primary", "news", "reference"}
CONFIDENCE = {"high", "medium", "low"}
# What notebooks and the grader read from case.yaml: every case must give these.
REQUIRED_FIELDS = ("id", "title", "author", "outlet", "published", "published_precision", "timeline_categories")
# The paragraph column of a key may name the headline or the dek instead of a body paragraph number.
PARTS = {"headline": 0, "dek": -1}
# Source addresses that can only be a mistake in a published case: test, staging and local hosts.
_PRIVATE_HOST = re.compile(r"^(localhost|(test|staging|stage|dev)\..+|\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])$", re.I)

Row = tuple[int, dict[str, str]]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a case: the file (relative to the case folder), the line, and what."""

    file: str
    line: int | None
    message: str
    warning: bool = False  # worth a look, but the notebooks and the grader work regardless

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"


class _Report:
    """Collects problems for one file at a time."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(file, line, message))

    def warn(self, file: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(file, line, message, warning=True))


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
    return _article(path, report)[1]


def _article(path: Path, report: _Report) -> tuple[dict[int, str], list[str]]:
    """The headline and dek (by their numbers in ``PARTS``, when present) and the body paragraphs."""
    try:
        headline, dek, paragraphs, _ = parse_article(path)
    except CaseError as exc:
        message = str(exc).split(": ", 1)[-1]
        report.add("article.md", 1 if "headline" in message else None, message)
        return {}, []
    parts = {PARTS["headline"]: headline, **({PARTS["dek"]: dek} if dek else {})}
    return parts, [p.text for p in paragraphs]


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


def _check_quotes(name: str, rows: list[Row], paragraphs: list[str], report: _Report,
                  parts: dict[int, str] | None = None) -> None:
    parts = parts or {}
    for line, row in rows:
        cell = row["paragraph"]
        if cell in PARTS:
            if PARTS[cell] not in parts:
                report.add(name, line, f"paragraph {cell!r}: the article has no {cell} (article.md)")
                continue
            text, where = parts[PARTS[cell]], f"the {cell}"
        else:
            try:
                number = int(cell)
            except ValueError:
                report.add(name, line, f"paragraph {cell!r} must be a whole number, 'headline' or 'dek'")
                continue
            if not 1 <= number <= len(paragraphs):
                report.add(name, line, f"paragraph {number} does not exist (the article has {len(paragraphs)})")
                continue
            text, where = paragraphs[number - 1], f"paragraph {number}"
        count = len(find_all(text, row["quote"]))
        if count != 1:
            found = "not found" if count == 0 else f"found {count} times; quote more words"
            report.add(name, line, f"quote {found} in {where}: {row['quote']!r}")


def default_taxonomy_dir(case_dir: Path) -> Path:
    """The taxonomy a case is checked against: its own kit's (``../../taxonomy``) when the folder sits in
    a kit's ``lessons/cases/``, otherwise this kit's, so a case drafted anywhere is checked correctly."""
    beside = Path(case_dir).resolve().parent.parent / "taxonomy"
    return beside if (beside / "claim_types.yaml").is_file() else LESSONS_DIR / "taxonomy"


def find_problems(case_dir: Path, taxonomy_dir: Path | None = None, *, warnings: bool = False) -> list[Problem]:
    """Every problem in the case folder ``case_dir``, checked against the shared taxonomy.

    Errors stop a notebook or the grader (or teach something wrong); with ``warnings=True`` the list also
    holds warnings: things a careful editor looks at, which break nothing.
    """
    case_dir = Path(case_dir)
    taxonomy_dir = Path(taxonomy_dir) if taxonomy_dir else default_taxonomy_dir(case_dir)
    report = _Report()
    meta = _read_yaml(case_dir / "case.yaml", "case.yaml", report)
    _check_meta(case_dir, meta, report)
    categories = _labels(meta, "timeline_categories")

    def taxonomy(file: str, section: str) -> dict[str, dict[str, Any]]:
        path = taxonomy_dir / file
        return _labels(_read_yaml(path, os.path.relpath(path, case_dir), report), section)

    claim_types = taxonomy("claim_types.yaml", "claim_types")
    verdicts = taxonomy("verdicts.yaml", "verdicts")
    devices = taxonomy("devices.yaml", "devices") if (taxonomy_dir / "devices.yaml").exists() else None
    parts, paragraphs = _article(case_dir / "article.md", report)
    if not (case_dir / "guide.md").is_file() and not (case_dir / "claims_to_check.csv").is_file():
        report.warn("guide.md", None, "file is missing: instructors read the case's background and lesson notes here")

    name = "sources.csv"
    sources = _read_csv(case_dir / name, name, report) or []
    source_ids = _check_ids(name, sources, report)
    for line, row in sources:
        if (msg := _check_date(row["date"], None)) is not None:
            report.add(name, line, msg)
        if row["kind"] not in KINDS:
            report.add(name, line, f"kind {row['kind']!r} must be one of {', '.join(sorted(KINDS))}")
        url = row["url"]
        parts_url = urlsplit(url) if url else None
        if parts_url and (parts_url.scheme not in {"http", "https"} or not parts_url.netloc or " " in url):
            report.add(name, line, f"url {url!r} is not a well-formed http(s) address")
        elif parts_url and _PRIVATE_HOST.match(parts_url.hostname or ""):
            report.add(name, line, f"url {url!r} points at a test, staging or local address, not a published one")

    name = "timeline.csv"
    events = _read_csv(case_dir / name, name, report) or []
    event_ids = _check_ids(name, events, report)
    by_source = {row["id"]: row for _, row in sources}
    cited_anywhere: set[str] = set()
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
        cited_anywhere.update(cited)
        if not cited:
            report.add(name, line, "event cites no source")
        _check_labels(name, line, "source", cited, source_ids, "sources.csv", report)
        known = [by_source[s] for s in cited if s in by_source]
        if known and not any(_on_or_after(src["date"], row["date"]) for src in known):
            report.add(name, line, f"no source it cites is dated on or after the event ({row['date']}): a source "
                       "cannot report what had not yet happened")
        if row["confidence"] == "high" and known and len(known) < 2 and all(s["kind"] != "primary" for s in known):
            report.warn(name, line, "high confidence rests on one source that is not primary: cite a second "
                        "source or the document itself, or lower the confidence")
    if not events and (case_dir / name).is_file() and not (case_dir / "claims_to_check.csv").exists():
        report.warn(name, None, "no events yet: notebook 03 shows an empty timeline and students have no evidence "
                    "to link to a claim (add dated events with their sources; without them, leave notebook 03 out)")
    for line, row in sources:
        if row["id"] not in cited_anywhere:
            report.warn("sources.csv", line, f"source {row['id']!r} is cited by no event in timeline.csv")

    name = "key/claims.csv"
    if (case_dir / name).exists():
        claims = _read_csv(case_dir / name, name, report) or []
        _check_ids(name, claims, report)
        _check_quotes(name, claims, paragraphs, report, parts)
        _check_key_rows(name, claims, "type", report)
        scale = _scale_ends(verdicts)
        for line, row in claims:
            _check_labels(name, line, "type", [row["type"]], claim_types, "claim type", report)
            _check_labels(name, line, "also_accepted_types", _split(row["also_accepted_types"]), claim_types,
                          "claim type", report)
            verdict = [row["verdict"]] if row["verdict"] else []
            accepted = _split(row["accepted_verdicts"])
            _check_labels(name, line, "verdict", verdict, verdicts, "verdict", report)
            _check_labels(name, line, "accepted_verdicts", accepted, verdicts, "verdict", report)
            linked = _split(row["event_ids"])
            _check_labels(name, line, "event", linked, event_ids, "timeline.csv", report)
            checkable = bool(claim_types.get(row["type"], {}).get("checkable"))
            if (verdict or accepted) and row["type"] in claim_types and not checkable:
                report.add(name, line, f"a {row['type']} claim is not checkable, so it takes no verdict or "
                           "accepted_verdicts (notebook 03 never asks for one)")
            if accepted and not verdict:
                report.add(name, line, "accepted_verdicts without a verdict: give the key's verdict first")
            if verdict and verdict[0] in accepted:
                report.add(name, line, f"accepted_verdicts repeats the verdict {verdict[0]!r}")
            if verdict and not linked:
                report.add(name, line, "a checkable claim with a verdict must link at least one event")
            if scale and scale <= set(verdict + accepted):
                report.add(name, line, f"verdict and accepted_verdicts span both ends of the scale "
                           f"({' and '.join(sorted(scale))}): a key that accepts both cannot teach either")
        if not claims:
            report.warn(name, None, "no key rows yet: check my work and the grader have nothing to compare "
                        "students' claims with (lessons/README.md, step 6)")
        elif not any(row["verdict"] for _, row in claims):
            report.warn(name, None, "no claim has a verdict: notebook 03 offers students only the checkable claims "
                        "they tag themselves, and no check is graded")
        review = case_dir / "key" / "review.md"
        if review.is_file():
            text = review.read_text(encoding="utf-8")
            for line, row in claims:
                if row["verdict"] and not re.search(rf"(?<![a-z0-9-]){re.escape(row['id'])}(?![a-z0-9-])", text):
                    report.add("key/review.md", None, f"claim {row['id']!r} (key/claims.csv:{line}) has a verdict "
                               "but is not discussed in the review")
    elif not (case_dir / "claims_to_check.csv").exists():
        report.warn("key/claims.csv", None, "no answer key: 'check my work' and grading need key/claims.csv")

    if (case_dir / "claims_to_check.csv").exists():
        _check_claims_to_check(case_dir, paragraphs, report)

    name = "key/devices.csv"
    if (case_dir / name).exists():
        rows = _read_csv(case_dir / name, name, report) or []
        _check_ids(name, rows, report)
        _check_quotes(name, rows, paragraphs, report, parts)
        _check_key_rows(name, rows, "device", report)
        if not rows:
            report.warn(name, None, "no key rows yet: notebook 04's gallery has no examples from the article and "
                        "the grader has nothing to compare students' devices with (lessons/README.md, step 6)")
        if devices is not None:
            for line, row in rows:
                _check_labels(name, line, "device", [row["device"]], devices, "device", report)
                _check_labels(name, line, "also_accepted", _split(row["also_accepted"]), devices, "device",
                              report)
    elif (case_dir / "key").is_dir():
        report.warn(name, None, "no device key: notebook 04's check my work and gallery examples need it")
    _check_teaching(case_dir, {"claim_types": claim_types, "verdicts": verdicts, "devices": devices or {}},
                    categories, parts, paragraphs, report)
    _check_prepost(case_dir, {row["id"]: row for _, row in events}, by_source, report)
    return [p for p in report.problems if warnings or not p.warning]


def _check_teaching(case_dir: Path, known: dict[str, dict[str, Any]], categories: dict[str, Any],
                    parts: dict[int, str], paragraphs: list[str], report: _Report) -> None:
    """teaching.yaml (optional): its examples name known labels and quote the article; its filter a category."""
    name = "teaching.yaml"
    if not (case_dir / name).is_file():
        return
    data = _read_yaml(case_dir / name, name, report)
    if data is None:
        return
    if not isinstance(data, dict):
        report.add(name, 1, "expected a mapping (examples, worked_examples, timeline_filter, ...)")
        return
    examples = data.get("examples") or {}
    for kind, entries in examples.items() if isinstance(examples, dict) else []:
        if kind not in known:
            report.add(name, None, f"examples: {kind!r} must be claim_types, verdicts or devices")
            continue
        for label, example in (entries or {}).items():
            where = f"examples.{kind}.{label}"
            if known[kind] and label not in known[kind]:
                report.add(name, None, f"{where}: {label!r} is not a {kind} id")
            if not isinstance(example, dict):
                report.add(name, None, f"{where}: give paragraph and quote")
                continue
            row = {"paragraph": str(example.get("paragraph", "")), "quote": str(example.get("quote", ""))}
            before = len(report.problems)
            _check_quotes(name, [(0, row)], paragraphs, report, parts)
            for i in range(before, len(report.problems)):
                old = report.problems[i]
                report.problems[i] = Problem(name, None, f"{where}: {old.message}")
    chosen = data.get("timeline_filter") or {}
    category = chosen.get("category") if isinstance(chosen, dict) else None
    if category and categories and category not in categories:
        report.add(name, None, f"timeline_filter.category {category!r} is not one of case.yaml's timeline_categories")


def _check_prepost(case_dir: Path, events: dict[str, dict[str, str]], sources: dict[str, dict[str, str]],
                   report: _Report) -> None:
    """prepost.csv (optional): every item decided by real events and cited to real sources, dated on or after each
    event, both verdicts in each form and the forms matched; a release's statements file holds no answers."""
    name = "prepost_statements.csv"
    if (case_dir / name).is_file():
        rows = _read_csv(case_dir / name, name, report) or []
        _check_ids(name, rows, report)
        extra = sorted({column for _, row in rows for column in row} - set(COLUMNS[name]))
        if extra:
            report.add(name, 1, f"only id, form and statement belong here; {', '.join(extra)} would show students "
                       "the answers")
    name = "prepost.csv"
    if not (case_dir / name).is_file():
        return
    rows = _read_csv(case_dir / name, name, report) or []
    _check_ids(name, rows, report)
    for line, row in rows:
        for column, allowed in (("form", FORMS), ("verdict", VERDICTS), ("difficulty", DIFFICULTIES)):
            if row[column] not in allowed:
                report.add(name, line, f"{column} {row[column]!r} must be one of {', '.join(allowed)}")
        for column in ("statement", "explanation"):
            if not row[column]:
                report.add(name, line, f"{column} is empty")
        cited_events, cited_sources = _split(row["event_ids"]), _split(row["source_ids"])
        if not cited_events or not cited_sources:
            report.add(name, line, "every item needs event_ids and source_ids: its verdict must come from the record")
        _check_labels(name, line, "event", cited_events, events, "timeline.csv", report)
        _check_labels(name, line, "source", cited_sources, sources, "sources.csv", report)
        known = [events[e] for e in cited_events if e in events]
        for event in known:
            dated = [sources[s]["date"] for s in cited_sources if s in sources]
            if dated and not any(_on_or_after(date, event["date"]) for date in dated):
                report.add(name, line, f"no source it cites is dated on or after event {event['id']!r} "
                           f"({event['date']}): a source cannot report what had not yet happened")
    mixes = {}
    for form in FORMS:
        in_form = [row for _, row in rows if row["form"] == form]
        if {row["verdict"] for row in in_form} & set(VERDICTS) != set(VERDICTS):
            report.add(name, None, f"the {form} form needs both sound and flawed items")
        mixes[form] = sorted((row["difficulty"], row["verdict"]) for row in in_form)
    if mixes["pre"] != mixes["post"]:
        report.warn(name, None, "the pre and post forms do not hold the same mix of difficulty and verdict, so "
                    "the change between them mixes learning with a harder or easier form")
    repeated = {row["statement"] for _, row in rows if row["form"] == "pre"} & {
        row["statement"] for _, row in rows if row["form"] == "post"}
    for statement in sorted(repeated):
        report.add(name, None, f"the same statement is in both forms: {statement!r}")


def _check_meta(case_dir: Path, meta: Any, report: _Report) -> None:
    """The fields of case.yaml that notebooks and the grader read."""
    if meta is None:
        return
    if not isinstance(meta, dict):
        report.add("case.yaml", 1, "expected fields such as id, title, author (a YAML mapping)")
        return
    for field in REQUIRED_FIELDS:
        if meta.get(field) in (None, "", []):
            report.add("case.yaml", None, f"the field {field!r} is missing or empty")
        elif str(meta.get(field)).strip().upper().startswith("TODO"):
            report.add("case.yaml", None, f"the field {field!r} still says TODO: fill it in")
    for field, value in meta.items():  # rights_note and the rest: the release's README and notebook 01 show them
        if field not in REQUIRED_FIELDS and isinstance(value, str) and value.strip().upper().startswith("TODO"):
            report.add("case.yaml", None, f"the field {field!r} still says TODO: fill it in or empty it")
    ident = str(meta.get("id") or "")
    if ident and not ID_PATTERN.match(ident):
        report.add("case.yaml", None, f"id {ident!r} must be lowercase letters, digits and hyphens")
    elif ident and ident != case_dir.resolve().name:
        report.add("case.yaml", None, f"id {ident!r} must be the folder's name ({case_dir.resolve().name!r}): "
                   "answers and grades name the case by it")
    precision = meta.get("published_precision")
    if precision is not None and str(precision) not in DATE_FORMATS:
        report.add("case.yaml", None, f"published_precision {precision!r} must be day, month or year")
    elif meta.get("published") not in (None, "") and not str(meta["published"]).upper().startswith("TODO") and (
        msg := _check_date(str(meta["published"]), str(precision) if precision else None)
    ) is not None:
        report.add("case.yaml", None, f"published: {msg}")
    if "prepost" in meta and not isinstance(meta["prepost"], bool):
        report.add("case.yaml", None, f"prepost {meta['prepost']!r} must be true or false (false turns the check off)")
    subject: dict[str, Any] = meta["subject"] if isinstance(meta.get("subject"), dict) else {}
    for field, value in (("published_not_before", meta.get("published_not_before")),
                         ("subject.date", subject.get("date"))):
        if value is not None and (msg := _check_date(str(value), "day")) is not None:
            report.add("case.yaml", None, f"{field}: {msg}")


def _check_key_rows(name: str, rows: list[Row], label_column: str, report: _Report) -> None:
    """Rules shared by both keys: explanations, the ``core`` column, no duplicate (paragraph, quote, label)."""
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in rows:
        if not row.get("explanation"):
            report.add(name, line, "explanation is empty: teachers and students read it as feedback")
        if row.get("core", "") not in {"yes", ""}:
            report.add(name, line, f"core {row['core']!r} must be 'yes' or empty")
        triple = (row["paragraph"], " ".join(row["quote"].split()), row[label_column])
        if triple in seen:
            report.add(name, line, f"same paragraph, quote and {label_column} as line {seen[triple]}: a duplicate "
                       "row would count twice in every score")
        else:
            seen[triple] = line


def _scale_ends(verdicts: dict[str, dict[str, Any]]) -> set[str]:
    """The ids at the two ends of the verdict scale (highest and lowest truthfulness), or none."""
    rated = {k: float(v["truthfulness"]) for k, v in verdicts.items() if isinstance(v.get("truthfulness"), int | float)}
    if len(rated) < 2:
        return set()
    return {max(rated, key=rated.__getitem__), min(rated, key=rated.__getitem__)}


def _on_or_after(source_date: str, event_date: str) -> bool:
    """Whether a source can report the event: its date is on or after the event's, at the coarser precision."""
    if _check_date(source_date, None) or _check_date(event_date, None):
        return True  # a malformed date is reported on its own line
    width = min(len(source_date), len(event_date))
    return source_date[:width] >= event_date[:width]


def main(argv: list[str]) -> int:
    """Print every problem in the case named by ``argv[0]`` and a summary; 0 only when it is clean."""
    if not argv or argv[0] in {"-h", "--help"}:
        print("usage: python -m helpers check-case CASE_FOLDER [TAXONOMY_FOLDER]")
        return 2
    case_dir = Path(argv[0])
    if not case_dir.is_dir():
        print(f"{case_dir}: no such case folder")
        return 2
    problems = find_problems(case_dir, Path(argv[1]) if len(argv) > 1 else None, warnings=True)
    for problem in problems:
        print(problem)
    errors = [p for p in problems if not p.warning]
    warned = f"; {len(problems) - len(errors)} warning(s)" if len(problems) > len(errors) else ""
    if errors:
        print(f"{len(errors)} problem(s) in {case_dir}{warned}")
        return 1
    print(f"{case_dir}: no problems found{warned}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
