"""The class report as HTML: one function per section, and the self-contained page that joins them.

Why sections as functions: the HTML page and the instructor notebook show the same views, so each view
is written once here (``views.py`` wraps them for the notebook). Every string that came from a student
or from a case file goes through ``html.escape``; the stylesheet is a static file inlined into the page,
so the page opens offline and prints on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from .agreement import EXPLANATION, Agreement, alpha_from_counts
from .build import ClassReport, progress_activities, question_order
from .inputs import claim_types, device_families, devices, verdicts
from .prepost import bootstrap_mean_ci
from .spans import OTHER, KeyItemTally, SpanTally
from .svg import dots_ci, hbars, heat_strip, reliability, stacked_bars

__all__ = ["SECTIONS", "page", "write_page"]

CSS = (Path(__file__).parent / "static" / "report.css").read_text(encoding="utf-8")
VERDICT_COLOURS = {"accurate": "#0072B2", "mostly-accurate": "#56B4E9", "misleading": "#E69F00",
                   "inaccurate": "#D55E00", "unverifiable": "#999999"}


def _names(kind: str) -> dict[str, str]:
    labels = {"claims": claim_types(), "devices": devices(), "verdicts": verdicts(), "families": device_families()}
    return {label.id: label.name for label in labels[kind]}


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _num(x: float | None, fmt: str = "+.2f") -> str:
    return "–" if x is None else format(x, fmt)


def _students(n: int) -> str:
    return f"{n} student{'s' if n != 1 else ''}"


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _q(text: str, limit: int = 90) -> str:
    """A quote from the article, shortened and escaped."""
    text = _short(text, limit)
    if text[:1] in "“\"'‘":  # the quote starts with its own quotation mark: do not double it
        return f'<span class="quote">{escape(text)}</span>'
    return f'<span class="quote">“{escape(text)}”</span>'


def _table(caption: str, head: list[str], rows: list[list[str]], numeric: set[int] | None = None,
           row_headers: bool = True) -> str:
    """An HTML table with a caption, column headers and (by default) a row header per row. Cells are HTML."""
    numeric = numeric or set()
    th = "".join(f'<th scope="col"{" class=num" if i in numeric else ""}>{h}</th>' for i, h in enumerate(head))
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="num"' if i in numeric else ""
            cells.append(f'<th scope="row"{cls}>{cell}</th>' if i == 0 and row_headers else f"<td{cls}>{cell}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    label = escape(re.sub(r"<[^>]+>", "", caption), quote=True)
    # Focusable, so a keyboard user can scroll a wide table sideways (WCAG 2.1.1).
    return (f'<div class="scroll" tabindex="0" role="group" aria-label="{label}"><table><caption>{caption}</caption>'
            f'<thead><tr>{th}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


# ---- spans: heat strip, key items, confusion ------------------------------------------------------------------
def _heat(tally: SpanTally, what: str) -> str:
    if not tally.coders:
        return f"<p>No student has tagged any {what} yet.</p>"
    shares = tally.shares()
    rows = [(f"¶{i + 1}", s) for i, s in enumerate(shares)]
    marks = [(k.paragraph - 1, k.start, k.end, f"Key: {k.quote[:80]} (found by {t.share(tally.coders):.0%})")
             for k, t in ((t.key, t) for t in tally.items)]
    hottest = sorted(((float(s.max()), i) for i, s in enumerate(shares)), reverse=True)[:3]
    desc = (f"{tally.coders} students tagged {what}. Paragraphs with the most agreement: "
            + "; ".join(f"paragraph {i + 1}, up to {v:.0%} of students" for v, i in hottest)
            + f". {len(tally.items)} key items are marked beneath the strips; the table below lists each with the "
              "share "
              "of students who found it.")
    return heat_strip(rows, marks, f"Where the class highlighted {what}", desc,
                      "Each strip is one paragraph of the article, read left to right; darker means more students "
                      "highlighted those words. The orange marks beneath are the key's items.")


def _labels_cell(tally: KeyItemTally, names: dict[str, str], limit: int = 4) -> str:
    parts = []
    for label, n in tally.labels.most_common(limit):
        mark = " ✓" if tally.key.accepts(label) else ""
        parts.append(f'<span class="tag">{escape(names.get(label, label))}{mark} {n}</span>')
    return " ".join(parts) or "–"


def _key_items(tally: SpanTally, what: str, names: dict[str, str]) -> str:
    if not tally.coders or not tally.items:
        return ""
    ordered = sorted(tally.items, key=lambda t: (t.key.paragraph, t.key.start))
    twice = Counter((t.key.paragraph, t.key.quote) for t in ordered)

    def label(t: KeyItemTally) -> str:
        name = f" ({names.get(t.key.label, t.key.label)})" if twice[(t.key.paragraph, t.key.quote)] > 1 else ""
        return f"¶{t.key.paragraph} {_short(t.key.quote, 56 - len(name))}{name}"

    bars = [(label(t), t.share(tally.coders),
             f"{t.share(tally.coders):.0%} ({t.found}/{tally.coders})") for t in ordered]
    missed = sorted(ordered, key=lambda t: t.found)[:3]
    desc = (f"Share of the {tally.coders} students who found each of the {len(ordered)} key {what}, in article order. "
            "Least found: " + "; ".join(f"paragraph {t.key.paragraph}, {_short(t.key.quote, 50)}, "
                                        f"{t.share(tally.coders):.0%}" for t in missed) + ".")
    chart = hbars(bars, f"Key {what}: share of the class that found each", desc,
                  "Found = the student's highlights cover at least half of the key item's words.")
    rows = [[f"¶{t.key.paragraph}", _q(t.key.quote, 80), escape(names.get(t.key.label, t.key.label)),
             f"{t.share(tally.coders):.0%}", _labels_cell(t, names)] for t in ordered]
    table = _table(f"Key {what}: who found them and the labels they gave (✓ = the key accepts it)",
                   ["¶", "Key item", "Key label", "Found", "Labels given (students)"], rows, {3})
    return chart + f"<details><summary>Table: every key item, with the labels students gave</summary>{table}</details>"


def _confusion(confusion: Counter[tuple[str, str]], missed: Counter[str], names: dict[str, str], what: str) -> str:
    if not confusion and not missed:
        return ""
    key_labels = sorted({k for k, _ in confusion} | set(missed), key=lambda x: list(names).index(x)
                        if x in names else 99)
    given = sorted({g for _, g in confusion}, key=lambda x: list(names).index(x) if x in names else 99)
    head = ["Key label ↓ / student label →", *[escape(names.get(g, g)) for g in given], "Not found"]
    rows = []
    for k in key_labels:
        cells = [escape(names.get(k, k))]
        for g in given:
            n = confusion.get((k, g), 0)
            cls = "hit" if g == k and n else ("zero" if not n else "")
            cells.append(f'<span class="{cls}">{n}</span>' if cls else str(n))
        cells.append(str(missed.get(k, 0)))
        rows.append(cells)
    table = _table(f"Confusion table for {what}: each student counts once per key item they found",
                   head, rows, set(range(1, len(given) + 2)))
    return table.replace('<td class="num"><span class="hit">', '<td class="num hit"><span>')


def _top_confusions(tally: SpanTally, names: dict[str, str], limit: int = 5,
                    min_count: int = 3) -> list[tuple[str, str, int, float]]:
    """(key label, student label, count, share of the found items with that key label), largest share first."""
    per_key: Counter[str] = Counter()
    for (k, _), n in tally.confusion.items():
        per_key[k] += n
    wrong = [(k, g, n, n / per_key[k]) for (k, g), n in tally.confusion.items() if k != g and n >= min_count]
    return sorted(wrong, key=lambda r: (-r[3], -r[2], r[0]))[:limit]


def _family_confusion(tally: SpanTally) -> str:
    family_of = {d.id: str(d.extra.get("family", "")) for d in devices()}
    fam_names = _names("families")
    folded: Counter[tuple[str, str]] = Counter()
    for (k, g), n in tally.confusion.items():
        folded[(family_of.get(k, k), family_of.get(g, OTHER))] += n
    missed: Counter[str] = Counter()
    for k, n in tally.missed.items():
        missed[family_of.get(k, k)] += n
    return _confusion(folded, missed, {**fam_names, OTHER: OTHER}, "device families")


def section_claims(r: ClassReport) -> str:
    names = _names("claims")
    t = r.claims
    parts = ['<section id="claims"><h2>Claims (notebook 02)</h2>',
             f'<p class="meta">{t.coders} students tagged {t.spans} spans.</p>', _heat(t, "claims"),
             "<h3>Which key claims the class found</h3>", _key_items(t, "claims", names),
             "<h3>Claim types: the class's label against the key's</h3>",
             _confusion(t.confusion, t.missed, names, "claim types")]
    if t.coders:
        top = _top_confusions(t, names)
        if top:
            parts.append("<p>Most common mix-ups: " + "; ".join(
                f"key <b>{escape(names.get(k, k))}</b> tagged as <b>{escape(names.get(g, g))}</b> ({n}, {s:.0%})"
                for k, g, n, s in top[:3]) + ".</p>")
    return "".join(parts) + "</section>"


def section_devices(r: ClassReport) -> str:
    names = _names("devices")
    t = r.devices
    parts = ['<section id="devices"><h2>Rhetorical devices (notebook 04)</h2>',
             f'<p class="meta">{t.coders} students tagged {t.spans} spans.</p>', _heat(t, "devices"),
             "<h3>Which key devices the class found</h3>", _key_items(t, "devices", names)]
    if t.coders:
        top = _top_confusions(t, names, 10)
        rows = [[escape(names.get(k, k)), escape(names.get(g, g)), str(n), f"{s:.0%}"] for k, g, n, s in top]
        parts += ["<h3>Devices: the class's label against the key's</h3>",
                  _table("The ten most common mix-ups (share of the students who found items the key labels so)",
                         ["Key device", "Students said", "Students", "Share"], rows, {2, 3}) if rows else
                  "<p>No mix-ups: every found device got the key's label.</p>",
                  _family_confusion(t),
                  f"<details><summary>Table: every device against every device</summary>"
                  f"{_confusion(t.confusion, t.missed, names, 'devices')}</details>"]
    return "".join(parts) + "</section>"


# ---- checks -----------------------------------------------------------------------------------------------------
def section_checks(r: ClassReport) -> str:
    c = r.checks
    vnames = _names("verdicts")
    parts = ['<section id="checks"><h2>Checking claims against the timeline (notebook 03)</h2>',
             f'<p class="meta">{c.students} students committed {c.checked} verdicts '
             f"({c.unmatched} on claims the key does not check).</p>"]
    claims = sorted(c.claims.values(), key=lambda x: (x.key.paragraph, x.key.start))
    checked = [x for x in claims if x.total]
    if not checked:
        return "".join(parts) + "<p>No committed verdicts on the key's claims yet.</p></section>"
    order = list(VERDICT_COLOURS)
    rows = [(f"¶{x.key.paragraph} {x.key.quote}", [(v, x.counts.get(v, 0)) for v in order],
             f"key: {vnames.get(x.verdict, x.verdict)} · {x.right / x.total:.0%} right") for x in checked]
    worst = sorted(checked, key=lambda x: x.right / x.total)[:3]
    desc = (f"The class's verdicts on {len(checked)} key claims, with the key's verdict after each bar. Fewest right: "
            + "; ".join(f"paragraph {x.key.paragraph}, {_short(x.key.quote, 50)}: key says "
                        f"{vnames.get(x.verdict, x.verdict)}, {x.right / x.total:.0%} right" for x in worst) + ".")
    parts.append(stacked_bars(rows, VERDICT_COLOURS, vnames, "The class's verdicts beside the key's", desc,
                              "Numbers in the bars count students. Right = the key's verdict or one it accepts."))
    table_rows = []
    for x in checked:
        spread = ", ".join(f"{escape(vnames.get(v, v))} {n} ({_pct(x.mean_confidence(v))} sure)"
                           for v, n in x.counts.most_common())
        table_rows.append([f"¶{x.key.paragraph}", _q(x.key.quote, 70), escape(vnames.get(x.verdict, x.verdict)),
                           str(x.total), f"{x.right / x.total:.0%}", spread])
    parts.append("<details><summary>Table: verdicts and mean confidence per claim</summary>" + _table(
        "Verdicts per key claim (mean confidence of the students giving each verdict)",
        ["¶", "Claim", "Key verdict", "Checked", "Right", "Class verdicts"], table_rows, {3, 4}) + "</details>")
    parts.append("<h3>Telling flawed claims from sound ones</h3>")
    parts.append(
        f"<p>Flawed claims (key: misleading or inaccurate) called flawed: <b>{c.hits} of {c.flawed}</b> "
        f"(hit rate {_pct(c.hit_rate)}). Sound claims (accurate or mostly accurate) called flawed: "
        f"<b>{c.false_alarms} of {c.sound}</b> (false-alarm rate {_pct(c.false_alarm_rate)}). "
        f"<b>Class discernment {_num(c.discernment)}</b> (hit rate minus false-alarm rate: 1 = flags exactly the "
        f"flawed claims, 0 = no better than flagging everything or nothing); the mean of each student's own "
        f"discernment is {_num(c.mean_student_discernment)}.</p>")
    bins = [(conf, right, n) for _, n, conf, right in c.reliability() if n and conf is not None and right is not None]
    if bins:
        desc = ("Reliability diagram. " + "; ".join(f"{label} sure: {n} verdicts, {_pct(right)} right"
                                                     for label, n, _, right in c.reliability() if n)
                + f". Brier score {_num(c.brier, '.3f')} (0 is perfect; always 50% sure scores 0.25).")
        parts.append(reliability(bins, "Calibration: how sure the class was against how often it was right", desc,
                                 "Points below the dashed line: more sure than right (over-confident). "
                                 "Bigger points hold more verdicts."))
        parts.append(_table("Calibration bins", ["How sure", "Verdicts", "Mean confidence", "Share right"],
                            [[label, str(n), _pct(conf), _pct(right)] for label, n, conf, right in c.reliability()],
                            {1, 2, 3}))
    return "".join(parts) + "</section>"


# ---- agreement --------------------------------------------------------------------------------------------------
def agreements(tally: SpanTally, names: dict[str, str]) -> list[Agreement]:
    """Alpha for 'any span' and for every label at least one student used."""
    rows = [Agreement("*", "Any label (where the spans are)", alpha_from_counts(tally.value_counts()),
                      tally.coders)]
    for label in tally.labels:
        if tally.users[label]:
            rows.append(Agreement(label, f"{names.get(label, label)} ({_students(tally.users[label])})",
                                  alpha_from_counts(tally.value_counts(label)), tally.users[label]))
    return rows


def section_agreement(r: ClassReport) -> str:
    parts = ['<section id="agreement"><h2>Agreement among students</h2>', f"<p>{escape(EXPLANATION)}</p>"]
    for tally, what, kind in ((r.claims, "claim types", "claims"), (r.devices, "devices", "devices")):
        if tally.coders < 2:
            parts.append(f"<p>Agreement on {what} needs at least two students who tagged.</p>")
            continue
        rows = agreements(tally, _names(kind))
        bars = [(a.name, a.alpha, _num(a.alpha, ".2f") if a.alpha is not None else "not enough data") for a in rows]
        desc = f"Krippendorff's alpha per label among {tally.coders} students: " + "; ".join(
            f"{a.name} {_num(a.alpha, '.2f')}" for a in rows) + "."
        parts.append(f"<h3>{escape(what.capitalize())}</h3>")
        parts.append(hbars(bars, f"Agreement on {what} (Krippendorff's alpha)", desc,
                           "Units are the article's characters, each in or out of a span with the label (nominal).",
                           lo=-0.25, hi=1.0, refs=((0.667, "0.67"), (0.8, "0.8")), label_width=300,
                           colour="#009E73"))
    return "".join(parts) + "</section>"


# ---- key review -------------------------------------------------------------------------------------------------
def section_key_review(r: ClassReport) -> str:
    parts = ['<section id="key-review"><h2>Key review: where the class disagreed with the key</h2>',
             "<p>Not mistakes to mark: places to look at again. A majority can be wrong together, or the key can "
             "be. To change the key, edit <code>key/claims.csv</code> or <code>key/devices.csv</code> in the case "
             "folder (one row per item: <code>paragraph</code>, an exact <code>quote</code>, the label, and "
             "<code>also_accepted_types</code> / <code>also_accepted</code> / <code>accepted_verdicts</code> for "
             "other defensible answers; see <code>lessons/README.md</code>), then run "
             "<code>python -m helpers check-case lessons/cases/&lt;case&gt;</code>.</p>"]
    found_any = False
    for tally, kind, what, column in ((r.claims, "claims", "claims", "also_accepted_types"),
                                      (r.devices, "devices", "devices", "also_accepted")):
        names = _names(kind)
        disputed = tally.disputed_items()
        if disputed:
            found_any = True
            rows = [[f"¶{t.key.paragraph}", _q(t.key.quote, 80), escape(t.key.id),
                     escape(names.get(t.key.label, t.key.label)), f"{t.found - t.agreed} of {t.found}",
                     _labels_cell(t, names, 3)] for t in disputed]
            parts.append(_table(f"Key {what} that most students who found them labelled otherwise "
                                f"(to accept a label, add it to <code>{column}</code>)",
                                ["¶", "Key item", "Key id", "Key label", "Labelled otherwise", "Labels given"],
                                rows, {4}))
        extra = tally.majority_spans()
        if extra:
            found_any = True
            rows = [[f"¶{m.paragraph}", _q(m.quote, 100), f"{m.share:.0%}",
                     escape(names.get(m.label, m.label)) + f" ({m.label_share:.0%})"] for m in extra]
            parts.append(_table(f"Stretches most students tagged as {what} that the key does not list "
                                "(to add one, add a row to the key file)",
                                ["¶", "Words", "Students", "Most common label"], rows, {2}))
    disputed_checks = r.checks.disputed()
    if disputed_checks:
        found_any = True
        vnames = _names("verdicts")
        rows = [[f"¶{x.key.paragraph}", _q(x.key.quote, 80), escape(x.key.id), escape(vnames.get(x.verdict, x.verdict)),
                 f"{x.total - x.right} of {x.total}",
                 ", ".join(f"{escape(vnames.get(v, v))} {n}" for v, n in x.counts.most_common(3))]
                for x in disputed_checks]
        parts.append(_table("Key claims on which most students gave a verdict the key does not accept "
                            "(to accept one, add it to <code>accepted_verdicts</code>)",
                            ["¶", "Claim", "Key id", "Key verdict", "Other verdict", "Class verdicts"], rows, {4}))
    if not found_any:
        parts.append("<p>Nothing to review: no key item was labelled otherwise by most of the students who found "
                     "it, and no stretch tagged by most students is missing from the key.</p>")
    return "".join(parts) + "</section>"


# ---- pre/post ---------------------------------------------------------------------------------------------------
def section_prepost(r: ClassReport) -> str:
    head = '<section id="prepost"><h2>Did it work? The pre- and post-check</h2>'
    p = r.prepost
    if p is None:
        return head + ("<p>Off: this case has no <code>prepost.csv</code> (or <code>case.yaml</code> says "
                       "<code>prepost: false</code>).</p></section>")
    if not p.pre and not p.post:
        return head + "<p>No student has answered the pre- or post-check yet.</p></section>"
    d_ci = bootstrap_mean_ci(p.paired_discernment)
    b_ci = bootstrap_mean_ci(p.paired_brier)
    d_mean, b_mean = p.mean(p.paired_discernment), p.mean(p.paired_brier)
    rows = [
        ("Discernment, before", p.form_mean("pre", "discernment"), None, _num(p.form_mean("pre", "discernment"))),
        ("Discernment, after", p.form_mean("post", "discernment"), None, _num(p.form_mean("post", "discernment"))),
        ("Change in discernment", d_mean, d_ci, _change(d_mean, d_ci)),
        ("Change in Brier (lower = better)", b_mean, b_ci, _change(b_mean, b_ci)),
    ]
    desc = (f"{len(p.paired_discernment)} students answered both. Mean discernment before "
            f"{_num(p.form_mean('pre', 'discernment'))}, after {_num(p.form_mean('post', 'discernment'))}; change "
            f"{_change(d_mean, d_ci)}. Change in Brier score (lower is better) {_change(b_mean, b_ci)}.")
    verdict = ("The interval is above zero: the class got better at telling sound claims from flawed ones."
               if d_ci and d_ci[0] > 0 else
               "The interval includes zero: this class's change could be chance." if d_ci else
               "Fewer than two students answered both checks: no change can be estimated yet.")
    parts = [head, f"<p>{len(p.pre)} students answered the pre-check and {len(p.post)} the post-check; "
             f"{len(p.paired_discernment)} answered both. <b>{escape(verdict)}</b></p>",
             dots_ci(rows, "Discernment before and after, and the change with its 95% interval", desc,
                     "Discernment = hit rate on flawed items minus false-alarm rate on sound items. Brier score: 0 is "
                     "perfect, lower is better, so a negative change is an improvement. Lines: bootstrap 95% "
                     "intervals over students.")]
    item_rows = []
    for item in p.items:
        n = p.item_answered[item.id]
        item_rows.append([escape(item.id), item.form, _q(item.statement, 90), item.verdict, item.difficulty, str(n),
                          _pct(p.item_right[item.id] / n if n else None)])
    parts.append("<details><summary>Table: every item, with the share who rated it right</summary>" + _table(
        "Pre/post items", ["Item", "Form", "Statement", "Key", "Difficulty", "Answered", "Right"], item_rows,
        {5, 6}) + "</details>")
    return "".join(parts) + "</section>"


def _change(mean: float | None, ci: tuple[float, float] | None) -> str:
    if mean is None:
        return "–"
    return f"{mean:+.2f}" + (f" (95% CI {ci[0]:+.2f} to {ci[1]:+.2f})" if ci else "")


# ---- written answers, progress -----------------------------------------------------------------------------------
def section_written(r: ClassReport) -> str:
    parts = ['<section id="written"><h2>Written answers, by question</h2>',
             "<p class=\"note\">" + ("Each answer shows its writer." if r.names else
                                     "Answers are shown without names; build the report with <code>--names</code> to "
                                     "see who wrote each.") + "</p>"]
    order = question_order()
    known = {(a, q) for a, q, _ in order}
    rewrites = sorted((k for k in r.written if k[0] == "rewrite"),
                      key=lambda k: int(k[1].split("-")[-1]) if k[1].split("-")[-1].isdigit() else 0)
    others = sorted(k for k in r.written if k not in known and k[0] != "rewrite")
    prompts = {(a, q): p for a, q, p in order}
    unanswered = []
    for key in [*[(a, q) for a, q, _ in order], *rewrites, *others]:
        answers = r.written.get(key, [])
        activity, qid = key
        if activity == "rewrite":
            title = f"Rewrite of paragraph {qid.split('-')[-1]} (notebook 04)"
        else:
            title = prompts.get(key, f"{activity}: {qid}")
        if not answers:
            unanswered.append(title)
            continue
        count = f"{len(answers)} answer{'s' if len(answers) != 1 else ''}"
        parts.append(f"<h3>{escape(title)} <span class=\"meta\">({count})</span></h3>")
        items = []
        for a in answers:
            who = f'<span class="who">{escape(a.student_id)}{" · " + escape(a.name) if a.name else ""}</span>' \
                if r.names else ""
            items.append(f"<li>{who}{escape(a.text)}</li>")
        body = f'<ul class="answers">{"".join(items)}</ul>'
        parts.append(body if len(answers) <= 40 else
                     f"<details><summary>Show all {len(answers)} answers</summary>{body}</details>")
    if unanswered:
        parts.append("<h3>Questions no one has answered yet</h3><ul>"
                     + "".join(f"<li>{escape(t)}</li>" for t in unanswered) + "</ul>")
    return "".join(parts) + "</section>"


STATUS_WORDS = {"handed in": "✓ handed in", "not saved": "! not saved", "empty": "○ empty",
                "not started": "– not started"}


def section_progress(r: ClassReport) -> str:
    acts = progress_activities(r)
    counts = {a: Counter(row.status[a] for row in r.progress) for a, _ in acts}
    summary = [[f"{escape(a)} ({nb})", *[str(counts[a].get(s, 0)) for s in STATUS_WORDS]] for a, nb in acts]
    parts = ['<section id="progress"><h2>Progress: who has started, saved and handed in what</h2>',
             "<p class=\"note\">✓ handed in: answers saved inside the notebook. ! not saved: answers only in the "
             "autosave beside it (or the autosave is newer), so the student should open the notebook, run it and "
             "save. ○ empty: opened, nothing answered. – not started: no answers for it.</p>",
             _table("Activities across the class (students)", ["Activity (notebook)", *STATUS_WORDS.values()],
                    summary, {1, 2, 3, 4})]
    head = ["Student", *(["Name"] if r.names else []), *[f"{a} ({nb})" for a, nb in acts], "Problems"]
    rows = []
    for row in r.progress:
        cells = [escape(row.student_id), *([escape(row.name) or "–"] if r.names else [])]
        for a, _ in acts:
            s = row.status[a]
            n = row.answers.get(a, 0)
            short = {"handed in": f"✓ {n}", "not saved": f"! not saved ({n})", "empty": "○ empty",
                     "not started": "–"}[s]
            cells.append(f'<span class="status-{s.replace(" ", "-")}">{short}</span>')
        cells.append(escape("; ".join(row.problems)) or "–")
        rows.append(cells)
    table = _table("Each student: ✓ n = handed in with n answers; ! not saved; ○ empty; – not started", head, rows)
    parts.append(table if len(rows) <= 60 else f"<details><summary>Show all {len(rows)} students</summary>{table}"
                 "</details>")
    return "".join(parts) + "</section>"


# ---- at a glance, and the page ------------------------------------------------------------------------------------
def section_glance(r: ClassReport) -> str:
    """Five lines that answer 'what should I re-teach tomorrow?'."""
    lines = []
    cnames, dnames, vnames = _names("claims"), _names("devices"), _names("verdicts")
    for tally, what, names in ((r.claims, "claims", cnames), (r.devices, "devices", dnames)):
        if tally.coders and tally.items:
            missed = sorted(tally.items, key=lambda t: (t.found, t.key.paragraph))[:3]
            lines.append(f"<b>Key {what} the class missed most:</b> " + "; ".join(
                f"¶{t.key.paragraph} {_q(t.key.quote, 60)} ({t.share(tally.coders):.0%} found)" for t in missed) + ".")
            top = _top_confusions(tally, names, 1)
            if top:
                k, g, n, s = top[0]
                lines.append(f"<b>Biggest {what[:-1]} mix-up:</b> when students found a passage the key calls "
                             f"{escape(names.get(k, k))}, {s:.0%} of the time ({n}) they called it "
                             f"{escape(names.get(g, g))}.")
    c = r.checks
    checked = [x for x in c.claims.values() if x.total >= 2]
    if checked:
        worst = min(checked, key=lambda x: (x.right / x.total, -x.total))
        lines.append(f"<b>Verdict most got wrong:</b> ¶{worst.key.paragraph} {_q(worst.key.quote, 60)}: the key says "
                     f"{escape(vnames.get(worst.verdict, worst.verdict))}; {worst.right / worst.total:.0%} of "
                     f"{worst.total} agreed.")
        lines.append(f"<b>Discernment</b> {_num(c.discernment)} (hit rate {_pct(c.hit_rate)}, false alarms "
                     f"{_pct(c.false_alarm_rate)}); <b>Brier score</b> {_num(c.brier, '.3f')}.")
    review = len(r.claims.disputed_items()) + len(r.devices.disputed_items()) + len(r.claims.majority_spans()) \
        + len(r.devices.majority_spans()) + len(c.disputed())
    if review:
        lines.append(f'<b>Key review:</b> {review} place(s) where most of the class disagreed with the key '
                     '(<a href="#key-review">see below</a>).')
    if r.prepost is not None and r.prepost.paired_discernment:
        ci = bootstrap_mean_ci(r.prepost.paired_discernment)
        change = _change(r.prepost.mean(r.prepost.paired_discernment), ci)
        lines.append(f"<b>Pre/post:</b> discernment changed by {change}.")
    waiting = sum(1 for row in r.progress if "not saved" in row.status.values())
    idle = sum(1 for row in r.progress if all(s in ("not started", "empty") for s in row.status.values()))
    lines.append(f"<b>Progress:</b> {r.students} students; {idle} with no answers at all; {waiting} with answers "
                 'not saved in the notebook (<a href="#progress">who</a>).')
    return ('<section class="glance" id="glance"><h2>At a glance: what to re-teach tomorrow</h2><ul>'
            + "".join(f"<li>{line}</li>" for line in lines) + "</ul></section>")


SECTIONS = (
    ("glance", "At a glance", section_glance),
    ("claims", "Claims", section_claims),
    ("checks", "Checking claims", section_checks),
    ("devices", "Rhetorical devices", section_devices),
    ("agreement", "Agreement among students", section_agreement),
    ("key-review", "Key review", section_key_review),
    ("prepost", "Did it work?", section_prepost),
    ("written", "Written answers", section_written),
    ("progress", "Progress", section_progress),
)


def page(r: ClassReport) -> str:
    """The whole report as one self-contained HTML document."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    nav = "".join(f'<li><a href="#{sid}">{escape(title)}</a></li>' for sid, title, _ in SECTIONS)
    body = "".join(section(r) for _, _, section in SECTIONS)
    title = f"Class report: {r.case.title}"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
        f"<h1>{escape(title)}</h1>"
        f'<p class="meta">Case <code>{escape(r.case.id)}</code> · {r.students} students · built {when}. '
        "Charts show the whole class and name no student; student ids appear only under Progress"
        f"{' and beside written answers' if r.names else ''}.</p>"
        f'<nav aria-label="Sections"><ol>{nav}</ol></nav>{body}</main></body></html>'
    )


def write_page(r: ClassReport, out: Path | str) -> Path:
    """Write ``class_report.html`` into the folder ``out``; return its path."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "class_report.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(page(r), encoding="utf-8")
    tmp.replace(path)
    return path
