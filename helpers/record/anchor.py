"""Re-anchor span answers in the current article and keep only well-formed ones.

Why: a span is stored like a W3C Web Annotation (paragraph, exact quote, a little context, offsets), so a
small edit of the article does not orphan it: offsets are tried first, then the quote near them, then the
quote anywhere in the body. The headline (paragraph 0) and the standfirst (-1) are anchored like any paragraph.
What the browser sends is untrusted, so malformed entries are dropped here, before saving.
"""

from __future__ import annotations

from typing import Any

from ..case import Case
from .types import SpanItem

__all__ = ["MAX_SPANS", "clean_spans"]

MAX_SPANS = 500


def _anchor(case: Case, target: dict[str, Any]) -> tuple[int, int, int] | None:
    """Re-find a stored target in the current article: offsets first, then the quote near them."""
    number, start, end, exact = target.get("paragraph"), target.get("start"), target.get("end"), target.get("exact")
    if not isinstance(exact, str) or not exact.strip():
        return None
    if isinstance(number, int) and not isinstance(number, bool) and case.has_part(number):
        text = case.paragraph(number).text
        offsets_ok = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        if isinstance(start, int) and isinstance(end, int) and offsets_ok and text[start:end] == exact:
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
) -> tuple[list[SpanItem], list[SpanItem]]:
    """Split incoming spans into (placed, unplaced): well-formed, re-anchored spans with known labels.

    Unplaced spans are ones whose quote no longer occurs in the article; they are kept, not dropped,
    so an edit of the article never deletes a student's work. Malformed entries are discarded.
    """
    placed: list[SpanItem] = []
    unplaced: list[SpanItem] = []
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
        span: SpanItem = {
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
