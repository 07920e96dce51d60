""""Check my work": feedback on a tagger's or checker's answers so far, against the key, in the student's words.

Why one function: notebooks 02, 03 and 04 each end with "check my work"; which feedback to give follows
from the widget's activity, so the notebook API has one verb instead of three that each began ``check_``
(and collided with checking claims and checking a case).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from IPython.display import Markdown

from ..activities import checks, claims, devices
from ..case.key import claims_key, devices_key
from .checking import ClaimChecker
from .tagging import SpanTagger

__all__ = ["check_my_work", "review_checks", "review_claims", "review_devices"]


def review_claims(tagger: SpanTagger) -> Markdown:
    """Feedback on claim tags so far, against ``key/claims.csv``; says so plainly when the key is absent."""
    if claims_key(tagger.case) is None:
        return Markdown(claims.NO_KEY)
    if not tagger.widget.spans:
        return Markdown("You have not tagged anything yet: tag some claims above, then run this cell again.")
    return Markdown(claims.claims_feedback(tagger.case, tagger.widget.spans))


def review_devices(tagger: SpanTagger) -> Markdown:
    """Feedback on device tags so far, against ``key/devices.csv``; says so plainly when the key is absent."""
    if devices_key(tagger.case) is None:
        return Markdown(devices.NO_KEY)
    if not tagger.widget.spans:
        return Markdown("You have not tagged anything yet: tag some devices above, then run this cell again.")
    return Markdown(devices.devices_feedback(tagger.case, tagger.widget.spans))


def review_checks(checker: ClaimChecker) -> Markdown:
    """For each committed claim, the key's verdict and explanation (then locked), with scores for verdicts,
    evidence, discernment and confidence; uncommitted claims keep the key hidden."""
    if claims_key(checker.case) is None:
        return Markdown(f"**{checks.NO_KEY}**")
    scored = checks.score_checks(checker.items(), checker.case)
    if scored is None or not scored.checked:
        return Markdown("You have not committed a verdict yet: check a claim above, commit it, then run this again.")
    checker.reveal([s.item["id"] for s in scored.scored])
    answers = checker.checks
    waiting = [c for c in checker.claims if not (c.id in answers and answers[c.id]["committed"])]
    tail = (f"\n\n*{len(waiting)} claim(s) not committed yet: their key answers stay hidden until you commit.*"
            if waiting else "")
    assigned = checks.assigned_claim_ids(checker.case)
    return Markdown(checks.checks_feedback(checker.case, scored, assigned=assigned) + tail)


_REVIEWS: dict[str, Callable[[Any], Markdown]] = {
    "claims": review_claims, "devices": review_devices, "checks": review_checks,
}


def check_my_work(widget: SpanTagger | ClaimChecker) -> Markdown:
    """Feedback on the answers in ``widget`` (a claim or device tagger, or the claim checker) against the key."""
    review = _REVIEWS.get(widget.activity)
    if review is None:
        raise TypeError(f"there is no key to check {widget.activity!r} answers against")
    return review(widget)
