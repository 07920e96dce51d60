"""Notebook 03's summaries: what the student found, as a table, and "check my work" against the key.

Why apart from the widget: these read the student's answers and never change them (except to record
that the key was shown, which locks a claim), so they stay small functions a notebook cell calls.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown

from .checking import NO_KEY, ClaimChecker
from .checks_grading import checks_feedback, score_checks
from .key import claims_key
from .taxonomy import verdicts

__all__ = ["check_verdicts", "checks_table", "show_verdict_scale"]


def check_verdicts(checker: ClaimChecker) -> Markdown:
    """"Check my work": for each committed claim, the key's verdict and explanation (then locked), with
    scores for verdicts, evidence, discernment and confidence; uncommitted claims keep the key hidden."""
    if claims_key(checker.case) is None:
        return Markdown(f"**{NO_KEY}**")
    scored = score_checks(checker.items(), checker.case)
    if scored is None or not scored.checked:
        return Markdown("You have not committed a verdict yet: check a claim above, commit it, then run this again.")
    checker.reveal([s.item["id"] for s in scored.scored])
    waiting = [c for c in checker.claims if not checker.checks.get(c.id, {}).get("committed")]
    tail = (f"\n\n*{len(waiting)} claim(s) not committed yet: their key answers stay hidden until you commit.*"
            if waiting else "")
    return Markdown(checks_feedback(checker.case, scored, for_student=True) + tail)


def checks_table(checker: ClaimChecker) -> pd.DataFrame:
    """What the student found: one row per claim worked on, with verdict, confidence, events and reason."""
    names = {v.id: v.name for v in verdicts()}
    rows = []
    for item in checker.items():
        rows.append({
            "paragraph": item["claim"]["paragraph"],
            "claim": item["claim"]["exact"],
            "verdict": names.get(item["verdict"], item["verdict"]),
            "how sure": f"{item['confidence']:.0%}" if item.get("confidence") is not None else "",
            "events": "; ".join(f"{checker.timeline.event(e['event_id']).short} ({e['role']})"
                                for e in item["events"] if checker.timeline.event(e["event_id"])),
            "reason": item["reason"],
            "committed": item["committed"],
        })
    return pd.DataFrame(rows, columns=["paragraph", "claim", "verdict", "how sure", "events", "reason", "committed"])


def show_verdict_scale() -> HTML:
    """The verdict scale: each verdict's name, what it means and the question to ask. The examples in
    verdicts.yaml are left out here, because they are claims the student is about to check."""
    rows = "".join(
        f'<tr><td><span style="display:inline-block;width:.9rem;height:.9rem;background:{html.escape(v.color)};'
        f'border:1px solid #333"></span></td><td><b>{html.escape(v.name)}</b></td><td>{html.escape(v.definition)}'
        f"</td><td><i>{html.escape(str(v.extra.get('ask', '')))}</i></td></tr>"
        for v in verdicts()
    )
    head = "<tr><th></th><th>Verdict</th><th>What it means</th><th>Ask yourself</th></tr>"
    style = ("<style>.mlkit-scale{border-collapse:collapse;max-width:60rem}.mlkit-scale th,.mlkit-scale td"
             "{border:1px solid #ccc;padding:.3rem .5rem;text-align:left!important;vertical-align:top}</style>")
    return HTML(f'{style}<table class="mlkit-scale">{head}{rows}</table>')
