"""The pre/post check's item bank (``<case>/prepost.csv``): claims about the article's subject, each rated sound or
flawed before the lessons (notebook 00) and after them (notebook 05).

Why in the case layer: the widget, the release, ``check-case`` and the class report all read the same bank,
and every item is case data sourced from the timeline to the same standard as the key.

Item bank: ``<case>/prepost.csv`` (UTF-8, header, ``id`` first), one row per item:

    id           ``p-...``, stable
    form         ``pre`` (asked in notebook 00) or ``post`` (asked in notebook 05)
    statement    a claim about the article's subject, as the student reads it
    verdict      ``sound`` or ``flawed``: what the record shows
    event_ids    the timeline events that decide the verdict, ``;``-separated (required)
    source_ids   the sources of those events the explanation relies on, ``;``-separated (required)
    explanation  why the verdict, in a few sentences a teacher can read aloud
    difficulty   ``easy``, ``medium`` or ``hard``; the two forms should hold the same mix

A student release holds the answers nowhere: ``prepost.csv`` is left out and ``prepost_statements.csv``
(id, form, statement only) is written in its place, which is all the widget needs.

The teacher turns the check off by deleting the file, with ``prepost: false`` in ``case.yaml``, or with
``prepost: false`` in the class switches file (``switches.py``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .files import ID_PATTERN, CaseError, read_csv
from .model import Case
from .timeline import load_timeline

__all__ = [
    "DIFFICULTIES", "FORMS", "ITEMS_FILE", "STATEMENTS_FILE", "VERDICTS", "Item", "load_items", "load_statements",
    "statements_csv",
]

FORMS = ("pre", "post")
VERDICTS = ("sound", "flawed")
DIFFICULTIES = ("easy", "medium", "hard")
ITEMS_FILE = "prepost.csv"
STATEMENTS_FILE = "prepost_statements.csv"
COLUMNS = ("id", "form", "statement", "verdict", "event_ids", "source_ids", "explanation", "difficulty")
STATEMENT_COLUMNS = ("id", "form", "statement")


@dataclass(frozen=True)
class Item:
    """One pre/post item (read from the statements-only file, everything but id, form and statement is empty)."""

    id: str
    form: str
    statement: str
    verdict: str
    event_ids: tuple[str, ...]
    source_ids: tuple[str, ...]
    explanation: str
    difficulty: str


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _common_problems(item: Item) -> list[str]:
    return [
        f"id {item.id!r} must be lowercase letters, digits and hyphens" if not ID_PATTERN.match(item.id) else "",
        f"form must be pre or post, not {item.form!r}" if item.form not in FORMS else "",
        "statement is empty" if not item.statement else "",
    ]


def load_items(case: Case) -> tuple[Item, ...] | None:
    """The case's full item bank (with verdicts), or ``None`` when there is none or ``case.yaml`` turns it off;
    checks every row against the timeline and raises ``CaseError`` naming the file and line."""
    path = case.file(ITEMS_FILE)
    if case.meta.get("prepost") is False or not path.is_file():
        return None
    timeline = load_timeline(case)
    items: list[Item] = []
    seen: set[str] = set()
    for row in read_csv(path, COLUMNS):
        item = Item(row["id"], row["form"], row["statement"], row["verdict"], _split(row["event_ids"]),
                    _split(row["source_ids"]), row["explanation"], row["difficulty"])
        problems = [
            *_common_problems(item),
            f"id {item.id!r} is used twice" if item.id in seen else "",
            f"verdict must be sound or flawed, not {item.verdict!r}" if item.verdict not in VERDICTS else "",
            f"difficulty must be one of {', '.join(DIFFICULTIES)}" if item.difficulty not in DIFFICULTIES else "",
            "every item needs event_ids and source_ids" if not item.event_ids or not item.source_ids else "",
            *[f"no event {e!r} in timeline.csv" for e in item.event_ids if timeline.event(e) is None],
            *[f"no source {s!r} in sources.csv" for s in item.source_ids if s not in timeline.sources],
        ]
        problems = [p for p in problems if p]
        if problems:
            raise CaseError(f"{path}:{row['_line']}: {problems[0]}")
        seen.add(item.id)
        items.append(item)
    for form in FORMS:
        if {i.verdict for i in items if i.form == form} != set(VERDICTS):
            raise CaseError(f"{path}: the {form} form needs both sound and flawed items")
    return tuple(items)


def load_statements(case: Case) -> tuple[Item, ...] | None:
    """What the widget shows: the full bank in the teacher's copy, else the release's statements-only file;
    ``None`` when the case has neither or ``case.yaml`` turns the check off."""
    if case.meta.get("prepost") is False:
        return None
    if case.file(ITEMS_FILE).is_file():
        return load_items(case)
    path = case.file(STATEMENTS_FILE)
    if not path.is_file():
        return None
    items: list[Item] = []
    for row in read_csv(path, STATEMENT_COLUMNS):
        item = Item(row["id"], row["form"], row["statement"], "", (), (), "", "")
        problems = [p for p in _common_problems(item) if p]
        if problems:
            raise CaseError(f"{path}:{row['_line']}: {problems[0]}")
        items.append(item)
    return tuple(items)


def statements_csv(case: Case) -> str | None:
    """``prepost_statements.csv`` for a student release: id, form and statement of every item, no answers;
    ``None`` when the case has no item bank (or turns the check off)."""
    items = load_items(case)
    if items is None:
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATEMENT_COLUMNS)
    for item in items:
        writer.writerow((item.id, item.form, item.statement))
    return out.getvalue()
