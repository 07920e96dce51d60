"""Notebook 04's rewrite activity (read by hand), and the counts it shows: loaded words and a few signals.

Why: "where does the temperature rise?" is a question students can answer with a count, and rewriting
a hot paragraph in plain words shows what the devices were doing. The counter reads the word list in
``lessons/taxonomy/loaded_words.txt`` (teachers edit it) and matches whole words and phrases,
case-insensitively, with curly and straight apostrophes treated alike and the longest phrase first, so
"backed down" is one hit, not two. Besides loaded words it counts only what a program can see honestly:
quoted short phrases with no speaker nearby, exclamation and question marks, intensifiers and absolutes.
These are *signals* to read in context, not devices: sarcasm, metaphor or a straw man need a reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..case.model import Case
from ..case.taxonomy import TAXONOMY_DIR
from .base import Activity

__all__ = ["ACTIVITY", "MAX_TEXT", "SIGNALS", "LoadedCount", "count_loaded", "count_signals", "count_words",
           "load_loaded_words", "loaded_rows", "loaded_terms", "rewrite_counts"]

LOADED_WORDS = TAXONOMY_DIR / "loaded_words.txt"
CASE_LOADED_WORDS = "loaded_words.txt"  # per-case additions, in the case folder
MAX_TEXT = 20000
Hit = tuple[str, int, int]  # (term as listed, start, end) in the original text

# Apostrophe look-alikes folded to "'" before matching (one character for one, so offsets stay put).
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'"})
# The counts' patterns are kept as text and compiled by ``re`` (which keeps them) when a count first runs: grading
# imports this module for ``ACTIVITY`` alone, and compiling these three at import was ~2 ms of its start.
_WORD = r"\w+(?:['\u2019\-]\w+)*"

# The signals the rewrite exercise counts: id -> (name shown on charts, what is counted).
SIGNALS: dict[str, tuple[str, str]] = {
    "scare-quotes": ("Scare quotes?", "a word or phrase of up to four words in quotation marks, no speaker nearby"),
    "exclamations": ("Exclamations", "exclamation marks"),
    "questions": ("Questions", "question marks (in opinion writing most are rhetorical: read each one)"),
    "intensifiers": ("Intensifiers", "words that turn a claim up or make it sound certain: very, clearly, of course …"),
    "absolutes": ("Absolutes", "sweeping words: always, never, all, every, nothing, typically …"),
}
INTENSIFIERS = (
    "very", "really", "extremely", "totally", "completely", "absolutely", "entirely", "incredibly", "terribly",
    "hugely", "highly", "deeply", "truly", "clearly", "obviously", "of course", "certainly", "surely",
    "undoubtedly", "no doubt", "without a doubt", "strictly", "merely",
)
ABSOLUTES = (
    "always", "never", "all", "every", "everyone", "everybody", "everything", "everywhere", "nothing", "nobody",
    "no one", "none", "nowhere", "typically", "invariably",
)
# Set phrases that contain an absolute but are not sweeping ("after all" is a shrug, not a claim about all).
NOT_ABSOLUTES = ("after all", "all right", "first of all", "above all", "all but")
# Verbs that attribute a quotation to a speaker; a quoted phrase near one is reporting, not scare quotes.
_SPEECH = (  # matched ignoring case
    r"\b(?:said|says|say|told|tells|asked|asks|wrote|writes|called|calls|dubbed|described|describes|claimed|"
    r"claiming|claims|stated|states|declared|promised|warned|added|insisted|argued|explained|announced|"
    r"replied|according to|in the words of|put it)\b"
)
_QUOTED = r"“([^“”\n]{1,80})”|\"([^\"\n]{1,80})\"|(?<!\w)['‘]([^'‘’\n]{1,60})['’](?!\w)"


@dataclass(frozen=True)
class LoadedCount:
    """Loaded words in a text: how many words it has, each hit with its offsets, and hits per 100 words."""

    words: int
    hits: list[Hit]
    per_100_words: float

    @property
    def count(self) -> int:
        """How many loaded words or phrases were found."""
        return len(self.hits)

    @property
    def terms(self) -> list[str]:
        """The listed terms found, in reading order (a term found twice appears twice)."""
        return [term for term, _, _ in self.hits]


def _fold(text: str) -> str:
    return text.translate(_APOSTROPHES)


def load_loaded_words(path: Path | str | None = None) -> tuple[str, ...]:
    """The terms of a loaded-word list (default ``lessons/taxonomy/loaded_words.txt``), lowercased, in file order.

    Lines starting with ``#`` are comments and blank lines are skipped; white space inside a phrase is folded.
    """
    if path is None:
        return _default_words()
    return _read_words(Path(path))


@cache
def _default_words() -> tuple[str, ...]:
    return _read_words(LOADED_WORDS)


def _read_words(path: Path) -> tuple[str, ...]:
    terms: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        term = " ".join(_fold(line).lower().split())
        if term and not term.startswith("#") and term not in terms:
            terms.append(term)
    return tuple(terms)


# Word forms: a one-word term also matches its stem with a common English ending ("cowardly" → "cowards",
# "treachery" → "treacherous", "murder" → "murdered"), so a list needs one entry per word, not per form.
_STRIP = ("ously", "ness", "ing", "ly", "ed", "ous", "ies", "al", "es", "s", "y")
_ENDINGS = "s|es|ed|d|ing|ly|ily|ness|ous|ously|y|ies|ied|er|ers|ery|al|ally|ment|ments"


def _stem(word: str) -> str:
    """``word`` without one common ending, if at least four letters remain ("useless" keeps its "ss")."""
    for ending in _STRIP:
        if word.endswith(ending) and len(word) - len(ending) >= 4 and not (ending == "s" and word.endswith("ss")):
            return word[: -len(ending)]
    return word


def _term_regex(term: str) -> str:
    parts = term.split()
    if len(parts) == 1 and parts[0].isalpha():
        return rf"{re.escape(_stem(parts[0]))}(?:{_ENDINGS})?"
    return r"\s+".join(re.escape(part) for part in parts)


@cache
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for all ``terms``: whole words in any common form, longest (most words, then most letters)
    tried first."""
    ordered = sorted({" ".join(_fold(t).lower().split()) for t in terms if t.strip()},
                     key=lambda t: (-len(t.split()), -len(t), t))
    if not ordered:
        return None
    body = "|".join(_term_regex(term) for term in ordered)
    return re.compile(rf"(?<![\w\-])(?:{body})(?![\w\-])", re.IGNORECASE)


def loaded_terms(case: Case) -> tuple[str, ...]:
    """The kit's loaded-word list plus the case's own additions (``lessons/cases/<id>/loaded_words.txt``)."""
    extra = case.file(CASE_LOADED_WORDS)
    if not extra.is_file():
        return _default_words()
    return tuple(dict.fromkeys([*_default_words(), *_read_words(extra)]))


def _find_terms(text: str, terms: tuple[str, ...]) -> list[Hit]:
    pattern = _pattern(terms)
    if pattern is None:
        return []
    return [(" ".join(m.group(0).lower().split()), m.start(), m.end()) for m in pattern.finditer(_fold(text))]


def count_words(text: str) -> int:
    """Words in ``text``: runs of letters or digits, joined by apostrophes or hyphens ("Kerry’s", "cease-fire")."""
    return len(re.findall(_WORD, text))


def count_loaded(text: str, terms: tuple[str, ...] | list[str] | None = None) -> LoadedCount:
    """The loaded words of ``text`` (from ``terms``, default the kit's list) and their density per 100 words."""
    chosen = tuple(terms) if terms is not None else load_loaded_words()
    hits = _find_terms(text, chosen)
    words = count_words(text)
    return LoadedCount(words, hits, round(100 * len(hits) / words, 2) if words else 0.0)


def _scare_quotes(text: str) -> list[Hit]:
    hits = []
    for m in re.finditer(_QUOTED, text):
        inner = next(g for g in m.groups() if g is not None).strip(" .,;:!?")
        if not inner or not re.search(r"[^\W\d_]", inner) or len(inner.split()) > 4:
            continue
        before, after = text[max(0, m.start() - 60) : m.start()], text[m.end() : m.end() + 30]
        if re.search(_SPEECH, before, re.IGNORECASE) or re.search(_SPEECH, after, re.IGNORECASE):
            continue
        hits.append((m.group(0), m.start(), m.end()))
    return hits


def count_signals(text: str) -> dict[str, list[Hit]]:
    """The detectable signals of ``text`` (see ``SIGNALS``), each a list of (what was found, start, end)."""
    return {
        "scare-quotes": _scare_quotes(text),
        "exclamations": [(m.group(0), m.start(), m.end()) for m in re.finditer(r"!+", text)],
        "questions": [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\?+", text)],
        "intensifiers": _find_terms(text, INTENSIFIERS),
        "absolutes": [h for h in _find_terms(text, ABSOLUTES + NOT_ABSOLUTES) if h[0] not in NOT_ABSOLUTES],
    }


def rewrite_counts(text: str, terms: tuple[str, ...] | None = None) -> dict[str, int]:
    """Loaded words (from ``terms``, default the kit's list) and each signal in ``text``, counted, keyed by the
    names charts show."""
    counts = {"Loaded words": count_loaded(text, terms).count}
    counts.update({SIGNALS[k][0]: len(v) for k, v in count_signals(text).items()})
    return counts


def loaded_rows(case: Case) -> list[dict[str, int | float | str]]:
    """Per paragraph: words, loaded words, loaded words per 100 words, and the terms found."""
    rows: list[dict[str, int | float | str]] = []
    terms = loaded_terms(case)
    for p in case.paragraphs:
        counted = count_loaded(p.text, terms)
        rows.append({"paragraph": p.number, "words": counted.words, "loaded": counted.count,
                     "per_100_words": counted.per_100_words, "terms": ", ".join(counted.terms)})
    return rows


ACTIVITY = Activity(id="rewrite", notebook="04_rhetorical_devices", kind="text", noun="answer",
                    hand_in="neutral rewrite", hand_part="rewrite")
