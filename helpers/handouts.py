"""``python -m helpers handouts --out DIR``: printable pages for a lesson, as HTML (and PDF when Chromium is here).

Why: the lesson plans rely on paper — the article with paragraph numbers to annotate, a who's-who and
glossary card, question cards with sentence frames, and a teacher's answer summary — so the kit makes them
from the same case files and class switches the notebooks read. Pages are plain HTML with a print
stylesheet; ``/usr/bin/chromium --headless --print-to-pdf`` turns each into a PDF when it is installed.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path
from typing import Any

from .activities.questions import questions_for
from .case.article import place_short, places
from .case.files import read_yaml
from .case.key import claims_key, devices_key
from .case.model import Case, load_case
from .case.switches import Switches, load_switches
from .case.taxonomy import load_claim_types, load_devices, load_verdicts

__all__ = ["CHROMIUM", "FRAMES", "write_handouts"]

CHROMIUM = Path("/usr/bin/chromium")
_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer"]

# Sentence frames: a start for students who freeze at a blank box (one set per activity)
FRAMES = {
    "Questions to ask of each sentence (02)": [
        "Could a record show this true or false?",
        "Whose head is this about? (a motive no record can show)",
        "Is this a what-if?",
    ],
    "Tagging claims (02)": [
        "“…” is a checkable fact because a record could show whether …",
        "“…” is an opinion: it judges … rather than reporting …",
        "“…” guesses at a motive: it says why … did …, which no record can show.",
    ],
    "Checking claims (03)": [
        "The article says … . The record shows … (event, source). So the claim is … .",
        "This claim is true but misleading, because it leaves out … .",
        "I could not find … ; to settle it I would need … .",
    ],
    "Naming devices (04)": [
        "In paragraph …, the writer calls … “…”. This makes the reader feel … about … .",
        "The word “…” is loaded: a neutral word would be “…”.",
        "The writer answers … by pointing at … instead (whataboutism / red herring).",
    ],
}

_CSS = Path(__file__).resolve().parent / "static" / "handouts.css"  # copied beside the pages


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<link rel="stylesheet" href="{_CSS.name}"></head><body>{body}</body></html>')


def _article(case: Case, switches: Switches) -> str:
    e = html.escape
    meta = case.meta
    chosen = f" Today: {places(switches.paragraphs)}." if switches.paragraphs else ""

    def dim(number: int) -> str:
        return "" if switches.shows_paragraph(number) else " dim"

    paras = "".join(
        f'<p class="para{dim(p.number)}"><span class="n">{p.number}</span>'
        f"{e(p.text)}</p>" for p in case.paragraphs)
    # the headline and standfirst carry devices too: named in the margin, as the numbers name the paragraphs
    dek = f"<p class='dek{dim(-1)}'><span class='n part'>Standfirst</span>{e(case.dek)}</p>" if case.dek else ""
    return _page(case.headline, (
        f"<h1 class='head{dim(0)}'><span class='n part'>Headline</span>{e(case.headline)}</h1>{dek}"
        f"<p class='meta'>By {e(str(meta.get('author', '')))}, {e(str(meta.get('outlet', '')))}, "
        f"{e(str(meta.get('published', '')))}. Paragraph numbers added for class.{e(chosen)}</p>{paras}"
        f"<p class='meta'>{e(case.author_note)}</p><p class='note'>{e(str(meta.get('rights_note', '')))}</p>"))


def _card(case: Case, switches: Switches) -> str:
    e = html.escape
    cards = case.path / "cards.yaml"
    data: dict[str, Any] = read_yaml(cards) if cards.is_file() else {}
    people = "".join(f"<dt>{e(str(p['name']))}</dt><dd>{e(str(p['who']))}</dd>" for p in data.get("people", []))
    terms = "".join(f"<dt>{e(str(t['term']))}</dt><dd>{e(str(t['means']))}</dd>" for t in data.get("terms", []))
    palette = [d for d in load_devices() if not switches.devices or d.id in switches.devices]
    if not switches.devices:
        palette = [d for d in palette if d.key]  # the common ones: the full list is in the notebook
    kinds = "".join(f"<dt>{e(t.name)}</dt><dd>{e(t.definition)}</dd>" for t in load_claim_types())
    verdicts = "".join(f"<dt>{e(v.name)}</dt><dd>{e(v.definition)}</dd>" for v in load_verdicts())
    devices = "".join(f"<dt>{e(d.name)}</dt><dd>{e(d.definition)}</dd>" for d in palette)
    return _page("Who's who and glossary", (
        f"<h1>Who's who and glossary</h1><p class='meta'>{e(case.headline)}</p>"
        + (f"<h2>Who's who</h2><dl>{people}</dl>" if people else "")
        + (f"<h2>Words in the article</h2><dl>{terms}</dl>" if terms else "")
        + f"<h2>Kinds of claim</h2><dl>{kinds}</dl><h2>Verdicts</h2><dl>{verdicts}</dl>"
        f"<h2>Devices{' for today' if switches.devices else ' (the most common)'}</h2><dl>{devices}</dl>"))


def _questions(case: Case) -> str:
    e = html.escape
    cards = []
    for activity, title in (("first-read", "First read (01)"), ("wrap-up", "Wrap-up (05)")):
        for n, q in enumerate(questions_for(activity, case), 1):
            cards.append(f"<div class='card'><h3>{e(title)} · question {n}</h3><p>{e(str(q['prompt']))}</p>"
                         + "<div class='lines'></div>" * 3 + "</div>")
    frames = "".join(f"<div class='card'><h3>Sentence frames: {e(name)}</h3><ul>"
                     + "".join(f"<li>{e(f)}</li>" for f in items) + "</ul></div>" for name, items in FRAMES.items())
    return _page("Question cards and sentence frames",
                 f"<h1>Question cards and sentence frames</h1>{''.join(cards)}{frames}")


def _teacher(case: Case) -> str | None:
    e = html.escape
    claims, devices = claims_key(case), devices_key(case)
    if claims is None and devices is None:
        return None
    kinds = {t.id: t.name for t in load_claim_types()}
    verdicts = {v.id: v.name for v in load_verdicts()}
    names = {d.id: d.name for d in load_devices()}
    rows = "".join(
        f"<tr><td>{e(place_short(k.paragraph))}</td><td>“{e(k.quote)}”</td><td>{e(kinds.get(k.label, k.label))}</td>"
        f"<td>{e(verdicts.get(k.row.get('verdict', ''), k.row.get('verdict', '')) or '—')}</td>"
        f"<td>{e(k.row.get('explanation', ''))}</td></tr>" for k in claims or ())
    drows = "".join(f"<tr><td>{e(place_short(k.paragraph))}</td><td>“{e(k.quote)}”</td>"
                    f"<td>{e(names.get(k.label, k.label))}</td></tr>" for k in devices or ())
    return _page("Teacher's answer summary", (
        "<h1>Teacher's answer summary</h1><p class='meta'>For the teacher: keep this page away from students. "
        f"{e(case.headline)}</p>"
        + (f"<h2>Claims (notebooks 02 and 03)</h2><table><tr><th>¶</th><th>Claim</th><th>Kind</th><th>Verdict</th>"
           f"<th>Why</th></tr>{rows}</table>" if claims else "")
        + (f"<h2>Devices (notebook 04)</h2><table><tr><th>¶</th><th>Passage</th><th>Device</th></tr>{drows}</table>"
           if devices else "")))


def write_handouts(out: Path, case: Case | None = None, pdf: bool | None = None) -> list[Path]:
    """Write the handouts into ``out`` (HTML, and PDF when Chromium is present and ``pdf`` is not False);
    return the files written. The teacher's summary is left out when the kit has no answer key."""
    case = case or load_case()
    switches = load_switches(case=case)
    out.mkdir(parents=True, exist_ok=True)
    pages = {"article": _article(case, switches), "who-and-glossary": _card(case, switches),
             "question-cards": _questions(case), "teacher-answers": _teacher(case)}
    shutil.copyfile(_CSS, out / _CSS.name)
    written: list[Path] = []
    for name, text in pages.items():
        if text is None:
            continue
        path = out / f"{name}.html"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    chromium = CHROMIUM if CHROMIUM.exists() else (Path(found) if (found := shutil.which("chromium")) else None)
    if pdf is not False and chromium is not None:
        for page in list(written):
            target = page.with_suffix(".pdf")
            subprocess.run([str(chromium), *_FLAGS, f"--print-to-pdf={target}", page.resolve().as_uri()],
                           check=False, capture_output=True, timeout=120)
            if target.is_file():
                written.append(target)
    return written
