"""Count loaded words and a few detectable persuasion signals in any text, and run the neutral-rewrite exercise.

Why: "where does the temperature rise?" is a question students can answer with a count, and rewriting
a hot paragraph in plain words shows what the devices were doing. The counter reads the word list in
``lessons/taxonomy/loaded_words.txt`` (teachers edit it) and matches whole words and phrases,
case-insensitively, with curly and straight apostrophes treated alike and the longest phrase first, so
"backed down" is one hit, not two. Besides loaded words it counts only what a program can see honestly:
quoted short phrases with no speaker nearby, exclamation and question marks, intensifiers and absolutes.
These are *signals* to read in context, not devices: sarcasm, metaphor or a straw man need a reader.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from .answers import AnswerStore
from .case import Case, load_case
from .save_status import SaveStatus
from .taxonomy import TAXONOMY_DIR

__all__ = ["SIGNALS", "LoadedCount", "RewriteExercise", "count_loaded", "count_signals", "count_words",
           "load_loaded_words", "loaded_by_paragraph", "rewrite_counts", "rewrite_exercise"]

LOADED_WORDS = TAXONOMY_DIR / "loaded_words.txt"
MAX_TEXT = 20000
Hit = tuple[str, int, int]  # (term as listed, start, end) in the original text

# Apostrophe look-alikes folded to "'" before matching (one character for one, so offsets stay put).
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'"})
_WORD = re.compile(r"\w+(?:['\u2019\-]\w+)*")

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
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|asked|asks|wrote|writes|called|calls|dubbed|described|describes|claimed|"
    r"claiming|claims|stated|states|declared|promised|warned|added|insisted|argued|explained|announced|"
    r"replied|according to|in the words of|put it)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"“([^“”\n]{1,80})”|\"([^\"\n]{1,80})\"|(?<!\w)['‘]([^'‘’\n]{1,60})['’](?!\w)")


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


@cache
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for all ``terms``: whole words, longest (most words, then most letters) tried first."""
    ordered = sorted({" ".join(_fold(t).lower().split()) for t in terms if t.strip()},
                     key=lambda t: (-len(t.split()), -len(t), t))
    if not ordered:
        return None
    body = "|".join(r"\s+".join(re.escape(part) for part in term.split()) for term in ordered)
    return re.compile(rf"(?<![\w\-])(?:{body})(?![\w\-])", re.IGNORECASE)


def _find_terms(text: str, terms: tuple[str, ...]) -> list[Hit]:
    pattern = _pattern(terms)
    if pattern is None:
        return []
    return [(" ".join(m.group(0).lower().split()), m.start(), m.end()) for m in pattern.finditer(_fold(text))]


def count_words(text: str) -> int:
    """Words in ``text``: runs of letters or digits, joined by apostrophes or hyphens ("Kerry’s", "cease-fire")."""
    return len(_WORD.findall(text))


def count_loaded(text: str, terms: tuple[str, ...] | list[str] | None = None) -> LoadedCount:
    """The loaded words of ``text`` (from ``terms``, default the kit's list) and their density per 100 words."""
    chosen = tuple(terms) if terms is not None else load_loaded_words()
    hits = _find_terms(text, chosen)
    words = count_words(text)
    return LoadedCount(words, hits, round(100 * len(hits) / words, 2) if words else 0.0)


def _scare_quotes(text: str) -> list[Hit]:
    hits = []
    for m in _QUOTED.finditer(text):
        inner = next(g for g in m.groups() if g is not None).strip(" .,;:!?")
        if not inner or not re.search(r"[^\W\d_]", inner) or len(inner.split()) > 4:
            continue
        before, after = text[max(0, m.start() - 60) : m.start()], text[m.end() : m.end() + 30]
        if _SPEECH.search(before) or _SPEECH.search(after):
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


def rewrite_counts(text: str) -> dict[str, int]:
    """Loaded words and each signal in ``text``, counted, keyed by the names charts show."""
    counts = {"Loaded words": count_loaded(text).count}
    counts.update({SIGNALS[k][0]: len(v) for k, v in count_signals(text).items()})
    return counts


def loaded_by_paragraph(case: Case | str = "sochi-2015") -> pd.DataFrame:
    """Per paragraph: words, loaded words, loaded words per 100 words, and the terms found."""
    c = case if isinstance(case, Case) else load_case(case)
    rows = []
    for p in c.paragraphs:
        counted = count_loaded(p.text)
        rows.append({"paragraph": p.number, "words": counted.words, "loaded": counted.count,
                     "per_100_words": counted.per_100_words, "terms": ", ".join(counted.terms)})
    return pd.DataFrame(rows, columns=["paragraph", "words", "loaded", "per_100_words", "terms"]).set_index("paragraph")


def _marked(text: str) -> str:
    """``text`` as HTML with its loaded words marked (every piece escaped)."""
    out, at = [], 0
    for term, start, end in count_loaded(text).hits:
        out += [html.escape(text[at:start]),
                f'<mark title="loaded: {html.escape(term)}" style="background:#F0E442;border-bottom:2px solid #000">'
                f"{html.escape(text[start:end])}</mark>"]
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


class RewriteExercise(SaveStatus):
    """Pick a paragraph, rewrite it in plain words, and watch the before/after counts; saved as you type."""

    activity = "rewrite"

    def __init__(self, case: Case | str = "sochi-2015") -> None:
        self.case = case if isinstance(case, Case) else load_case(case)
        self.store = AnswerStore(self.activity, self.case.id)
        numbers = {p.number for p in self.case.paragraphs}
        self._texts: dict[int, str] = {}
        self._loading = False
        for item in self.store.items:
            match = re.fullmatch(r"paragraph-(\d+)", str(item.get("id", "")))
            if match and int(match.group(1)) in numbers:
                self._texts[int(match.group(1))] = str(item.get("text", ""))[:MAX_TEXT]
        table = loaded_by_paragraph(self.case)
        hottest = int(table["per_100_words"].idxmax())
        start = next(reversed(self._texts), hottest)
        options = [(f"¶{n} · {row.per_100_words:g} loaded per 100 words · {' '.join(row.opening.split()[:6])} …", n)
                   for n, row in table.assign(opening=[p.text for p in self.case.paragraphs]).iterrows()]
        self.picker = widgets.Dropdown(options=options, value=start, description="Paragraph",
                                       layout=widgets.Layout(width="95%"), style={"description_width": "initial"})
        self.original_box = widgets.HTML()
        self.box = widgets.Textarea(value=self._texts.get(start, ""), description="Your rewrite",
                                    placeholder="Rewrite the paragraph in plain, neutral words. Keep every fact.",
                                    layout=widgets.Layout(width="95%", height="10em"),
                                    style={"description_width": "initial"})
        self.copy_button = widgets.Button(description="Start from the original", icon="copy",
                                          tooltip="Copy the original paragraph into the box, then edit it",
                                          layout=widgets.Layout(width="auto"))
        self.counts_box = widgets.HTML()
        self.status = widgets.HTML()
        self.picker.observe(self._on_pick, names=["value"])
        self.box.observe(self._on_text, names=["value"])
        self.copy_button.on_click(lambda _: self.set_text(self.original))
        self.widget = widgets.VBox([self.picker, self.original_box, self.copy_button, self.box, self.counts_box,
                                    self.status], layout=widgets.Layout(max_width="52rem"))
        self._show_original()
        self._show_counts()
        self._start_status("Your rewrite is saved as you type.")

    # ---- state -----------------------------------------------------------------------------------------------
    @property
    def paragraph(self) -> int:
        """The paragraph being rewritten."""
        return int(self.picker.value)

    @property
    def original(self) -> str:
        """The chosen paragraph as published."""
        return self.case.paragraph(self.paragraph).text

    @property
    def rewrite(self) -> str:
        """The student's rewrite of the chosen paragraph (empty if none yet)."""
        return self.box.value

    def rewrites(self) -> dict[int, str]:
        """Every paragraph rewritten so far, by paragraph number."""
        return dict(self._texts)

    def select(self, paragraph: int) -> None:
        """Choose the paragraph to rewrite."""
        self.picker.value = paragraph

    def set_text(self, text: str) -> None:
        """Replace the rewrite (as if typed), which saves it."""
        self.box.value = text

    def counts(self) -> pd.DataFrame:
        """Loaded words and signals in the original and in the rewrite, side by side."""
        before, after = rewrite_counts(self.original), rewrite_counts(self.rewrite)
        return pd.DataFrame({"original": before, "your rewrite": after}).rename_axis("what is counted")

    # ---- events ----------------------------------------------------------------------------------------------
    def _on_pick(self, change: dict[str, Any]) -> None:
        self._loading = True  # showing a saved rewrite is not an edit: do not save it again
        try:
            self.box.value = self._texts.get(int(change["new"]), "")
        finally:
            self._loading = False
        self._show_original()
        self._show_counts()

    def _on_text(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        text = str(change["new"])[:MAX_TEXT]
        self._texts.pop(self.paragraph, None)
        if text.strip():
            self._texts[self.paragraph] = text  # the last edited paragraph is last, so it reopens first
        self._show_counts()
        items = [{"id": f"paragraph-{n}", "text": t} for n, t in self._texts.items()]
        self._save_items(items)

    # ---- drawing ---------------------------------------------------------------------------------------------
    def _show_original(self) -> None:
        self.original_box.value = (
            f'<div style="max-width:48rem;line-height:1.6"><b>Paragraph {self.paragraph} as published</b> '
            f"(loaded words marked):<blockquote>{_marked(self.original)}</blockquote></div>"
        )

    def _show_counts(self) -> None:
        table = self.counts()
        rows = "".join(
            f"<tr><th>{html.escape(str(name))}</th><td>{int(row['original'])}</td>"
            f"<td>{int(row['your rewrite']) if self.rewrite.strip() else '–'}</td></tr>"
            for name, row in table.iterrows()
        )
        left = ", ".join(count_loaded(self.rewrite).terms)
        note = f"<p>Loaded words still in your rewrite: {html.escape(left)}</p>" if left else ""
        self.counts_box.value = (
            '<table style="border-collapse:collapse" aria-label="Counts before and after your rewrite">'
            f"<tr><th></th><th>Original</th><th>Your rewrite</th></tr>{rows}</table>{note}"
        )

    saved_what = "Your rewrite"

    def _show_status(self, text: str, level: str) -> None:
        self.status.value = f'<div role="status" aria-live="polite">{html.escape(text)}</div>'

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
        self.store.display()


def rewrite_exercise(case: Case | str = "sochi-2015") -> RewriteExercise:
    """Show the neutral-rewrite exercise for ``case`` (any saved rewrites restored) and return it."""
    from IPython.display import display

    exercise = RewriteExercise(case)
    display(exercise)
    return exercise
