"""Notebook 02's activity: tag the article's claims with their type; scored against ``key/claims.csv``.

Why: finding the claims is the skill, so a claim found with another type still earns half credit
(``scoring.labels.claim_near_miss``), and feedback names what was found, missed and extra, with every
student-supplied text escaped.
"""

from __future__ import annotations

from ..case.key import claims_key
from ..case.model import Case
from ..case.taxonomy import load_claim_types
from ..record.types import AnswerRecord
from ..scoring.labels import claim_near_miss
from ..scoring.markdown import escape_md, quoted_md
from ..scoring.spans import Scored, guesses_from_items, score_spans
from .base import Activity, ActivityGrade, span_items

__all__ = ["ACTIVITY", "NO_KEY", "claims_feedback", "grade_claims", "score_claims"]

NO_KEY = (
    "**The answer key is not part of this copy of the kit**, so there is nothing to check against here. "
    "Your teacher has it and will go through the claims with the class."
)
COLUMNS = ("claims_tags", "claims_precision", "claims_recall", "claims_f1", "claims_score")


def score_claims(answers: object, case: Case) -> Scored | None:
    """Score span items (a widget's, or a whole record) against ``key/claims.csv``; ``None`` without a key."""
    key = claims_key(case)
    if key is None:
        return None
    return score_spans(guesses_from_items(span_items(answers)), key, claim_near_miss)


def claims_feedback(case: Case, scored: Scored, *, for_student: bool = False) -> str:
    """Feedback on claim tagging: what was found, what type the key gives, what was missed or extra."""
    names = {label.id: label.name for label in load_claim_types()}
    checkable = {label.id for label in load_claim_types() if label.extra.get("checkable")}
    lines = [
        "## Claims (notebook 02)",
        "",
        f"You tagged **{scored.guesses}** span(s); the key lists **{scored.key_spans}** claims. "
        f"Precision {scored.precision:.0%} (how much of what you tagged is a key claim with its type), "
        f"recall {scored.recall:.0%} (how much of the key you found), score **{scored.score:g}/100**.",
        "",
    ]
    found = [m for m in scored.matches if m.guess is not None]
    missed = [m for m in scored.matches if m.guess is None]
    if found:
        lines += ["### Claims you found", ""]
        for match in sorted(found, key=lambda m: (m.key.paragraph, m.key.start)):
            key_span, guess, covered, credit = match.key, match.guess, match.covered, match.credit
            assert guess is not None
            verdict = (
                "type matches"
                if credit >= 1
                else (
                    f"you said *{escape_md(names.get(guess.label, guess.label))}*; the key says "
                    f"*{escape_md(names.get(key_span.label, key_span.label))}*"
                )
            )
            lines.append(
                f"- ¶{key_span.paragraph} {quoted_md(key_span.quote)} — {verdict}; "
                f"your span covers {covered:.0%} of it."
            )
            if credit < 1 and key_span.label not in checkable:
                lines.append(f"  - Why: {escape_md(key_span.row.get('explanation', ''))}")
        lines.append("")
    if missed:
        # Folded away: a long list of every untagged key claim would bury the feedback above it.
        lines += [
            "### Claims you did not tag",
            "",
            f"<details><summary>Show the {len(missed)} key claims you "
            "have not tagged yet (try finding more before you look)</summary>",
            "",
        ]
        for key_span in sorted((m.key for m in missed), key=lambda k: (k.paragraph, k.start)):
            name = escape_md(names.get(key_span.label, key_span.label))
            lines.append(f"- ¶{key_span.paragraph} {quoted_md(key_span.quote)} — *{name}*")
        lines += ["", "</details>", ""]
    if scored.extras:
        lines += [
            "### Tags the key does not list",
            "",
            "These may still be defensible: the key lists the main claims, not every possible one. "
            "Ask yourself whether each makes a claim, and what type.",
            "",
        ]
        for guess in sorted(scored.extras, key=lambda g: (g.paragraph, g.start)):
            name = escape_md(names.get(guess.label, guess.label))
            lines.append(f"- ¶{guess.paragraph} {quoted_md(guess.quote)} — you said *{name}*")
        lines.append("")
    if for_student and not missed and not scored.extras and found:
        lines.append("Well done: every key claim found, and nothing extra.")
    return "\n".join(lines)


def grade_claims(case: Case, document: AnswerRecord) -> ActivityGrade:
    """The gradebook columns and feedback section for one student's ``claims`` record."""
    key = claims_key(case) or ()
    scored = score_spans(guesses_from_items(document["items"]), key, claim_near_miss)
    columns: dict[str, str | int | float] = {
        "claims_tags": scored.guesses,
        "claims_precision": round(scored.precision, 3),
        "claims_recall": round(scored.recall, 3),
        "claims_f1": round(scored.f1, 3),
        "claims_score": scored.score,
    }
    return ActivityGrade(columns, claims_feedback(case, scored))


ACTIVITY = Activity(id="claims", notebook="02_tag_claims", kind="span", noun="tagged claim", hand_in="claim tags",
                    grade=grade_claims, columns=COLUMNS)
