"""The highlighter widget: an article in which students select spans and label them.

Why anywidget: selecting part of a text node and keyboard navigation need a custom front end, and
anywidget loads one plain ES module in JupyterLab 4 and Notebook 7 with no build step. All state is in
synced traits; the kernel treats what the browser sends as untrusted and keeps only well-formed spans.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

from .case import Case

__all__ = ["Highlighter", "clean_spans"]

STATIC = Path(__file__).parent / "static"
MAX_SPANS = 500


class Highlighter(anywidget.AnyWidget):
    """Shows paragraphs, lets the student highlight and label spans; ``spans`` holds the answers."""

    _esm = STATIC / "highlighter.js"
    _css = STATIC / "highlighter.css"

    paragraphs = traitlets.List().tag(sync=True)
    labels = traitlets.List().tag(sync=True)
    spans = traitlets.List().tag(sync=True)
    header = traitlets.Dict().tag(sync=True)
    multi_label = traitlets.Bool(False).tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    status_level = traitlets.Unicode("info").tag(sync=True)

    @classmethod
    def for_case(cls, case: Case, labels: list[dict[str, str]], multi_label: bool = False) -> Highlighter:
        """A highlighter showing ``case``'s article with ``labels`` to choose from."""
        return cls(
            paragraphs=[
                {"number": p.number, "text": p.text, "sentences": [list(s) for s in p.sentences]}
                for p in case.paragraphs
            ],
            labels=labels,
            header={
                "headline": case.headline,
                "dek": case.dek,
                "byline": f"By {case.meta.get('author', '')}, {case.meta.get('outlet', '')}",
                "note": case.author_note,
            },
            multi_label=multi_label,
        )


def _anchor(case: Case, target: dict[str, Any]) -> tuple[int, int, int] | None:
    """Re-find a stored target in the current article: offsets first, then the quote near them."""
    number, start, end, exact = target.get("paragraph"), target.get("start"), target.get("end"), target.get("exact")
    if not isinstance(exact, str) or not exact.strip():
        return None
    if isinstance(number, int) and 1 <= number <= len(case.paragraphs):
        text = case.paragraph(number).text
        offsets_ok = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        if offsets_ok and text[start:end] == exact:
            return number, start, end
        found = case.find(exact, number)
        if found:
            near = min(found, key=lambda loc: abs(loc.start - (start if isinstance(start, int) else 0)))
            return number, near.start, near.end
    found = case.find(exact)
    if len(found) == 1:
        return found[0].paragraph, found[0].start, found[0].end
    return None


def clean_spans(
    case: Case, spans: Any, allowed: set[str], multi_label: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split incoming spans into (placed, unplaced): well-formed, re-anchored spans with known labels.

    Unplaced spans are ones whose quote no longer occurs in the article; they are kept, not dropped,
    so an edit of the article never deletes a student's work. Malformed entries are discarded.
    """
    placed: list[dict[str, Any]] = []
    unplaced: list[dict[str, Any]] = []
    seen: set[str] = set()
    for raw in spans if isinstance(spans, list) else []:
        if len(placed) >= MAX_SPANS:
            break
        if not isinstance(raw, dict) or not isinstance(raw.get("target"), dict):
            continue
        ident = str(raw.get("id", ""))
        labels = [label for label in raw.get("labels", []) if isinstance(label, str) and label in allowed]
        labels = list(dict.fromkeys(labels))[: (10 if multi_label else 1)]
        if not labels or not ident or ident in seen or len(ident) > 80:
            continue
        if not all(ch.isalnum() or ch == "-" for ch in ident) or ident != ident.lower():
            continue
        seen.add(ident)
        where = _anchor(case, raw["target"])
        if where is None:
            unplaced.append({"id": ident, "labels": labels, "target": raw["target"]})
            continue
        number, start, end = where
        text = case.paragraph(number).text
        span = {
            "id": ident,
            "labels": labels,
            "target": {
                "paragraph": number,
                "exact": text[start:end],
                "prefix": text[max(0, start - 32) : start],
                "suffix": text[end : end + 32],
                "start": start,
                "end": end,
            },
        }
        if isinstance(raw.get("created_at"), str):
            span["created_at"] = raw["created_at"]
        placed.append(span)
    return placed, unplaced
