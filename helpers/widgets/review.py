""""Check my work": a button that gives feedback on a tagger's or checker's answers so far, against the key.

Why a button: feedback reads the key (and in notebook 03 locks every claim it reveals), so it must run only
when the student asks; as a plain cell it ran with Run All, revealing answers nobody looked at. Why one
function: notebooks 02, 03 and 04 each end with "check my work"; which feedback to give follows from the
widget's activity. The words come from ``review_claims``, ``review_devices`` and ``review_checks``, which
take them from each activity's feedback function.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from IPython.display import Markdown, display

from ..activities import checks, claims, devices
from ..case.key import claims_key, devices_key
from ..scoring.checks import score_checks
from ..views.style import stylesheet
from .checking import ClaimChecker
from .key_guard import KeyGuard
from .save_status import show
from .tagging import SpanTagger

__all__ = ["CheckMyWork", "check_my_work", "review_checks", "review_claims", "review_devices"]


def review_claims(tagger: SpanTagger) -> Markdown:
    """Feedback on claim tags so far, against ``key/claims.csv`` (only the paragraphs the class file shows);
    says so plainly when the key is absent."""
    if claims_key(tagger.case) is None:
        return Markdown(claims.NO_KEY)
    if not tagger.widget.spans:
        return Markdown("You have not tagged anything yet: tag some claims above, then press the button again.")
    return Markdown(claims.claims_feedback(tagger.case, tagger.widget.spans, switches=tagger.switches))


def review_devices(tagger: SpanTagger) -> Markdown:
    """Feedback on device tags so far, against ``key/devices.csv`` (only the paragraphs and devices the class
    file shows); says so plainly when the key is absent."""
    if devices_key(tagger.case) is None:
        return Markdown(devices.NO_KEY)
    if not tagger.widget.spans:
        return Markdown("You have not tagged anything yet: tag some devices above, then press the button again.")
    return Markdown(devices.devices_feedback(tagger.case, tagger.widget.spans, switches=tagger.switches))


def review_checks(checker: ClaimChecker) -> Markdown:
    """For each committed claim, the key's verdict and explanation (then locked), with scores for verdicts,
    evidence, discernment and confidence; uncommitted claims keep the key hidden."""
    if claims_key(checker.case) is None:
        return Markdown(f"**{checks.NO_KEY}**")
    scored = score_checks(checker.items(), checker.case)
    if scored is None or not scored.checked:
        return Markdown("You have not committed a verdict yet: check a claim above, commit it, then press "
                        "the button again.")
    checker.reveal([s.item["id"] for s in scored.scored])
    answers = checker.checks
    waiting = [c for c in checker.claims if not (c.id in answers and answers[c.id]["committed"])]
    tail = (f"\n\n*{len(waiting)} claim(s) not committed yet: their key answers stay hidden until you commit.*"
            if waiting else "")
    # the teacher's claims, if chosen, else the core claims in the paragraphs the class reads
    assigned = checks.assigned_claim_ids(checker.case, checker.switches.claims, checker.switches.paragraphs)
    return Markdown(checks.checks_feedback(checker.case, scored, assigned=assigned) + tail)


_REVIEWS: dict[str, Callable[[Any], Markdown]] = {
    "claims": review_claims, "devices": review_devices, "checks": review_checks,
}


_WARNINGS = {
    "claims": "Compares your tags with the answer key. It changes nothing: tag more and press it again.",
    "devices": "Compares your tags with the answer key. It changes nothing: tag more and press it again.",
    "checks": ("Shows the key's verdict for every claim you have committed, and then locks those answers. "
               "Claims you have not committed stay open and hidden."),
}


_NO_KEY = {"claims": claims.NO_KEY, "devices": devices.NO_KEY, "checks": checks.NO_KEY}


class CheckMyWork:
    """A "Check my work" button and the place its feedback appears; nothing is checked until it is pressed."""

    def __init__(self, target: SpanTagger | ClaimChecker) -> None:
        review = _REVIEWS.get(target.activity)
        if review is None:
            raise TypeError(f"there is no key to check {target.activity!r} answers against")
        self.target, self._review = target, review
        self.button = widgets.Button(description="Check my work", icon="eye", button_style="info",
                                     tooltip=_WARNINGS[target.activity], layout=widgets.Layout(width="auto"))
        self.button.add_class("mlkit-review-button")
        self.output = widgets.Output()
        self.output.add_class("mlkit-review-output")
        self.button.on_click(lambda _: self.press())
        keyless = (devices_key if target.activity == "devices" else claims_key)(target.case) is None
        said = _NO_KEY[target.activity] if keyless else _WARNINGS[target.activity]
        note = widgets.HTML(f'<p class="mlkit-review-note">{html.escape(said)}</p>')
        self.widget = widgets.VBox([widgets.HTML(stylesheet()), widgets.HBox([self.button, note]), self.output,
                                    KeyGuard(root=".mlkit-review")])
        self.widget.add_class("mlkit-review")

    def press(self) -> Markdown:
        """Give the feedback now (what the button does); returns it as Markdown."""
        self.button.disabled, self.button.description = True, "Checking…"
        try:
            text = self._review(self.target)
            self.output.clear_output()
            with self.output:
                display(text)
        finally:
            self.button.disabled, self.button.description = False, "Check my work again"
        return text

    def _ipython_display_(self) -> None:
        # once: ``show`` displays it, and the cell's value (the same object) must not add a second button
        if not getattr(self, "_displayed", False):
            self._displayed = True
            display(self.widget)


def check_my_work(widget: SpanTagger | ClaimChecker) -> CheckMyWork:
    """Show a "Check my work" button for ``widget`` (a claim or device tagger, or the claim checker): it gives
    feedback against the key only when pressed, never when the cell runs."""
    return show(CheckMyWork(widget))
