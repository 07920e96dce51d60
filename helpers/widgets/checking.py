"""Notebook 03's checking widget: pick a claim, link timeline events, give a verdict, say how sure and why.

Why: lateral reading is a sequence of small decisions (which events bear on this claim, does each
support or contradict it, what verdict follows), so the widget walks through them in order, one claim at
a time, with every control reachable by Tab and operable by keyboard. Answers are kept like every other
activity's (``AnswerStore``: atomic autosave, mirrored into the notebook, restored on re-run). A verdict
counts only once committed with a reason, and the key's answer for a claim is shown only after that; from
then on the claim's answer is locked, so a grade always reflects the student's own judgement.
"""

from __future__ import annotations

import html
import re
from typing import Any, cast

import ipywidgets as widgets

from ..activities.checks import NO_KEY, ClaimToCheck, checkable_key_claims, claims_to_check, verdict_feedback
from ..activities.registry import activity
from ..case.article import place_short, reading_order
from ..case.key import claims_key
from ..case.model import Case, load_case
from ..case.switches import load_switches
from ..case.taxonomy import load_verdicts
from ..case.teaching import words_hint
from ..case.timeline import load_timeline
from ..record.schema import now_iso
from ..record.store import AnswerStore
from ..record.types import CheckItem, LinkedEvent
from ..views.style import status_html, stylesheet
from .drafts import Draft
from .event_picker import EventPicker
from .key_guard import KeyGuard
from .save_status import SaveStatus, show

__all__ = ["ClaimChecker", "check_claims_against_timeline", "markdown_html"]

CONFIDENCE = [(f"{p}%" + {50: " (a guess)", 100: " (certain)"}.get(p, ""), p) for p in range(50, 101, 10)]
MIN_REASON = 15
def _css(widget: widgets.Widget, *names: str) -> widgets.Widget:
    for name in names:
        widget.add_class(name)
    return widget


# When there is no claim to offer (an article whose key asks for no fact-check, and no checkable tags of the
# student's own yet): say what to do instead of showing "0 of 0" above an empty list.
NOTHING_TO_CHECK = ("<p role=\"status\"><b>No claims to check yet.</b> In notebook 02, tag a sentence as a "
                    "<i>checkable fact</i> and save the notebook, then run this cell again: your checkable claims "
                    "appear in the list below.</p>")


class ClaimChecker(SaveStatus):
    """Check claims against the timeline; ``checks`` holds the answer items by claim id."""

    entry = activity("checks")
    activity = entry.id

    def __init__(self, case: Case | None = None, claims: list[ClaimToCheck] | None = None) -> None:
        self.case = case or load_case()
        self.timeline = load_timeline(self.case)
        self.store = AnswerStore(self.activity, self.case.id, noun=self.entry.noun)
        self.checks: dict[str, CheckItem] = {i["id"]: i for i in cast(list[CheckItem], self.store.items)}
        self.switches = load_switches(case=self.case)
        offered = claims_to_check(self.case, paragraphs=self.switches.paragraphs) if claims is None else list(claims)
        if self.switches.claims and claims is None:  # the teacher chose which claims to check
            chosen = set(self.switches.claims)
            offered = [c for c in offered if (c.key_id or c.id) in chosen]
            have = {c.key_id or c.id for c in offered}
            offered += [k for k in checkable_key_claims(self.case) if k.id in chosen and k.id not in have]
        known = {c.id for c in offered}
        saved = [ClaimToCheck.from_record(i, c["claim"]) for i, c in self.checks.items() if i not in known]
        self.claims = sorted(offered + saved, key=lambda c: (reading_order(c.paragraph), c.start, c.id))
        self._loading = False
        self._build()
        self._start_status("Nothing checked yet. Your work is saved as you go.")
        if self.claims:
            self.picker.value = self.claims[0].id
        self._load()
        controls = {"picker": (self.picker, "index"), "verdict": (self.verdict, "index"),
                    "confidence": (self.confidence, "index"), "reason": (self.reason, "value"),
                    **self.events.controls()}
        self.widget.children = (*self.widget.children, self._keep_drafts(
            controls, self._apply_drafts, scope="picker", scopes=[c.id for c in self.claims]))

    # ---- building -----------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.picker = _css(widgets.Select(options=self._options(), rows=min(8, max(2, len(self.claims))),
                                          layout=widgets.Layout(width="98%")), "mlkit-check-claims")
        self.context = widgets.HTML()
        self.events = EventPicker(self.timeline, lambda: self._on_change({}), words_hint(self.case))
        names = load_verdicts()
        self.verdict = _css(widgets.ToggleButtons(options=[(v.name, v.id) for v in names], value=None,
                                                  style={"button_width": "auto"},
                                                  tooltips=[v.definition for v in names]), "mlkit-check-verdict")
        self.ask = widgets.HTML()
        self.confidence = _css(widgets.SelectionSlider(options=CONFIDENCE, value=70, description="How sure?",
                                                       layout=widgets.Layout(width="26rem")), "mlkit-check-confidence")
        self.reason = _css(widgets.Textarea(
            placeholder="The article says …; the record shows … (name an event or a source); so …",
            layout=widgets.Layout(width="98%", height="5.5em")), "mlkit-check-reason")
        self.commit = _css(widgets.Button(description="Commit my verdict", button_style="primary", icon="check",
                                          layout=widgets.Layout(width="auto")), "mlkit-check-commit")
        self.reveal_button = _css(widgets.Button(description="Compare with the key", icon="eye",
                                                 layout=widgets.Layout(width="auto")), "mlkit-check-reveal")
        self.message = _css(widgets.HTML(), "mlkit-check-message")
        self.status = _css(widgets.HTML(), "mlkit-check-status")
        self.progress = _css(widgets.HTML(), "mlkit-check-progress")
        self.picker.observe(self._on_pick, names=["value"])
        for control in (self.verdict, self.confidence, self.reason):
            control.observe(self._on_change, names=["value"])
        self.commit.on_click(lambda _: self.commit_current())
        self.reveal_button.on_click(lambda _: self.show_key())

        def step(n: int, text: str) -> widgets.HTML:
            return widgets.HTML(f"<h4>{n}. {html.escape(text)}</h4>")

        self.widget = _css(widgets.VBox([
            widgets.HTML(stylesheet()), self.progress,
            step(1, "Choose a claim to check (↑/↓ in the list)"), self.picker, self.context,
            step(2, "Find the events that bear on it: tick each one, and say what it does to the claim"),
            self.events.widget,
            step(3, "Your verdict (or press " + ", ".join(f"{v.key} {v.name.lower()}" for v in names if v.key) + ")"),
            self.verdict, self.ask, self.confidence,
            step(4, "Why? In your own words, name the evidence"), self.reason,
            widgets.HBox([self.commit, self.reveal_button]), self.message, self.status,
            KeyGuard(root=".mlkit-check", shortcuts={v.key: _verdict_button(v.name) for v in names if v.key}),
        ], layout=widgets.Layout(max_width="60rem")), "mlkit-check")

    def _options(self) -> list[tuple[str, str]]:
        def mark(c: ClaimToCheck) -> str:
            item = self.checks.get(c.id)
            return "✔ checked" if item and item["committed"] else "✎ started" if item else "○ to do"

        def short(text: str) -> str:
            text = text if len(text) <= 64 else text[:63].rstrip() + "…"  # one line at 1024 px
            return text if text[:1] in "“\"‘'" else f"“{text}”"  # a quotation keeps its own marks

        return [(f"{mark(c)} · {place_short(c.paragraph)} · {'your tag' if c.source == 'tag' else 'suggested'}: "
                 f"{short(c.exact)}", c.id) for c in self.claims]

    # ---- showing ------------------------------------------------------------------------------------------
    @property
    def current(self) -> ClaimToCheck | None:
        """The claim being checked."""
        return next((c for c in self.claims if c.id == self.picker.value), None)

    def _on_pick(self, change: dict[str, Any]) -> None:
        if not self._loading:
            self._load()

    def _load(self) -> None:
        claim = self.current
        item = self.checks.get(claim.id) if claim else None
        self._loading = True
        try:
            self.events.set_linked(list(item["events"]) if item else self._prelinked(claim), locked=_shown(item))
            self.verdict.value = (item["verdict"] if item else "") or None
            confidence = item["confidence"] if item else None
            self.confidence.value = min(100, max(50, round(confidence * 10) * 10)) if confidence else 70
            self.reason.value = item["reason"] if item else ""
        finally:
            self._loading = False
        self.message.value = ""
        self._refresh()

    def _prelinked(self, claim: ClaimToCheck | None) -> list[LinkedEvent]:
        """Events a teacher linked in advance to a claim not started yet (``events:`` in the class file)."""
        ids = self.switches.events.get((claim.key_id or claim.id) if claim else "", ())
        return [{"event_id": e, "role": "context"} for e in ids if self.timeline.event(e)]

    def _refresh(self) -> None:
        claim = self.current
        item = self.checks.get(claim.id) if claim else None
        locked = bool(item and item.get("key_shown_at"))
        self.events.lock(locked)
        for control in (self.verdict, self.confidence, self.reason, self.commit):
            control.disabled = locked or claim is None
        self.reveal_button.disabled = not (item and item["committed"])
        if claim:
            text = self.case.paragraph(claim.paragraph).text
            self.context.value = (
                f'<blockquote class="mlkit-context"><b>{place_short(claim.paragraph).replace("¶", "Paragraph ")}:</b> '
                f"{html.escape(text[: claim.start])}<mark>{html.escape(text[claim.start : claim.end])}</mark>"
                f"{html.escape(text[claim.end :])}</blockquote>")
        picked = next((v for v in load_verdicts() if v.id == self.verdict.value), None)
        self.ask.value = (f"<p><b>{html.escape(picked.name)}:</b> {html.escape(picked.definition)} <i>Ask: "
                          f"{html.escape(str(picked.extra.get('ask', '')))}</i></p>" if picked else
                          "<p><i>Choose the verdict the evidence supports (hover for definitions).</i></p>")
        done = sum(1 for c in self.claims if _committed(self.checks.get(c.id)))
        self.progress.value = (NOTHING_TO_CHECK if not self.claims else
                               f"<p><b>{done} of {len(self.claims)} claims checked.</b> A claim counts once you "
                               "commit a verdict with a reason.</p>")
        if locked:
            self.message.value = ("<p><b>Locked.</b> You have seen the key's answer for this claim, so your "
                                  "answer is locked. Bring what you learned to the class discussion.</p>")

    # ---- saving -------------------------------------------------------------------------------------------
    def _item(self, claim: ClaimToCheck) -> CheckItem:
        before = self.checks.get(claim.id)
        item: CheckItem = {
            "id": claim.id,
            "claim": claim.as_record(),
            "events": self.events.linked(),
            "verdict": self.verdict.value or "",
            "confidence": self.confidence.value / 100,
            "reason": self.reason.value[:5000],
            "committed": bool(before and before["committed"]),
        }
        if before and before.get("committed_at"):
            item["committed_at"] = before["committed_at"]
        if before and before.get("key_shown_at"):
            item["key_shown_at"] = before["key_shown_at"]
        return item

    def _on_change(self, change: dict[str, Any]) -> None:
        claim = self.current
        if self._loading or claim is None or _shown(self.checks.get(claim.id)):
            return
        item = self._item(claim)
        if item["committed"] and {k: v for k, v in item.items() if k != "committed_at"} != {
                k: v for k, v in self.checks[claim.id].items() if k != "committed_at"}:
            item["committed"] = False
            item.pop("committed_at", None)
            self.message.value = "<p>You changed your answer after committing it: commit again when you are done.</p>"
        self._save(claim, item)

    def _apply_drafts(self, drafts: list[Draft]) -> None:
        """Checks the browser kept while the kernel could not confirm them: each into its claim, then saved."""
        ids = [c.id for c in self.claims]
        for draft in drafts:
            if draft.scope not in ids:
                continue
            if draft.scope != self.picker.value:
                draft.put(self.picker, "index", ids.index(draft.scope))  # shows that claim's saved answer
            if _shown(self.checks.get(draft.scope)):
                continue  # locked once the key was shown
            changed = False
            self._loading = True
            try:
                verdict = draft.index("verdict", len(self.verdict.options), empty=True)
                if verdict is not False:
                    changed = draft.put(self.verdict, "index", verdict) or changed
                confidence = draft.index("confidence", len(CONFIDENCE))
                if confidence is not False:
                    changed = draft.put(self.confidence, "index", confidence) or changed
                reason = draft.text("reason", 5000)
                if reason is not None:
                    changed = draft.put(self.reason, "value", reason) or changed
                changed = self.events.apply_draft(draft) or changed
            finally:
                self._loading = False
            if changed:
                self._on_change({})

    def _save(self, claim: ClaimToCheck, item: CheckItem) -> None:
        self.checks[claim.id] = item
        if not self._save_items([self.checks[c.id] for c in self.claims if c.id in self.checks]):
            return
        options = self._options()
        if options != list(self.picker.options):
            self._loading = True
            try:
                self.picker.options = options
                self.picker.value = claim.id
            finally:
                self._loading = False
        self._refresh()

    def _show_status(self, text: str, level: str) -> None:
        self.status.value = status_html(text, level)

    # ---- committing and checking --------------------------------------------------------------------------
    def commit_current(self) -> bool:
        """Commit the current claim's verdict if it has a verdict and a reason; say what is missing if not."""
        claim = self.current
        if claim is None:
            return False
        item = self._item(claim)
        if not item["verdict"]:
            self.message.value = "<p>⚠ Choose a verdict first (step 3).</p>"
            return False
        if len(item["reason"].strip()) < MIN_REASON:
            self.message.value = (f"<p>⚠ Write your reason first (step 4), at least {MIN_REASON} characters: what "
                                  "does the record show, and which event or source shows it?</p>")
            return False
        item["committed"], item["committed_at"] = True, now_iso()
        self._save(claim, item)
        tip = "" if item["events"] else " Tip: link at least one event that shows it."
        self.message.value = (f"<p>✔ Committed. Press <b>Compare with the key</b> to see the key's answer (this "
                              f"locks it), or choose the next claim.{html.escape(tip)}</p>")
        return True

    def show_key(self, claim_id: str | None = None) -> str:
        """The key's verdict and explanation for a committed claim (as HTML in the widget and returned as
        Markdown); locks the claim's answer the first time."""
        claim = next((c for c in self.claims if c.id == (claim_id or self.picker.value)), None)
        item = self.checks.get(claim.id) if claim else None
        if not (claim and item and item["committed"]):
            text = "Commit your own verdict first; then you can compare it with the key."
        elif claims_key(self.case) is None:
            text = NO_KEY
        else:
            key = next((k for k in claims_key(self.case) or () if k.id == claim.key_id and k.row.get("verdict")), None)
            if key is None:
                text = ("This is a claim you tagged yourself and the key has no verdict for it. Compare your "
                        "reasoning with a classmate's.")
            else:
                text = verdict_feedback(item, key, self.case)
                self.reveal([claim.id])
        if claim and claim.id == self.picker.value:
            shown = _shown(self.checks.get(claim.id))
            locked = "<p><b>Locked:</b> your answer to this claim can no longer change.</p>" if shown else ""
            self.message.value = f'<div class="mlkit-check-key">{markdown_html(text)}{locked}</div>'
        return text

    def reveal(self, claim_ids: list[str]) -> None:
        """Record that the key was shown for these committed claims (which locks their answers); save once."""
        stamp, changed = now_iso(), None
        for claim in self.claims:
            item = self.checks.get(claim.id)
            if claim.id in claim_ids and item and item["committed"] and not item.get("key_shown_at"):
                self.checks[claim.id] = {**item, "key_shown_at": stamp}
                changed = claim
        if changed is not None:
            self._save(changed, self.checks[changed.id])

    # ---- reading ------------------------------------------------------------------------------------------
    def items(self) -> list[CheckItem]:
        """The answer items in claim order."""
        return [self.checks[c.id] for c in self.claims if c.id in self.checks]


def _committed(item: CheckItem | None) -> bool:
    """Whether a check item exists and is committed."""
    return bool(item and item["committed"])


def _shown(item: CheckItem | None) -> bool:
    """Whether the key's answer was shown for a check item (which locks it)."""
    return bool(item and item.get("key_shown_at"))


def _verdict_button(name: str) -> str:
    """The CSS selector of a verdict's toggle button (ipywidgets puts the label in ``data-value``)."""
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'.mlkit-check-verdict button[data-value="{quoted}"]'


def markdown_html(text: str) -> str:
    """The kit's feedback Markdown (student text already HTML-escaped by ``escape_md``) as HTML for a widget:
    bold, italics, code and line breaks; characters ``escape_md`` backslashed stay plain text."""
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group(1))
        return f"\x00{len(kept) - 1}\x00"

    body = re.sub(r"\\(.)", keep, text.strip())
    body = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", body)
    body = re.sub(r"\*(.+?)\*", r"<i>\1</i>", body)
    body = re.sub(r"`(.+?)`", r"<code>\1</code>", body)
    body = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], body)
    return "<p>" + body.removeprefix("- ").replace("  \n", "<br>") + "</p>"


def check_claims_against_timeline(case: Case | None = None) -> ClaimChecker:
    """Show the checking widget for ``case`` (default: the kit's case), with any saved checks restored; return it."""
    return show(ClaimChecker(case))
