"""Notebook 03's summaries: what the student found, as a table, and the verdict scale.

Why apart from the widget: these read the student's answers and never change them, so they stay small
functions a notebook cell calls.
"""

from __future__ import annotations

import html
from typing import Protocol

import pandas as pd
from IPython.display import HTML

from ..case.article import place_short
from ..case.taxonomy import load_verdicts
from ..case.timeline import Timeline
from ..record.types import CheckItem
from .style import styled, swatch

__all__ = ["Checked", "show_checks", "show_verdict_scale", "tabulate_checks"]


class Checked(Protocol):
    """What a summary of checks needs from the checking widget."""

    timeline: Timeline

    def items(self) -> list[CheckItem]: ...


def tabulate_checks(checker: Checked) -> pd.DataFrame:
    """What the student found: one row per claim worked on, with verdict, confidence, events and reason."""
    names = {v.id: v.name for v in load_verdicts()}
    rows = []
    for item in checker.items():
        confidence = item.get("confidence")
        rows.append({
            "paragraph": item["claim"]["paragraph"],
            "claim": item["claim"]["exact"],
            "verdict": names.get(item["verdict"], item["verdict"]),
            "how sure": f"{confidence:.0%}" if confidence is not None else "",
            "events": "; ".join(f"{event.short} ({e['role']})" for e in item["events"]
                                if (event := checker.timeline.event(e["event_id"]))),
            "reason": item["reason"],
            "committed": item["committed"],
        })
    return pd.DataFrame(rows, columns=["paragraph", "claim", "verdict", "how sure", "events", "reason", "committed"])


def show_checks(checker: Checked) -> HTML:
    """``tabulate_checks`` as a readable table: the claim's words, the verdict, how sure, the events, the reason."""
    table = tabulate_checks(checker)
    if table.empty:
        return HTML(styled('<p class="mlkit-empty"><i>No claims checked yet: check one above, then run this cell '
                           "again.</i></p>"))
    rows = "".join(
        f"<tr><td>{r['paragraph'] if r['paragraph'] >= 1 else place_short(r['paragraph'])}</td>"
        f"<td>“{html.escape(str(r['claim']))}”</td>"
        f"<td><b>{html.escape(str(r['verdict']) or '—')}</b><br><small>{html.escape(str(r['how sure']))} sure"
        f"</small></td><td>{html.escape(str(r['events'])) or '—'}</td><td>{html.escape(str(r['reason']))}</td>"
        f"<td>{'✔ committed' if r['committed'] else '✎ not committed yet'}</td></tr>"
        for _, r in table.iterrows())
    head = ("<tr><th>Paragraph</th><th>Claim</th><th>Your verdict</th><th>Events you linked</th><th>Your reason</th>"
            "<th>Done?</th></tr>")
    return HTML(styled(f'<table class="mlkit-table small mlkit-checks">{head}{rows}</table>'))


def show_verdict_scale() -> HTML:
    """The verdict scale: each verdict's name, what it means and the question to ask. The examples in
    verdicts.yaml are left out here, because they are claims the student is about to check."""
    rows = "".join(
        f"<tr><td>{swatch(v.color)}</td><td><b>{html.escape(v.name)}</b></td><td>{html.escape(v.definition)}"
        f"</td><td><i>{html.escape(str(v.extra.get('ask', '')))}</i></td></tr>"
        for v in load_verdicts()
    )
    head = "<tr><th></th><th>Verdict</th><th>What it means</th><th>Ask yourself</th></tr>"
    return HTML(styled(f'<table class="mlkit-table mlkit-scale">{head}{rows}</table>'))
