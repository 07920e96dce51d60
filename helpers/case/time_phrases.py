"""Resolve an article's time words ("last week", "a couple years ago", "70-year-old") against its
publication date and a timeline: the date range each implies, the event it refers to, and how far off it is.

Why: relative time words are only as true as the date they are read from. An article published "in May
2015" that says "a couple years ago" points at 2012–2014; whether that fits depends on the event meant.
Nothing here is specific to one article: phrases are found with regular expressions over any text, each
is turned into a range of days relative to the publication window (itself a range when only the month
is known), and the event it refers to is the timeline event whose summary shares the most words with the
phrase's sentence (rare words count more; words next to the phrase count double), preferring events
inside the implied range. The table says how far the chosen event sits from what the words imply.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .article import split_sentences
from .model import Case
from .timeline import Event, add_months, load_timeline, publication_window

__all__ = ["COLUMNS", "TimePhrase", "article_time_phrases", "find_time_phrases", "resolve_time_phrases"]

_ONES = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS = {w: n for n, w in enumerate(_ONES, 1)} | {w: 10 * n for n, w in enumerate(_TENS, 2)} | {
    "a": 1, "an": 1, "a dozen": 12, "dozen": 12}
# Vague quantities: (the number they suggest, lowest, highest).
VAGUE = {"a couple": (2, 1, 3), "a couple of": (2, 1, 3), "couple of": (2, 1, 3), "a few": (3, 2, 5),
         "several": (5, 3, 9)}
_NUM = (r"(?:\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|"
        r"seven|eight|nine))?|" + "|".join(sorted(_ONES, key=len, reverse=True)) + r"|a dozen|dozen|an|a)")
_QTY = rf"(?P<qty>a couple of|a couple|couple of|a few|several|{_NUM})"
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTH = r"(?P<month>" + "|".join(_MONTHS) + r")"
_WEEKDAYS = [d.lower() for d in calendar.day_name]

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("first-in", rf"\b(?:the\s+)?first\b(?:\s+[\w-]+){{0,3}}?\s+in\s+(?:more than\s+|over\s+|nearly\s+|almost\s+)?"
                     rf"{_QTY}\s+{_UNIT}\b"),
        ("ago", rf"\b{_QTY}\s+{_UNIT}\s+ago\b"),
        ("past", rf"\b(?:in|over|during)\s+the\s+(?:past|last)\s+{_QTY}\s+{_UNIT}\b"),
        ("age", rf"\b(?P<qty>{_NUM})[- ]{_UNIT}[- ]old\b(?:\s+(?!and\b|or\b)[a-z]+)?"),
        ("anniversary", r"\b(?P<qty>\d+)(?:st|nd|rd|th)\s+anniversary\b"),
        ("period", r"\b(?P<which>last|this|past|previous|next|earlier this)\s+(?P<unit>week|month|year)\b"),
        ("day", r"\b(?P<which>yesterday|today|tomorrow)\b"),
        ("weekday", r"\b(?:on|last)\s+(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b"),
        ("recent", r"\b(?P<which>recent(?:ly)?|lately)\b(?:\s+(?!and\b|or\b|the\b|a\b)[a-z]+)?"),
        ("since", rf"\bsince\s+(?:{_MONTH}\s+)?(?P<year>(?:19|20)\d\d)\b"),
        ("date", rf"\b(?:(?P<day>\d{{1,2}})\s+)?{_MONTH}(?:\s+(?P<day2>\d{{1,2}}))?,?\s+(?P<year>(?:19|20)\d\d)\b"),
        ("year", r"\b(?:in|during|by)\s+(?P<year>(?:19|20)\d\d)\b"),
    )
)

_STOP = frozenset({
    "a", "about", "after", "again", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "during", "each", "for", "from", "had",
    "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "more", "most",
    "no", "not", "of", "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your", "said", "says", "told", "say",
    "secretary", "state", "president", "minister", "foreign", "government", "official", "officials", "department",
})
# Time words are the phrase, not its subject: they must not make an event look related.
_TIME_WORDS = frozenset({
    "ago", "last", "this", "past", "previous", "next", "recent", "recently", "lately", "first", "since", "year",
    "years", "month", "months", "week", "weeks", "day", "days", "decade", "decades", "old", "anniversary",
    "yesterday", "today", "tomorrow", "earlier", "couple", "few", "several",
})


@dataclass(frozen=True)
class TimePhrase:
    """A time phrase found in a paragraph, and the range of days it implies."""

    paragraph: int
    start: int
    end: int
    text: str
    kind: str
    implies: str
    first: dt.date
    last: dt.date
    nominal: dt.date | None  # the single day it points at, when it points at one ("two years ago")
    shift_years: int = 0  # for "70-year-old" / "70th anniversary": an event that marks the anniversary fits


def _shift(day: dt.date, amount: float, unit: str) -> dt.date:
    """``day`` moved back by ``amount`` units (days, weeks, months, years, decades); fractions allowed."""
    if unit in ("day", "week"):
        return day - dt.timedelta(days=math.floor(amount * (7 if unit == "week" else 1) + 0.5))
    months = amount * {"month": 1, "year": 12, "decade": 120}[unit]
    whole = math.floor(months)
    moved = add_months(day, -whole)
    return moved - dt.timedelta(days=round((months - whole) * 30.44))


def _quantity(text: str) -> tuple[float, float, float]:
    """(suggested, lowest, highest) for a quantity such as ``two``, ``70``, ``twenty-five`` or ``a couple``."""
    key = " ".join(text.lower().replace("-", " ").split())
    if key in VAGUE:
        return VAGUE[key]
    if key.isdigit():
        n = float(key)
    elif key in NUMBER_WORDS:
        n = float(NUMBER_WORDS[key])
    else:
        n = float(sum(NUMBER_WORDS.get(part, 0) for part in key.split()))
    return n, n - 0.5, n + 0.5


def _plural(n: float, unit: str) -> str:
    return f"{n:g} {unit}{'' if n == 1 else 's'}"


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


class _Reading(NamedTuple):
    """What a phrase implies: words, the range of days, the day it points at (if one), anniversary years."""

    implies: str
    first: dt.date
    last: dt.date
    nominal: dt.date | None = None
    shift_years: int = 0


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _counted(kind: str, g: dict[str, str], p0: dt.date, p1: dt.date, middle: dt.date) -> _Reading:
    """"two years ago", "the first in two years", "in the past three weeks"."""
    unit = g["unit"].lower()
    n, low, high = _quantity(g["qty"])
    if kind == "past":
        return _Reading(f"within the {_plural(n, unit)} before publication", _shift(p0, n, unit), p1)
    what = "the previous one" if kind == "first-in" else "it happened"
    return _Reading(f"{what} about {_plural(n, unit)} before publication", _shift(p0, high, unit),
                    _shift(p1, low, unit), _shift(middle, n, unit))


def _aged(kind: str, g: dict[str, str], p0: dt.date, p1: dt.date, middle: dt.date) -> _Reading:
    """"70-year-old victory" (70 to 71 years before), "25th anniversary" (25 years, give or take half)."""
    unit = (g.get("unit") or "year").lower()
    n, _, _ = _quantity(g["qty"])
    extra = (1.0, 0.0) if kind == "age" else (0.5, -0.5)
    years = int(n) if unit == "year" else int(n * 10) if unit == "decade" else 0
    return _Reading(f"it happened {_plural(n, unit)} before publication", _shift(p0, n + extra[0], unit),
                    _shift(p1, n + extra[1], unit), _shift(middle, n, unit), years)


def _period(g: dict[str, str], p0: dt.date, p1: dt.date) -> _Reading:
    """"last week", "this month", "next year", "earlier this year" (weeks start on Monday)."""
    which, unit = g["which"].lower(), g["unit"].lower()
    step = -1 if which in ("last", "previous", "past") else 1 if which == "next" else 0
    where = {-1: "before", 0: "of", 1: "after"}[step]
    if unit == "week":
        m0, m1 = p0 - _days(p0.weekday()), p1 - _days(p1.weekday())
        first, last = m0 + _days(7 * step), m1 + _days(7 * step + 6)
    elif unit == "month":
        first = add_months(p0.replace(day=1), step)
        last = add_months(p1.replace(day=1), step + 1) - _days(1)
    else:
        first, last = dt.date(p0.year + step, 1, 1), dt.date(p1.year + step, 12, 31)
    if step == 0:
        last = p1  # "this week / month / year" in a published article means up to publication
    return _Reading(f"the {unit} {where} publication", first, last)


def _absolute(kind: str, g: dict[str, str]) -> _Reading | None:
    """"since 2014", "since March 2014", "in 2009", "March 2014", "12 May 2015", "May 12, 2015"."""
    year = int(g["year"])
    month = _MONTHS.get((g.get("month") or "").lower())
    if kind == "since":
        first = dt.date(year, month or 1, 1)
        last = add_months(first, 1 if month else 12) - _days(1)
        return _Reading(f"it began in {first:%B %Y}" if month else f"it began in {year}", first, last)
    if kind == "date" and month:
        day = g.get("day") or g.get("day2")
        if day:
            try:
                when = dt.date(year, month, int(day))
            except ValueError:
                return None
            return _Reading(f"on {_fmt(when)}", when, when, when)
        first = dt.date(year, month, 1)
        return _Reading(f"in {first:%B %Y}", first, add_months(first, 1) - _days(1))
    return _Reading(f"in {year}", dt.date(year, 1, 1), dt.date(year, 12, 31))


def _resolve(kind: str, m: re.Match[str], window: tuple[dt.date, dt.date]) -> _Reading | None:
    """What one match implies, relative to the publication window; ``None`` when it gives no date."""
    p0, p1 = window
    middle = p0 + (p1 - p0) / 2
    g = {k: (v or "") for k, v in m.groupdict().items()}
    if kind in ("ago", "first-in", "past"):
        return _counted(kind, g, p0, p1, middle)
    if kind in ("age", "anniversary"):
        return _aged(kind, g, p0, p1, middle)
    if kind == "period":
        return _period(g, p0, p1)
    if kind == "day":
        step = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["which"].lower()]
        return _Reading(f"{g['which'].lower()} (from publication)", p0 + _days(step), p1 + _days(step))
    if kind == "weekday":
        return _Reading(f"the {g['weekday'].title()} before publication", p0 - _days(7), p1 - _days(1))
    if kind == "recent":
        return _Reading("within about six months before publication", add_months(p0, -6), p1)
    return _absolute(kind, g)


def find_time_phrases(paragraphs: Sequence[str] | str, published: tuple[dt.date, dt.date]) -> list[TimePhrase]:
    """Every time phrase in ``paragraphs`` (numbered from 1), resolved against the ``published`` window."""
    texts = [paragraphs] if isinstance(paragraphs, str) else list(paragraphs)
    found: list[TimePhrase] = []
    for number, text in enumerate(texts, 1):
        taken: list[tuple[int, int]] = []
        for kind, pattern in PATTERNS:
            for m in pattern.finditer(text):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                resolved = _resolve(kind, m, published)
                if resolved is None:
                    continue
                taken.append((m.start(), m.end()))
                found.append(TimePhrase(number, m.start(), m.end(), m.group(0), kind, *resolved))
    return sorted(found, key=lambda p: (p.paragraph, p.start))


def _stem(word: str) -> str:
    word = re.sub(r"^(\d+)(?:st|nd|rd|th)$", r"\1", word)
    word = re.sub(r"ce$", "se", word)  # defence / defense
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:6]


def _words(text: str) -> list[str]:
    """Content words of ``text``, folded and stemmed; a hyphenated word counts whole and in parts
    (``S-300`` → ``s300``, ``s``, ``300``; ``Russia’s`` → ``russia``)."""
    words: list[str] = []
    for token in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.sub(r"['’]s\b", "", text.lower())):
        parts = token.split("-")
        words += parts + (["".join(parts)] if len(parts) > 1 else [])
    return [_stem(w) for w in words if w not in _STOP and w not in _TIME_WORDS and len(w) > 1]


def _distance(event: Event, first: dt.date, last: dt.date) -> int:
    """Days between an event's date range and ``first``–``last`` (0 when they overlap)."""
    if event.last < first:
        return (first - event.last).days
    if event.first > last:
        return (event.first - last).days
    return 0


def _span(days: float) -> str:
    days = abs(days)
    if days < 60:
        return f"{days:.0f} day{'s' if round(days) != 1 else ''}"
    months = days / 30.44
    if months < 36:
        return f"{months:.0f} months"
    return f"{months / 12:.0f} years"


def _shifted(event: Event, years: int) -> tuple[dt.date, dt.date] | None:
    """For an anniversary phrase: the original date an event marks, when its text names the anniversary."""
    if years and re.search(rf"\b{years}(?:st|nd|rd|th)?\b|\b{years}[- ]year", f"{event.summary} {event.notes}"):
        return add_months(event.first, -12 * years), add_months(event.last, -12 * years)
    return None


def _describe(phrase: TimePhrase, event: Event, middle: dt.date) -> tuple[str, int, bool]:
    """(how far off, in words; signed days from what the phrase implies; whether it fits the range)."""
    first, last = event.first, event.last
    marks = _shifted(event, phrase.shift_years)
    if marks and marks[1] >= phrase.first and marks[0] <= phrase.last:
        return f"fits: it marks the anniversary of {marks[0]:%B %Y}", 0, True
    if phrase.nominal is not None:
        off = ((first + (last - first) / 2) - phrase.nominal).days
        fits = last >= phrase.first and first <= phrase.last
        said = (middle - phrase.nominal).days
        if abs(off) < 15:
            return f"fits: about {_span(said)} before, as it says", off, fits
        direction = "more recent" if off > 0 else "longer ago"
        return f"{_span(off)} {direction} than the {_span(said)} it implies", off, fits
    gap = _distance(event, phrase.first, phrase.last)
    if gap == 0:
        return "fits: inside the range", 0, True
    side = -gap if event.last < phrase.first else gap
    return f"{_span(gap)} {'before' if side < 0 else 'after'} the range", side, False


COLUMNS = ("paragraph", "phrase", "implies", "from", "to", "event", "before publication", "how far off",
           "similar words", "fits", "off_by_days", "event_id")


def resolve_time_phrases(
    paragraphs: Sequence[str] | str, published: tuple[dt.date, dt.date], events: Iterable[Event]
) -> list[dict[str, Any]]:
    """One row (keyed by ``COLUMNS``) per time phrase in ``paragraphs``: what it implies, the event it refers
    to, how far off."""
    events = list(events)
    bags = [set(_words(f"{e.summary} {e.id.removeprefix('e-')}")) for e in events]
    df = Counter(w for bag in bags for w in bag)
    weight = {w: math.log(1 + len(events) / n) for w, n in df.items()}
    texts = [paragraphs] if isinstance(paragraphs, str) else list(paragraphs)
    middle = published[0] + (published[1] - published[0]) / 2
    rows: list[dict[str, Any]] = []
    for phrase in find_time_phrases(texts, published):
        text = texts[phrase.paragraph - 1]
        start, end = next(((s, e) for s, e in split_sentences(text) if s <= phrase.start < e), (0, len(text)))
        near = set(_words(text[max(start, phrase.start - 60) : min(end, phrase.end + 60)]))
        context = Counter(_words(text[start:end]))
        scored = []
        for event, bag in zip(events, bags, strict=True):
            shared = [w for w in bag if w in context]
            score = sum(weight[w] * (2 if w in near else 1) for w in shared)
            if score > 0:
                marks = _shifted(event, phrase.shift_years)
                inside = _distance(event, phrase.first, phrase.last) == 0 or bool(
                    marks and marks[1] >= phrase.first and marks[0] <= phrase.last
                )
                scored.append((not inside, -score, _distance(event, phrase.first, phrase.last), event, len(shared)))
        scored.sort(key=lambda s: s[:3])
        best = scored[0][3] if scored else None
        how, off, fits = _describe(phrase, best, middle) if best else ("no related event in the timeline", 0, False)
        rest = sorted(scored[1:], key=lambda s: s[1])
        also = [s[3] for s in rest if -s[1] >= 0.6 * -scored[0][1] and s[4] >= 3][:2]
        rows.append({
            "paragraph": phrase.paragraph,
            "phrase": phrase.text,
            "implies": phrase.implies,
            "from": phrase.first.isoformat(),
            "to": phrase.last.isoformat(),
            "event": f"{best.short} ({best.when()})" if best else "",
            "before publication": _span((middle - best.middle).days) if best else "",
            "how far off": how,
            "similar words": "; ".join(f"{e.short} ({e.when()})" for e in also),
            "fits": fits,
            "off_by_days": off,
            "event_id": best.id if best else "",
        })
    return rows


def article_time_phrases(case: Case) -> list[dict[str, Any]]:
    """The case article's time words resolved against its publication window and its timeline."""
    # The article cannot be referring to its own publication, so an event that records it is left out.
    headline = " ".join(case.headline.lower().split())
    events = [e for e in load_timeline(case).events if headline not in " ".join(e.summary.lower().split())]
    return resolve_time_phrases([p.text for p in case.paragraphs], publication_window(case), events)
