"""Load a case's sourced timeline (``timeline.csv`` + ``sources.csv``): events with date ranges, and their sources.

Why: notebook 03 checks claims against a dated record, and every event must carry its sources so a
student can see who says so. Loading validates what the widgets rely on (ids, dates at their stated
precision, known categories and sources) and names the file and line of the first problem; the full
report of every problem is ``check.find_problems``. Event dates are ranges, because ``2015-05`` means "some day
in May 2015", and the article's own publication date is a range too (see ``publication_window``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .files import ID_PATTERN, CaseError, read_csv
from .key import split_list
from .model import Case

__all__ = [
    "Event", "Source", "Timeline", "add_months", "date_bounds", "filter_events", "load_timeline", "publication_window",
]

PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class Source:
    """One row of ``sources.csv``."""

    id: str
    publisher: str
    title: str
    date: str
    url: str
    kind: str


@dataclass(frozen=True)
class Event:
    """One row of ``timeline.csv``, with the first and last day its date can mean."""

    id: str
    date: str
    precision: str
    category: str
    summary: str
    source_ids: tuple[str, ...]
    confidence: str
    notes: str
    first: dt.date
    last: dt.date

    @property
    def middle(self) -> dt.date:
        """The middle of the event's date range (where charts draw it)."""
        return self.first + (self.last - self.first) / 2

    @property
    def short(self) -> str:
        """A short label made from the id, cased as the event's text writes each word.

        ``e-2015-02-12-minsk-ii`` → ``Minsk II``; ``e-2015-05-12-kerry-s300`` → ``Kerry S-300``.
        """
        words = [w for w in self.id.removeprefix("e-").split("-") if w]
        while words and words[0].isdigit() and len(words[0]) in (2, 4):
            words.pop(0)
        spellings = _spellings(f"{self.summary} {self.notes}")
        text = " ".join(_cased(w, spellings) for w in words) or self.id
        return text[:1].upper() + text[1:]

    def when(self) -> str:
        """The date as a reader would write it: ``12 May 2015``, ``May 2015`` or ``2007``."""
        if self.precision == "day":
            return f"{self.first.day} {self.first:%B %Y}"
        if self.precision == "month":
            return f"{self.first:%B %Y}"
        return f"{self.first:%Y}"


@dataclass(frozen=True)
class Timeline:
    """A case's events in date order, its sources by id and its categories as (id, name) pairs."""

    events: tuple[Event, ...]
    sources: dict[str, Source]
    categories: tuple[tuple[str, str], ...]

    def event(self, event_id: str) -> Event | None:
        """The event with ``event_id``, if any."""
        return next((e for e in self.events if e.id == event_id), None)

    def category_name(self, category: str) -> str:
        """A category's display name (its id when unknown)."""
        return dict(self.categories).get(category, category)

    def sources_of(self, event: Event) -> list[Source]:
        """The sources an event cites, in the order it cites them."""
        return [self.sources[s] for s in event.source_ids if s in self.sources]


# Short words an id may use that are ordinary English, not abbreviations to write in capitals.
_PLAIN_SHORT = {"act", "aid", "ban", "bid", "call", "cut", "day", "deal", "end", "law", "new", "old", "pact", "plan",
                "poll", "raid", "row", "swap", "talk", "vote", "war", "week", "year"}


def _spellings(text: str) -> dict[str, list[str]]:
    """Each word of ``text`` as written there, in the text's order, by its letters and digits in lower case
    (hyphens left out: ``s300`` finds ``S-300``). Made once per event: an event's short name looks up every
    word of its id, and going through the text once per word cost a class's grading 30 ms before its first file."""
    spellings: dict[str, list[str]] = {}
    for written in _WORD.findall(text):
        if written.strip("-"):
            spellings.setdefault(written.replace("-", "").lower(), []).append(written)
    return spellings


_WORD = re.compile(r"[\w-]+")


def _cased(word: str, spellings: Mapping[str, list[str]]) -> str:
    """``word`` as the event's text writes it (``_spellings``): an abbreviation in capitals, else lower case,
    else as capitalised there. A short word the text does not use is taken for an abbreviation and written in
    capitals, unless it is an ordinary word.
    """
    found = spellings.get(word.lower(), [])
    for wanted in (lambda f: f.isupper() and len(f) > 1, str.islower, lambda f: True):
        chosen = [f for f in found if wanted(f)]
        if chosen:
            return chosen[0]
    short_abbreviation = len(word) <= 4 and word.isalnum() and not word.isdigit() and word not in _PLAIN_SHORT
    return word.upper() if short_abbreviation else word


def _last_day(year: int, month: int) -> int:
    """The number of a month's last day (``calendar.monthrange(year, month)[1]``, without importing ``calendar``
    and ``locale`` into every grading run: ~3 ms of its start)."""
    if month == 12:  # December has 31 days (and year 9999 has no next January)
        return 31
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole ``months`` (negative: back), kept within the shorter month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, _last_day(year, month + 1)))


def date_bounds(value: str | dt.date, precision: str | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day an ISO date means: ``2015-05`` → 1 May … 31 May 2015."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value, value
    text = str(value).strip()
    parts = text.split("-")
    level = precision or {3: "day", 2: "month", 1: "year"}.get(len(parts), "")
    try:
        if level == "day" and len(parts) == 3:
            day = dt.date.fromisoformat(text)
            return day, day
        if level == "month" and len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return dt.date(year, month, 1), dt.date(year, month, _last_day(year, month))
        if level == "year" and len(parts) == 1 and len(text) == 4:
            return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    except ValueError:
        pass
    raise ValueError(f"date {text!r} is not an ISO date at precision {level or '(any)'}")


def publication_window(case: Case) -> tuple[dt.date, dt.date]:
    """The range of days the article may have appeared: ``published`` at its precision, not before
    ``published_not_before`` when the case gives one (reasoned from the text, see case.yaml)."""
    meta = case.meta
    if not meta.get("published"):
        raise CaseError(f"{case.file('case.yaml')}: the field 'published' is missing")
    try:
        first, last = date_bounds(meta["published"], meta.get("published_precision"))
        if meta.get("published_not_before"):
            first = max(first, date_bounds(meta["published_not_before"], "day")[0])
    except ValueError as exc:
        raise CaseError(f"{case.file('case.yaml')}: {exc}") from exc
    if first > last:
        raise CaseError(f"{case.file('case.yaml')}: published_not_before is after the end of 'published'")
    return first, last


def _stamp(path: Path) -> int:
    return path.stat().st_mtime_ns if path.exists() else 0


def load_timeline(case: Case) -> Timeline:
    """The case's timeline and sources, validated; raises ``CaseError`` naming the file and line."""
    return _load(case, _stamp(case.file("timeline.csv")), _stamp(case.file("sources.csv")))


@lru_cache(maxsize=16)
def _load(case: Case, _timeline_stamp: int, _sources_stamp: int) -> Timeline:
    categories = tuple(
        (str(c["id"]), str(c.get("name") or c["id"]))
        for c in case.meta.get("timeline_categories") or []
        if isinstance(c, dict) and c.get("id")
    )
    sources: dict[str, Source] = {}
    path = case.file("sources.csv")
    for row in read_csv(path, ("id", "publisher", "title", "date", "url", "kind")):
        _check_id(path, row, sources)
        sources[row["id"]] = Source(row["id"], row["publisher"], row["title"], row["date"], row["url"], row["kind"])
    events: list[Event] = []
    seen: dict[str, Any] = {}
    path = case.file("timeline.csv")
    for row in read_csv(path, ("id", "date", "precision", "category", "summary", "source_ids")):
        where = f"{path}:{row['_line']}"
        _check_id(path, row, seen)
        seen[row["id"]] = True
        if row["precision"] not in PRECISIONS:
            raise CaseError(f"{where}: precision {row['precision']!r} must be day, month or year")
        try:
            first, last = date_bounds(row["date"], row["precision"])
        except ValueError as exc:
            raise CaseError(f"{where}: {exc}") from exc
        if categories and row["category"] not in dict(categories):
            raise CaseError(f"{where}: category {row['category']!r} is not one of case.yaml's timeline_categories")
        cited = split_list(row["source_ids"])
        unknown = [s for s in cited if s not in sources]
        if not cited or unknown:
            raise CaseError(f"{where}: cites unknown source(s) {unknown}" if unknown else f"{where}: cites no source")
        events.append(
            Event(
                row["id"], row["date"], row["precision"], row["category"], row["summary"], cited,
                row.get("confidence", ""), row.get("notes", ""), first, last,
            )
        )
    events.sort(key=lambda e: (e.first, e.last, e.id))
    return Timeline(tuple(events), sources, categories)


def _check_id(path: Path, row: dict[str, str], seen: dict[str, Any]) -> None:
    if not ID_PATTERN.match(row["id"]):
        raise CaseError(f"{path}:{row['_line']}: id {row['id']!r} must be lowercase letters, digits and hyphens")
    if row["id"] in seen:
        raise CaseError(f"{path}:{row['_line']}: id {row['id']!r} is used twice")


def _as_date(value: str | dt.date | None, end: bool) -> dt.date | None:
    if value is None or value == "":
        return None
    first, last = date_bounds(value)
    return last if end else first


def filter_events(
    timeline: Timeline,
    category: str | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    words: str = "",
) -> list[Event]:
    """Events of ``category`` (id or name) whose dates overlap ``start``–``end`` and whose text holds ``words``."""
    low, high = _as_date(start, end=False), _as_date(end, end=True)
    wanted = {category, *[cid for cid, name in timeline.categories if name == category]} if category else None
    needles = words.lower().split()
    chosen = []
    for event in timeline.events:
        if wanted and event.category not in wanted:
            continue
        if (low and event.last < low) or (high and event.first > high):
            continue
        text = f"{event.summary} {event.notes} {event.id}".lower()
        if all(n in text for n in needles):
            chosen.append(event)
    return chosen
