"""Turn scores into feedback a student can act on, as Markdown with every student-supplied text escaped.

Why one module: the grader's feedback files and the notebooks' "check my work" say the same things in
the same words, and escaping is done in one place so hostile text in a name or reason stays text.
"""

from __future__ import annotations

import html
import re

from .case import Case
from .scoring import Scored
from .taxonomy import claim_types

__all__ = ["claims_feedback", "escape_md"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def escape_md(text: str) -> str:
    """Text made safe to put inside Markdown: HTML escaped, Markdown punctuation backslashed, one line."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def _quote(text: str, limit: int = 140) -> str:
    short = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return escape_md(short) if short[:1] in "“\"‘'" else f"“{escape_md(short)}”"


def claims_feedback(case: Case, scored: Scored, *, for_student: bool = False) -> str:
    """Feedback on claim tagging: what was found, what type the key gives, what was missed or extra."""
    names = {label.id: label.name for label in claim_types()}
    checkable = {label.id for label in claim_types() if label.extra.get("checkable")}
    lines = [
        "## Claims (notebook 02)",
        "",
        f"You tagged **{scored.guesses}** span(s); the key lists **{scored.key_spans}** claims. "
        f"Precision {scored.precision:.0%} (how much of what you tagged is a key claim with its type), "
        f"recall {scored.recall:.0%} (how much of the key you found), score **{scored.score:g}/100**.",
        "",
    ]
    found = [m for m in scored.matches if m[1] is not None]
    missed = [m for m in scored.matches if m[1] is None]
    if found:
        lines += ["### Claims you found", ""]
        for key_span, guess, covered, credit in sorted(found, key=lambda m: (m[0].paragraph, m[0].start)):
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
                f"- ¶{key_span.paragraph} {_quote(key_span.quote)} — {verdict}; your span covers {covered:.0%} of it."
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
        for key_span, *_ in sorted(missed, key=lambda m: (m[0].paragraph, m[0].start)):
            name = escape_md(names.get(key_span.label, key_span.label))
            lines.append(f"- ¶{key_span.paragraph} {_quote(key_span.quote)} — *{name}*")
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
            lines.append(f"- ¶{guess.paragraph} {_quote(guess.quote)} — you said *{name}*")
        lines.append("")
    if for_student and not missed and not scored.extras and found:
        lines.append("Well done: every key claim found, and nothing extra.")
    return "\n".join(lines)
