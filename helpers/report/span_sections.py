"""The report's sections on spans: claims and devices (heat strip, key items found, confusions), agreement, key review.

Why together: they all read the two ``SpanTally`` objects (claims, devices) and show them the same way.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from ..case.article import place, place_short, reading_order
from ..case.palette import COLOURS
from .agreement import EXPLANATION, Agreement, alpha_from_counts
from .build import ClassReport
from .inputs import devices
from .markup import html_table, label_names, num, quote, shorten, student_count
from .spans import OTHER, KeyItemTally, SpanTally
from .svg import hbars, heat_strip

__all__ = ["agreements", "section_agreement", "section_claims", "section_devices", "section_key_review",
           "top_confusions"]


# ---- spans: heat strip, key items, confusion ------------------------------------------------------------------
def _heat(tally: SpanTally, what: str) -> str:
    if not tally.coders:
        return f"<p>No student has tagged any {what} yet.</p>"
    shares = tally.shares()
    rows = [(place_short(p.number), s) for p, s in zip(tally.rows, shares, strict=True)]
    marks = [(tally.index[k.paragraph], k.start, k.end, f"Key: {k.quote[:80]} (found by {t.share(tally.coders):.0%})")
             for k, t in ((t.key, t) for t in tally.items)]
    hottest = sorted(((float(s.max()), i) for i, s in enumerate(shares)), reverse=True)[:3]
    desc = (f"{tally.coders} students tagged {what}. Paragraphs with the most agreement: "
            + "; ".join(f"{place(tally.rows[i].number)}, up to {v:.0%} of students" for v, i in hottest)
            + f". {len(tally.items)} key items are marked beneath the strips; the table below lists each with the "
              "share "
              "of students who found it.")
    return heat_strip(rows, marks, f"Where the class highlighted {what}", desc,
                      "Each strip is one paragraph of the article (the headline and standfirst first), read left to "
                      "right; darker means more students "
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
    ordered = sorted(tally.items, key=lambda t: (reading_order(t.key.paragraph), t.key.start))
    twice = Counter((t.key.paragraph, t.key.quote) for t in ordered)

    def label(t: KeyItemTally) -> str:
        name = f" ({names.get(t.key.label, t.key.label)})" if twice[(t.key.paragraph, t.key.quote)] > 1 else ""
        return f"{place_short(t.key.paragraph)} {shorten(t.key.quote, 56 - len(name))}{name}"

    bars = [(label(t), t.share(tally.coders),
             f"{t.share(tally.coders):.0%} ({t.found}/{tally.coders})") for t in ordered]
    missed = sorted(ordered, key=lambda t: t.found)[:3]
    desc = (f"Share of the {tally.coders} students who found each of the {len(ordered)} key {what}, in article order. "
            "Least found: " + "; ".join(f"{place(t.key.paragraph)}, {shorten(t.key.quote, 50)}, "
                                        f"{t.share(tally.coders):.0%}" for t in missed) + ".")
    chart = hbars(bars, f"Key {what}: share of the class that found each", desc,
                  "Found = the student's highlights cover at least half of the key item's words.")
    rows = [[place_short(t.key.paragraph), quote(t.key.quote, 80), escape(names.get(t.key.label, t.key.label)),
             f"{t.share(tally.coders):.0%}", _labels_cell(t, names)] for t in ordered]
    table = html_table(f"Key {what}: who found them and the labels they gave (✓ = the key accepts it)",
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
    table = html_table(f"Confusion table for {what}: each student counts once per key item they found",
                   head, rows, set(range(1, len(given) + 2)))
    return table.replace('<td class="num"><span class="hit">', '<td class="num hit"><span>')


def top_confusions(tally: SpanTally, names: dict[str, str], limit: int = 5,
                    min_count: int = 3) -> list[tuple[str, str, int, float]]:
    """(key label, student label, count, share of the found items with that key label), largest share first."""
    per_key: Counter[str] = Counter()
    for (k, _), n in tally.confusion.items():
        per_key[k] += n
    wrong = [(k, g, n, n / per_key[k]) for (k, g), n in tally.confusion.items() if k != g and n >= min_count]
    return sorted(wrong, key=lambda r: (-r[3], -r[2], r[0]))[:limit]


def _family_confusion(tally: SpanTally) -> str:
    family_of = {d.id: str(d.extra.get("family", "")) for d in devices()}
    fam_names = label_names("families")
    folded: Counter[tuple[str, str]] = Counter()
    for (k, g), n in tally.confusion.items():
        folded[(family_of.get(k, k), family_of.get(g, OTHER))] += n
    missed: Counter[str] = Counter()
    for k, n in tally.missed.items():
        missed[family_of.get(k, k)] += n
    return _confusion(folded, missed, {**fam_names, OTHER: OTHER}, "device families")


def section_claims(r: ClassReport) -> str:
    names = label_names("claims")
    t = r.claims
    parts = ['<section id="claims"><h2>Claims (notebook 02)</h2>',
             f'<p class="meta">{t.coders} students tagged {t.spans} spans.</p>', _heat(t, "claims"),
             "<h3>Which key claims the class found</h3>", _key_items(t, "claims", names),
             "<h3>Claim types: the class's label against the key's</h3>",
             _confusion(t.confusion, t.missed, names, "claim types")]
    if t.coders:
        top = top_confusions(t, names)
        if top:
            parts.append("<p>Most common mix-ups: " + "; ".join(
                f"key <b>{escape(names.get(k, k))}</b> tagged as <b>{escape(names.get(g, g))}</b> ({n}, {s:.0%})"
                for k, g, n, s in top[:3]) + ".</p>")
    return "".join(parts) + "</section>"


def section_devices(r: ClassReport) -> str:
    names = label_names("devices")
    t = r.devices
    parts = ['<section id="devices"><h2>Rhetorical devices (notebook 04)</h2>',
             f'<p class="meta">{t.coders} students tagged {t.spans} spans.</p>', _heat(t, "devices"),
             "<h3>Which key devices the class found</h3>", _key_items(t, "devices", names)]
    if t.coders:
        top = top_confusions(t, names, 10)
        rows = [[escape(names.get(k, k)), escape(names.get(g, g)), str(n), f"{s:.0%}"] for k, g, n, s in top]
        parts += ["<h3>Devices: the class's label against the key's</h3>",
                  html_table("The ten most common mix-ups (share of the students who found items the key labels so)",
                         ["Key device", "Students said", "Students", "Share"], rows, {2, 3}) if rows else
                  "<p>No mix-ups: every found device got the key's label.</p>",
                  _family_confusion(t),
                  f"<details><summary>Table: every device against every device</summary>"
                  f"{_confusion(t.confusion, t.missed, names, 'devices')}</details>"]
    return "".join(parts) + "</section>"


# ---- agreement --------------------------------------------------------------------------------------------------
def agreements(tally: SpanTally, names: dict[str, str]) -> list[Agreement]:
    """Alpha for 'any span' and for every label at least one student used."""
    rows = [Agreement("*", "Any label (where the spans are)", alpha_from_counts(tally.value_counts()),
                      tally.coders)]
    for label in tally.labels:
        if tally.users[label]:
            rows.append(Agreement(label, f"{names.get(label, label)} ({student_count(tally.users[label])})",
                                  alpha_from_counts(tally.value_counts(label)), tally.users[label]))
    return rows


def section_agreement(r: ClassReport) -> str:
    parts = ['<section id="agreement"><h2>Agreement among students</h2>', f"<p>{escape(EXPLANATION)}</p>"]
    for tally, what, kind in ((r.claims, "claim types", "claims"), (r.devices, "devices", "devices")):
        if tally.coders < 2:
            parts.append(f"<p>Agreement on {what} needs at least two students who tagged.</p>")
            continue
        rows = agreements(tally, label_names(kind))
        bars = [(a.name, a.alpha, num(a.alpha, ".2f") if a.alpha is not None else "not enough data") for a in rows]
        desc = f"Krippendorff's alpha per label among {tally.coders} students: " + "; ".join(
            f"{a.name} {num(a.alpha, '.2f')}" for a in rows) + "."
        parts.append(f"<h3>{escape(what.capitalize())}</h3>")
        parts.append(hbars(bars, f"Agreement on {what} (Krippendorff's alpha)", desc,
                           "Units are the article's characters, each in or out of a span with the label (nominal).",
                           lo=-0.25, hi=1.0, refs=((0.667, "0.67"), (0.8, "0.8")), label_width=300,
                           colour=COLOURS["green"]))
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
        names = label_names(kind)
        disputed = tally.disputed_items()
        if disputed:
            found_any = True
            rows = [[place_short(t.key.paragraph), quote(t.key.quote, 80), escape(t.key.id),
                     escape(names.get(t.key.label, t.key.label)), f"{t.found - t.agreed} of {t.found}",
                     _labels_cell(t, names, 3)] for t in disputed]
            parts.append(html_table(f"Key {what} that most students who found them labelled otherwise "
                                f"(to accept a label, add it to <code>{column}</code>)",
                                ["¶", "Key item", "Key id", "Key label", "Labelled otherwise", "Labels given"],
                                rows, {4}))
        extra = tally.majority_spans()
        if extra:
            found_any = True
            rows = [[place_short(m.paragraph), quote(m.quote, 100), f"{m.share:.0%}",
                     escape(names.get(m.label, m.label)) + f" ({m.label_share:.0%})"] for m in extra]
            parts.append(html_table(f"Stretches most students tagged as {what} that the key does not list "
                                "(to add one, add a row to the key file)",
                                ["¶", "Words", "Students", "Most common label"], rows, {2}))
    disputed_checks = r.checks.disputed()
    if disputed_checks:
        found_any = True
        vnames = label_names("verdicts")
        rows = [[place_short(x.key.paragraph), quote(x.key.quote, 80), escape(x.key.id),
                 escape(vnames.get(x.verdict, x.verdict)),
                 f"{x.total - x.right} of {x.total}",
                 ", ".join(f"{escape(vnames.get(v, v))} {n}" for v, n in x.counts.most_common(3))]
                for x in disputed_checks]
        parts.append(html_table("Key claims on which most students gave a verdict the key does not accept "
                            "(to accept one, add it to <code>accepted_verdicts</code>)",
                            ["¶", "Claim", "Key id", "Key verdict", "Other verdict", "Class verdicts"], rows, {4}))
    if not found_any:
        parts.append("<p>Nothing to review: no key item was labelled otherwise by most of the students who found "
                     "it, and no stretch tagged by most students is missing from the key.</p>")
    return "".join(parts) + "</section>"


