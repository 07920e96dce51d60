"""Notebook 04's rhetorical devices: the gallery, the tagger, scoring against the key, feedback and grading.

Why: naming a device ("loaded language", "straw man") lets a student say how a passage works on a
reader without arguing about whether the writer is right. Devices come from
``lessons/taxonomy/devices.yaml``, grouped into six families; a span may carry more than one device, and
naming a device of the right family earns half credit, because seeing *what kind* of move it is is the
first half of the skill. All student-derived text in feedback is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd
from IPython.display import HTML, Markdown

from .case import Case, load_case
from .feedback import escape_md
from .key import KeySpan, devices_key
from .scoring import Scored, SpanGuess, guesses_from_items, score_spans
from .tagging import SpanTagger
from .taxonomy import Label, device_families, devices

if TYPE_CHECKING:
    from .grading import ActivityGrade

__all__ = [
    "DeviceTagger",
    "check_devices",
    "device_near_miss",
    "devices_feedback",
    "family_of",
    "grade_devices",
    "score_devices",
    "show_device_gallery",
    "tag_devices",
]

NO_KEY = (
    "**The answer key is not part of this copy of the kit**, so there is nothing to check against here. "
    "Your teacher has it and will go through the devices with the class."
)


class DeviceTagger(SpanTagger):
    """Tag the article's rhetorical devices; one span may carry several devices."""

    activity = "devices"
    noun = "tagged passage"

    def __init__(self, case: Case | str = "sochi-2015") -> None:
        super().__init__(case, devices(), multi_label=True)

    def _widget_labels(self) -> list[dict[str, str]]:
        """Devices ordered by family, each carrying its family's name so the menu can group them."""
        families = device_families()
        order = {family.id: n for n, family in enumerate(families)}
        names = {family.id: family.name for family in families}
        ranked = sorted(self.labels, key=lambda label: order.get(family_of(label.id), len(order)))
        return [{**label.as_widget_label(), "group": names.get(family_of(label.id), "")} for label in ranked]

    def records(self) -> list[dict[str, Any]]:
        """One record per (span, device), with the device's family name added."""
        names = {family.id: family.name for family in device_families()}
        return [{**r, "family": names.get(family_of(r["label"]), "")} for r in super().records()]

    def to_dataframe(self) -> pd.DataFrame:
        """The tags as a table, one row per (span, device), in reading order."""
        columns = ["paragraph", "start", "end", "quote", "label", "label_name", "family", "id"]
        return pd.DataFrame(self.records(), columns=columns)


def tag_devices(case: Case | str = "sochi-2015") -> DeviceTagger:
    """Show the device tagger for ``case`` (with any saved tags restored) and return it."""
    from IPython.display import display

    tagger = DeviceTagger(case)
    display(tagger)
    return tagger


@cache
def _families() -> dict[str, str]:
    return {label.id: str(label.extra.get("family", "")) for label in devices()}


def family_of(device: str) -> str:
    """The family id of a device id ('' for an unknown device)."""
    return _families().get(device, "")


def _name(device: str) -> str:
    return next((label.name for label in devices() if label.id == device), device)


def _family_name(family: str) -> str:
    return next((label.name for label in device_families() if label.id == family), family)


def device_near_miss(label: str, key_span: KeySpan) -> float:
    """δ for a device the key does not accept: 0.5 when it is in the same family as the key's device, else 0."""
    family = family_of(label)
    return 0.5 if family and family == family_of(key_span.label) else 0.0


def _guesses(answers: SpanTagger | dict[str, Any] | Iterable[dict[str, Any]]) -> list[SpanGuess]:
    if isinstance(answers, SpanTagger):
        return guesses_from_items(answers.widget.spans)
    if isinstance(answers, dict):
        return guesses_from_items(answers.get("items", []))
    return guesses_from_items(answers)


def score_devices(
    answers: SpanTagger | dict[str, Any] | Iterable[dict[str, Any]], case: Case | str | None = None
) -> Scored | None:
    """Score a tagger, an answer record or a list of span items against ``key/devices.csv``; ``None`` without a key."""
    if isinstance(case, Case):
        chosen = case
    elif case is None and isinstance(answers, SpanTagger):
        chosen = answers.case
    else:
        recorded = answers.get("case") if isinstance(answers, dict) else None
        chosen = load_case(case or recorded or "sochi-2015")
    key = devices_key(chosen)
    if key is None:
        return None
    return score_spans(_guesses(answers), key, device_near_miss)


def _quote(text: str, limit: int = 140) -> str:
    short = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    quoted = short[:1] in "“\"" and short.rstrip(".,")[-1:] in "”\""  # already in quotation marks
    return escape_md(short) if quoted and short else f"“{escape_md(short)}”"


def _overlaps(guess: SpanGuess, key_span: KeySpan) -> bool:
    return guess.paragraph == key_span.paragraph and min(guess.end, key_span.end) > max(guess.start, key_span.start)


def _why(key_span: KeySpan) -> str:
    return f"  - Why: {escape_md(key_span.row.get('explanation', ''))}"


def _credit(guess: SpanGuess, key_span: KeySpan) -> float:
    return 1.0 if key_span.accepts(guess.label) else device_near_miss(guess.label, key_span)


def _best(key_span: KeySpan, guesses: list[SpanGuess]) -> tuple[SpanGuess | None, float, float]:
    """The guess to report for a key span (most credit, then the key's own device, then most overlap)."""
    def overlap(g: SpanGuess) -> int:
        return min(g.end, key_span.end) - max(g.start, key_span.start)

    candidates = [g for g in guesses if _overlaps(g, key_span)]
    if not candidates:
        return None, 0.0, 0.0
    best = max(candidates, key=lambda g: (_credit(g, key_span), g.label == key_span.label, overlap(g)))
    return best, overlap(best) / max(1, key_span.end - key_span.start), _credit(best, key_span)


def devices_feedback(case: Case, scored: Scored, guesses: list[SpanGuess], *, for_student: bool = False) -> str:
    """Feedback on device tagging: found, near misses, missed (with the key's reasons), and the other tags."""
    key = [m[0] for m in scored.matches]
    matches = [(t, *_best(t, guesses)) for t in sorted(key, key=lambda t: (t.paragraph, t.start, t.id))]
    passages = len({(g.paragraph, g.start, g.end) for g in guesses})
    lines = [
        "## Rhetorical devices (notebook 04)",
        "",
        f"You tagged **{scored.guesses}** device(s) on **{passages}** passage(s); "
        f"the key lists **{scored.key_spans}**. "
        f"Precision {scored.precision:.0%} (how much of what you tagged the key agrees with), recall "
        f"{scored.recall:.0%} (how much of the key you found), score **{scored.score:g}/100**. "
        "A device from the right family earns half credit.",
        "",
    ]
    found = [m for m in matches if m[1] is not None and m[3] >= 1]
    near = [m for m in matches if m[1] is not None and 0 < m[3] < 1]
    missed = [m for m in matches if m[1] is None or m[3] == 0]
    if found:
        lines += ["### Devices you found", ""]
        for t, g, covered, _ in found:
            assert g is not None
            said = "" if g.label == t.label else f" (you said *{escape_md(_name(g.label))}*, also accepted)"
            lines.append(f"- ¶{t.paragraph} {_quote(t.quote)} — *{escape_md(_name(t.label))}*{said}; "
                         f"your span covers {covered:.0%} of it.")
        lines.append("")
    if near:
        lines += ["### Right family, another device (half credit)", ""]
        for t, g, _, _ in near:
            assert g is not None
            lines.append(f"- ¶{t.paragraph} {_quote(t.quote)} — you said *{escape_md(_name(g.label))}*; the key says "
                         f"*{escape_md(_name(t.label))}*. Both are *{escape_md(_family_name(family_of(t.label)))}*.")
            lines.append(_why(t))
        lines.append("")
    if missed:
        # Folded away, as for claims: the whole key would otherwise bury the feedback above it.
        lines += ["### Devices you did not tag", "", f"<details><summary>Show the {len(missed)} key passages you "
                  "have not tagged yet, with why each works on a reader</summary>", ""]
        for t, g, _, _ in missed:
            tried = f" You tagged these words as *{escape_md(_name(g.label))}*, from another family." if g else ""
            lines.append(f"- ¶{t.paragraph} {_quote(t.quote)} — *{escape_md(_name(t.label))}*.{tried}")
            lines.append(_why(t))
        lines += ["", "</details>", ""]
    reported = {m[1] for m in matches if m[1] is not None}
    others = sorted({g for g in guesses if g not in reported}, key=lambda g: (g.paragraph, g.start, g.label))
    defensible, unlisted = [], []
    for g in others:
        near_keys = [t for t in key if _overlaps(g, t) and (t.accepts(g.label) or device_near_miss(g.label, t))]
        if near_keys:
            t = near_keys[0]
            family = _family_name(family_of(t.label))
            how = "an accepted alternative" if t.accepts(g.label) else f"the same family ({family})"
            defensible.append(f"- ¶{g.paragraph} {_quote(g.quote)} — *{escape_md(_name(g.label))}*: {escape_md(how)} "
                              f"for the key's *{escape_md(_name(t.label))}* here.")
        else:
            overlapping = [t for t in key if _overlaps(g, t)]
            where = (f" The key tags these words as *{escape_md(_name(overlapping[0].label))}*." if overlapping
                     else " The key does not list these words.")
            unlisted.append(f"- ¶{g.paragraph} {_quote(g.quote)} — you said *{escape_md(_name(g.label))}*.{where}")
    if defensible:
        lines += ["### Your other tags: defensible alternatives", "", *defensible, ""]
    if unlisted:
        lines += [
            "### Your other tags: not in the key",
            "",
            "The key lists the clearest instances, not every possible one, so some of these may still be right. "
            "For each, ask what the words do to a reader, and which device's definition fits best.",
            "",
            *unlisted,
            "",
        ]
    if for_student and found and not near and not missed and not unlisted:
        lines.append("Well done: every key device found, and nothing the key does not list.")
    return "\n".join(lines)


def check_devices(tagger: SpanTagger) -> Markdown:
    """Feedback on the tags so far, against ``key/devices.csv``; says so plainly when the key is absent."""
    scored = score_devices(tagger)
    if scored is None:
        return Markdown(NO_KEY)
    if not tagger.widget.spans:
        return Markdown("You have not tagged anything yet: tag some devices above, then run this cell again.")
    return Markdown(devices_feedback(tagger.case, scored, _guesses(tagger), for_student=True))


def grade_devices(case: Case, document: dict[str, Any]) -> ActivityGrade:
    """The gradebook columns and feedback section for one student's ``devices`` record."""
    from .grading import ActivityGrade

    guesses = _guesses(document)
    scored = score_devices(document, case)
    if scored is None:
        columns: dict[str, Any] = {"devices_tags": len(guesses), "devices_precision": "", "devices_recall": "",
                                   "devices_f1": "", "devices_score": ""}
        return ActivityGrade(columns, "## Rhetorical devices (notebook 04)\n\nThis case has no key/devices.csv.")
    columns = {
        "devices_tags": scored.guesses,
        "devices_precision": round(scored.precision, 3),
        "devices_recall": round(scored.recall, 3),
        "devices_f1": round(scored.f1, 3),
        "devices_score": scored.score,
    }
    return ActivityGrade(columns, devices_feedback(case, scored, guesses))


_GALLERY_STYLE = """<style>
.mlkit-gallery{max-width:60rem;font-family:var(--jp-content-font-family,system-ui,sans-serif);line-height:1.5}
.mlkit-gallery details{border-left:4px solid #0072B2;margin:.6rem 0;padding:.2rem .7rem}
.mlkit-gallery summary{cursor:pointer;font-weight:700;font-size:1.05rem}
.mlkit-gallery table{border-collapse:collapse;margin:.4rem 0;table-layout:fixed;width:100%}
.mlkit-gallery th,.mlkit-gallery td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
.mlkit-gallery kbd{border:1px solid #888;border-radius:3px;padding:0 .3rem}
.mlkit-gallery .src{font-size:.75rem;color:#444}
</style>"""


def _example(label: Label, case: Case) -> str:
    example = label.extra.get("example") or {}
    quote, number = str(example.get("quote", "")), example.get("paragraph")
    placed = isinstance(number, int) and 1 <= number <= len(case.paragraphs) and case.find(quote, number)
    if not quote or not placed:
        return "<i>No clear instance in this article.</i>"
    return f"¶{number}: “{html.escape(quote)}”"


def show_device_gallery(case: Case | str = "sochi-2015") -> HTML:
    """Each family of devices, with every device's definition, how to spot it and the article's example."""
    c = case if isinstance(case, Case) else load_case(case)
    parts = [_GALLERY_STYLE, '<div class="mlkit-gallery">']
    widths = "".join(f'<col style="width:{w}%">' for w in (7, 16, 29, 29, 19))
    head = (f"<colgroup>{widths}</colgroup><tr><th>Key</th><th>Device</th><th>What it is</th><th>How to spot it</th>"
            "<th>In this article</th></tr>")
    for family in device_families():
        members = [label for label in devices() if label.extra.get("family") == family.id]
        rows = []
        for label in members:
            swatch = (f'<span aria-hidden="true" style="display:inline-block;width:.9rem;height:.9rem;'
                      f'background:{html.escape(label.color)};border:1px solid #333"></span>')
            source = "propaganda corpus" if label.extra.get("source") == "ptc" else "classic device"
            spot = " ".join(str(label.extra.get("how_to_spot", "")).split())
            rows.append(
                f"<tr><td>{swatch} {f'<kbd>{html.escape(label.key)}</kbd>' if label.key else ''}</td>"
                f"<td><b>{html.escape(label.name)}</b>"
                f'<br><span class="src">{html.escape(source)}</span></td><td>{html.escape(label.definition)}</td>'
                f"<td>{html.escape(spot)}</td><td>{_example(label, c)}</td></tr>"
            )
        description = " ".join(str(family.extra.get("description", "")).split())
        # Only the first family starts open: the whole gallery open is taller than the point at which
        # Notebook 7 folds an output into a scroll box, and one family at a time is easier to teach.
        opened = " open" if not any("<details" in part for part in parts) else ""
        parts.append(
            f"<details{opened}><summary>{html.escape(family.name)} ({len(members)} devices)</summary>"
            f"<p>{html.escape(description)}</p><table>{head}{''.join(rows)}</table></details>"
        )
    parts.append("</div>")
    return HTML("".join(parts))
