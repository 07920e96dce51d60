"""What the notebooks say about one particular article: ``lessons/cases/<id>/teaching.yaml``, else the key.

Why: the notebooks and the shared taxonomies are written for any opinion article; what is true only of
this article (the example beside each claim type, verdict and device, the worked examples, notebook 03's
starting filter, questions about its author note, the README's introduction) lives in the case folder.
Where the case gives no example, one is taken from its key, so a new case needs no teaching file at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .files import CaseError, read_csv, read_yaml
from .model import Case
from .quotes import find_all

__all__ = ["Example", "about_case", "label_example", "teaching", "timeline_filter", "worked_example"]

TEACHING_FILE = "teaching.yaml"
PARTS = {"headline": 0, "dek": -1}
# which key file and column holds each kind of label
_KEY_COLUMN = {"claim_types": ("claims.csv", "type"), "verdicts": ("claims.csv", "verdict"),
               "devices": ("devices.csv", "device")}


@dataclass(frozen=True)
class Example:
    """A quote of the article that illustrates a label: where it is (0 headline, -1 dek) and its words."""

    paragraph: int
    quote: str

    @property
    def where(self) -> str:
        """``¶3``, ``headline`` or ``dek``."""
        return {0: "headline", -1: "dek"}.get(self.paragraph, f"¶{self.paragraph}")


def teaching(case: Case) -> dict[str, Any]:
    """The case's teaching.yaml as a mapping (empty when the case has none)."""
    path = case.file(TEACHING_FILE)
    if not path.is_file():
        return {}
    data = read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CaseError(f"{path}:1: expected a mapping (examples, worked_examples, timeline_filter, questions)")
    return data


def _paragraph(value: Any) -> int | None:
    text = str(value).strip()
    if text in PARTS:
        return PARTS[text]
    return int(text) if text.isdigit() else None


def _placed(case: Case, paragraph: int | None, quote: str) -> Example | None:
    if paragraph is None or not quote:
        return None
    text = case.part_text(paragraph)
    if text is None:
        return None
    return Example(paragraph, quote) if len(find_all(text, quote)) == 1 else None


def label_example(case: Case, kind: str, label_id: str) -> Example | None:
    """The example of label ``label_id`` (``kind``: claim_types, verdicts or devices) in this article.

    teaching.yaml's ``examples`` first; otherwise the first row of the case's key with that label, preferring
    rows marked ``core``; ``None`` when neither places a quote in the article.
    """
    given = ((teaching(case).get("examples") or {}).get(kind) or {}).get(label_id)
    if isinstance(given, dict):
        return _placed(case, _paragraph(given.get("paragraph")), str(given.get("quote") or ""))
    file, column = _KEY_COLUMN[kind]
    path = case.file("key", file)
    if not path.is_file():
        return None
    rows = [r for r in read_csv(path) if r.get(column) == label_id]
    rows.sort(key=lambda r: r.get("core") != "yes")
    for row in rows:
        found = _placed(case, _paragraph(row.get("paragraph")), row.get("quote", ""))
        if found:
            return found
    return None


def worked_example(case: Case, activity: str) -> str | None:
    """The Markdown worked example for ``activity`` (``tag-claims`` or ``devices``), or ``None``."""
    text = (teaching(case).get("worked_examples") or {}).get(activity)
    return str(text).strip() if text else None


def timeline_filter(case: Case) -> dict[str, Any]:
    """Notebook 03's starting filter (``category``, ``start``, ``end``, ``text``), empty for the whole record."""
    chosen = teaching(case).get("timeline_filter") or {}
    return {k: v for k, v in chosen.items() if k in {"category", "start", "end", "text"}}


def words_hint(case: Case) -> str:
    """The placeholder of notebook 03's word filters: teaching.yaml's ``timeline_words_hint`` (words from this
    article that find events, "e.g. …"), else a hint that names no article."""
    hint = " ".join(str(teaching(case).get("timeline_words_hint") or "").split())
    return f"e.g. {hint}" if hint else "a word from the article"


def about_case(case: Case, *, readme: bool = False) -> str:
    """One paragraph introducing the article: title, author, outlet, date, and teaching.yaml's ``about``."""
    meta = case.meta
    about = str(teaching(case).get("about") or meta.get("about") or "").strip()
    text = (f"Students read **one real opinion article** closely — *“{case.title}”* by {meta.get('author')} "
            f"({meta.get('outlet')}, {meta.get('published')}){', ' + about if about else ''}")
    if readme:
        text += (" — then tag its claims, check the factual ones against a sourced timeline, and chart the "
                 "rhetorical devices it uses. The kit analyses **how** the article argues, not which side is right.")
        rights = " ".join(str(meta.get("rights_note") or "").split())
        return f"{text} {rights}".strip()
    return text + "."
