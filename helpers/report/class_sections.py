"""The report's sections on the class as a whole: verdicts and calibration, the pre/post check, written answers,
progress, and the "at a glance" summary that leads the page.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from html import escape

from ..case.article import place, place_short, reading_order
from .build import ClassReport, ProgressRow, progress_activities, question_order
from .markup import (
    VERDICT_COLOURS,
    change_text,
    html_table,
    label_names,
    num,
    pct,
    quote,
    shorten,
    student_count,
)
from .prepost import bootstrap_mean_ci as _bootstrap
from .span_sections import top_confusions
from .svg import dots_ci, reliability, stacked_bars

__all__ = ["section_checks", "section_glance", "section_prepost", "section_progress", "section_written"]


# ---- checks -----------------------------------------------------------------------------------------------------
def section_checks(r: ClassReport) -> str:
    c = r.checks
    vnames = label_names("verdicts")
    parts = ['<section id="checks"><h2>Checking claims against the timeline (notebook 03)</h2>',
             f'<p class="meta">{c.students} students committed {c.checked} verdicts '
             f"({c.unmatched} on claims the key does not check).</p>"]
    claims = sorted(c.claims.values(), key=lambda x: (reading_order(x.key.paragraph), x.key.start))
    checked = [x for x in claims if x.total]
    if not checked:
        return "".join(parts) + "<p>No committed verdicts on the key's claims yet.</p></section>"
    order = list(VERDICT_COLOURS)
    rows = [(f"{place_short(x.key.paragraph)} {x.key.quote}", [(v, x.counts.get(v, 0)) for v in order],
             f"key: {vnames.get(x.verdict, x.verdict)} · {x.right / x.total:.0%} right") for x in checked]
    worst = sorted(checked, key=lambda x: x.right / x.total)[:3]
    desc = (f"The class's verdicts on {len(checked)} key claims, with the key's verdict after each bar. Fewest right: "
            + "; ".join(f"{place(x.key.paragraph)}, {shorten(x.key.quote, 50)}: key says "
                        f"{vnames.get(x.verdict, x.verdict)}, {x.right / x.total:.0%} right" for x in worst) + ".")
    parts.append(stacked_bars(rows, VERDICT_COLOURS, vnames, "The class's verdicts beside the key's", desc,
                              "Numbers in the bars count students. Right = the key's verdict or one it accepts."))
    table_rows = []
    for x in checked:
        spread = ", ".join(f"{escape(vnames.get(v, v))} {n} ({pct(x.mean_confidence(v))} sure)"
                           for v, n in x.counts.most_common())
        table_rows.append([place_short(x.key.paragraph), quote(x.key.quote, 70),
                           escape(vnames.get(x.verdict, x.verdict)), str(x.total), f"{x.right / x.total:.0%}", spread])
    parts.append("<details><summary>Table: verdicts and mean confidence per claim</summary>" + html_table(
        "Verdicts per key claim (mean confidence of the students giving each verdict)",
        ["¶", "Claim", "Key verdict", "Checked", "Right", "Class verdicts"], table_rows, {3, 4}) + "</details>")
    parts.append("<h3>Telling flawed claims from sound ones</h3>")
    parts.append(
        f"<p>Flawed claims (key: misleading or inaccurate) called flawed: <b>{c.hits} of {c.flawed}</b> "
        f"(hit rate {pct(c.hit_rate)}). Sound claims (accurate or mostly accurate) called flawed: "
        f"<b>{c.false_alarms} of {c.sound}</b> (false-alarm rate {pct(c.false_alarm_rate)}). "
        f"<b>Class discernment {num(c.discernment)}</b> (hit rate minus false-alarm rate: 1 = flags exactly the "
        f"flawed claims, 0 = no better than flagging everything or nothing); the mean of each student's own "
        f"discernment is {num(c.mean_student_discernment)}.</p>")
    bins = [(conf, right, n) for _, n, conf, right in c.reliability() if n and conf is not None and right is not None]
    if bins:
        desc = ("Reliability diagram. " + "; ".join(f"{label} sure: {n} verdicts, {pct(right)} right"
                                                     for label, n, _, right in c.reliability() if n)
                + f". Brier score {num(c.brier, '.3f')} (0 is perfect; always 50% sure scores 0.25).")
        parts.append(reliability(bins, "Calibration: how sure the class was against how often it was right", desc,
                                 "Points below the dashed line: more sure than right (over-confident). "
                                 "Bigger points hold more verdicts."))
        parts.append(f"<p>{calibration_words(c.reliability())}</p>")
        parts.append(html_table("Calibration bins", ["How sure", "Verdicts", "Mean confidence", "Share right"],
                            [[label, str(n), pct(conf), pct(right)] for label, n, conf, right in c.reliability()],
                            {1, 2, 3}))
    return "".join(parts) + "</section>"


def calibration_words(bins: list[tuple[str, int, float | None, float | None]]) -> str:
    """The reliability diagram in a sentence, read off its most confident bin that holds verdicts."""
    sure = [(label, n, float(conf), float(right)) for label, n, conf, right in bins
            if n and conf is not None and right is not None]
    if not sure:
        return ""
    label, n, conf, right = sure[-1]
    gap = right - conf
    words = ("more sure than right (over-confident)" if gap < -0.05 else
             "less sure than right (under-confident)" if gap > 0.05 else "about as sure as right (well calibrated)")
    return (f"In words: when students said they were {label} sure ({n} verdicts, {conf:.0%} on average), they were "
            f"right {right:.0%} of the time: {words}.")


# ---- pre/post ---------------------------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _interval(values: tuple[float, ...]) -> tuple[float, float] | None:
    """The bootstrap interval, computed once per page: the summary and the section show the same one."""
    return _bootstrap(list(values))


def bootstrap_mean_ci(values: list[float]) -> tuple[float, float] | None:
    return _interval(tuple(values))


def prepost_verdict(ci: tuple[float, float] | None) -> str:
    """The change in discernment in plain words, from its 95% interval (the section and the summary say the same)."""
    if ci is None:
        return "Fewer than two students answered both checks: no change can be estimated yet."
    if ci[0] > 0:
        return "The interval is above zero: the class got better at telling sound claims from flawed ones."
    if ci[1] < 0:
        return "The interval is below zero: the class got worse at telling sound claims from flawed ones."
    return "The interval includes zero: this class's change could be chance."


def section_prepost(r: ClassReport) -> str:
    head = '<section id="prepost"><h2>Did it work? The pre- and post-check</h2>'
    p = r.prepost
    if p is None:
        return head + ("<p>Off: this case has no <code>prepost.csv</code> (or <code>case.yaml</code> or the class "
                       "switches file says <code>prepost: false</code>).</p></section>")
    if not p.pre and not p.post:
        return head + "<p>No student has answered the pre- or post-check yet.</p></section>"
    d_ci = bootstrap_mean_ci(p.paired_discernment)
    b_ci = bootstrap_mean_ci(p.paired_brier)
    d_mean, b_mean = p.mean(p.paired_discernment), p.mean(p.paired_brier)
    rows = [
        ("Discernment, before", p.form_mean("pre", "discernment"), None, num(p.form_mean("pre", "discernment"))),
        ("Discernment, after", p.form_mean("post", "discernment"), None, num(p.form_mean("post", "discernment"))),
        ("Change in discernment", d_mean, d_ci, change_text(d_mean, d_ci)),
        ("Change in Brier (lower = better)", b_mean, b_ci, change_text(b_mean, b_ci)),
    ]
    desc = (f"{len(p.paired_discernment)} students answered both. Mean discernment before "
            f"{num(p.form_mean('pre', 'discernment'))}, after {num(p.form_mean('post', 'discernment'))}; change "
            f"{change_text(d_mean, d_ci)}. Change in Brier score (lower is better) {change_text(b_mean, b_ci)}.")
    verdict = prepost_verdict(d_ci)
    parts = [head, f"<p>{len(p.pre)} students answered the pre-check and {len(p.post)} the post-check; "
             f"{len(p.paired_discernment)} answered both. <b>{escape(verdict)}</b></p>",
             dots_ci(rows, "Discernment before and after, and the change with its 95% interval", desc,
                     "Discernment = hit rate on flawed items minus false-alarm rate on sound items. Brier score: 0 is "
                     "perfect, lower is better, so a negative change is an improvement. Lines: bootstrap 95% "
                     "intervals over students.")]
    item_rows = []
    for item in p.items:
        n = p.item_answered[item.id]
        item_rows.append([escape(item.id), item.form, quote(item.statement, 90), item.verdict, item.difficulty, str(n),
                          pct(p.item_right[item.id] / n if n else None)])
    parts.append("<details><summary>Table: every item, with the share who rated it right</summary>" + html_table(
        "Pre/post items", ["Item", "Form", "Statement", "Key", "Difficulty", "Answered", "Right"], item_rows,
        {5, 6}) + "</details>")
    return "".join(parts) + "</section>"




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
                     f'<details class="per-student"><summary>Show all {len(answers)} answers</summary>{body}</details>')
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
             "autosave in the kit-files folder (or the autosave is newer), so the student should open the notebook, "
             "run it and save. ○ empty: opened, nothing answered. – not started: no answers for it.</p>",
             html_table("Activities across the class (students)", ["Activity (notebook)", *STATUS_WORDS.values()],
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
    parts.append(_follow_up(r))
    table = html_table("Each student: ✓ n = handed in with n answers; ! not saved; ○ empty; – not started", head, rows)
    parts.append(table if len(rows) <= 60 else f'<details class="per-student"><summary>Show all {len(rows)} students'
                 f"</summary>{table}</details>")
    return "".join(parts) + "</section>"


def follow_up(r: ClassReport) -> list[tuple[ProgressRow, str]]:
    """The students a teacher should talk to, with why: files that could not be read, answers not saved in the
    notebook, or no answers at all (in progress order)."""
    found = []
    for row in r.progress:
        why = []
        if row.problems:
            why.append(f"{len(row.problems)} file(s) could not be read")
        unsaved = [a for a, s in row.status.items() if s == "not saved"]
        if unsaved:
            why.append("answers not saved in the notebook: " + ", ".join(unsaved))
        if all(s in ("not started", "empty") for s in row.status.values()):
            why.append("no answers at all")
        if why:
            found.append((row, "; ".join(why)))
    return found


def _follow_up(r: ClassReport) -> str:
    """The short list the summary's "who" link leads to, grouped by why, so a teacher need not open the table of
    every student, and 60 students with nothing handed in take a few lines, not 60 rows."""
    groups: dict[str, list[str]] = {}
    for row, why in follow_up(r):
        who = escape(row.student_id) + (f" ({escape(row.name)})" if r.names and row.name else "")
        groups.setdefault(why, []).append(f"<li>{who}</li>")
    if not groups:
        return ('<p id="follow-up"><b>No student to follow up:</b> every student has answers, saved in the '
                "notebook, and every file could be read.</p>")
    total = sum(len(ids) for ids in groups.values())
    items = "".join(f'<li><b>{escape(why[:1].upper() + why[1:])}</b> ({student_count(len(ids))}): '
                    f'<ul class="ids">{"".join(ids)}</ul></li>' for why, ids in groups.items())
    return (f'<div id="follow-up"><h3>Students to follow up ({total} of {r.students})</h3>'
            f'<ul class="follow-up">{items}</ul></div>')


# ---- at a glance, and the page ------------------------------------------------------------------------------------
def section_glance(r: ClassReport) -> str:
    """Five lines that answer 'what should I re-teach tomorrow?'."""
    lines = []
    cnames, dnames, vnames = label_names("claims"), label_names("devices"), label_names("verdicts")
    for tally, what, names in ((r.claims, "claims", cnames), (r.devices, "devices", dnames)):
        if tally.coders and tally.items:
            below = [t for t in sorted(tally.items, key=lambda t: (t.found, t.key.paragraph))
                     if t.share(tally.coders) < 0.5]
            nobody = sum(1 for t in below if not t.found)
            # how many, in words, before the three examples: three of 45 is not the whole story
            extent = (f" {len(below)} of {len(tally.items)} were found by fewer than half of the "
                      f"{tally.coders} students who tagged {what}"
                      + (f" ({nobody} by no one)" if nobody else "") + ".")
            lines.append(f"<b>Key {what} the class missed most:</b> " + "; ".join(
                f"{place_short(t.key.paragraph)} {quote(t.key.quote, 60)} ({t.share(tally.coders):.0%} found)"
                for t in below[:3]) + "." + extent if below else
                f"<b>Key {what}:</b> at least half of the class found every one.")
            top = top_confusions(tally, names, 1)
            if top:
                k, g, n, s = top[0]
                lines.append(f"<b>Biggest {what[:-1]} mix-up:</b> when students found a passage the key calls "
                             f"{escape(names.get(k, k))}, {s:.0%} of the time ({n} times) they called it "
                             f"{escape(names.get(g, g))}.")
    c = r.checks
    checked = [x for x in c.claims.values() if x.total >= 2]
    if checked:
        worst = min(checked, key=lambda x: (x.right / x.total, -x.total))
        lines.append(f"<b>Verdict most got wrong:</b> {place_short(worst.key.paragraph)} {quote(worst.key.quote, 60)}: "
                     "the key says "
                     f"{escape(vnames.get(worst.verdict, worst.verdict))}; {worst.right} of the {worst.total} "
                     f"students who checked it agreed ({worst.right / worst.total:.0%}).")
        lines.append(f"<b>Discernment</b> {num(c.discernment)} (hit rate {pct(c.hit_rate)}, false alarms "
                     f"{pct(c.false_alarm_rate)}; 1 = flags exactly the flawed claims, 0 = no better than flagging "
                     f"everything or nothing); <b>Brier score</b> {num(c.brier, '.3f')} (0 is perfect; always "
                     "50% sure scores 0.25).")
    review = len(r.claims.disputed_items()) + len(r.devices.disputed_items()) + len(r.claims.majority_spans()) \
        + len(r.devices.majority_spans()) + len(c.disputed())
    if review:
        lines.append(f'<b>Key review:</b> {review} place{"s" if review != 1 else ""} where most of the class '
                     'disagreed with the key '
                     '(<a href="#key-review">see below</a>).')
    if r.prepost is not None and r.prepost.paired_discernment:
        ci = bootstrap_mean_ci(r.prepost.paired_discernment)
        change = change_text(r.prepost.mean(r.prepost.paired_discernment), ci)
        lines.append(f"<b>Pre/post:</b> discernment changed by {change} over "
                     f"{len(r.prepost.paired_discernment)} students who answered both. {escape(prepost_verdict(ci))}")
    waiting = sum(1 for row in r.progress if "not saved" in row.status.values())
    idle = sum(1 for row in r.progress if all(s in ("not started", "empty") for s in row.status.values()))
    lines.append(f"<b>Progress:</b> {r.students} students; {idle} with no answers at all; {waiting} with answers "
                 'not saved in the notebook (<a href="#follow-up">who</a>).')
    if 0 < r.students < 10:  # a share of 5 students moves in steps of 20 points: say so before any share
        lines.insert(0, f"<b>A small class:</b> with {r.students} students, one student is "
                        f"{1 / r.students:.0%} of the class, so read the shares below as counts of students.")
    return ('<section class="glance" id="glance"><h2>At a glance: what to re-teach tomorrow</h2><ul>'
            + "".join(f"<li>{line}</li>" for line in lines) + "</ul></section>")


