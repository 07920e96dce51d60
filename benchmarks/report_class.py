"""A synthetic class of saved notebooks (00 and 05 pre/post check, 02 claims, 03 checks, 04 devices, 01 and 05
written) for the report benchmark and screenshots. Records are written directly as the answer schema (version 2)
describes them, and embedded as the kit's widgets embed them (with an HTML output of realistic size), so grading
and the report read the same, realistic files.

Students differ: a skill in [0.2, 0.95] sets how much of the key they find and how often their labels and
verdicts are right; 15% share one systematic confusion (the key's opinions tagged as checkable facts) and
5% hand in empty notebooks. On the pre/post check (the case's ``prepost.csv``) a student rates each item right
with a chance that grows with skill, and a little more often after the lessons than before. Seeded, so the same
count gives the same class.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

from helpers.case import load_case
from helpers.case.key import claims_key, devices_key
from helpers.case.prepost import load_items
from helpers.case.taxonomy import load_claim_types as claim_types
from helpers.case.taxonomy import load_devices as devices
from helpers.case.taxonomy import load_verdicts as verdicts
from helpers.record.schema import upgrade, validate
from helpers.views.reading import show_article

ROOT = Path(__file__).resolve().parent.parent
MIME = "application/vnd.mlkit.answers+json"
NOTEBOOKS = {"pre-check": ("00_welcome", "pre-check"), "first-read": ("01_first_read", "impressions"),
             "claims": ("02_tag_claims", "tagger"), "checks": ("03_check_the_timeline", "checker"),
             "devices": ("04_rhetorical_devices", "tagger"), "wrap-up": ("05_wrap_up", "reflect"),
             "post-check": ("05_wrap_up", "post-check")}
ANSWERS = ["The writer thinks Kerry looked weak by going to Sochi.", "It argues the talks achieved nothing.",
           "Opinion: it is in a magazine's opinion section and uses 'I think' words.", "Kerry gave in to Putin."]


def _record(activity: str, items: list[dict[str, Any]], name: str, n: int) -> dict[str, Any]:
    """A version 2 record, as every writer of the kit saves it (the pre/post check and spans on the headline exist
    only in version 2), checked against the schema so that no student's answers are silently dropped."""
    record = upgrade({"kit": "media-literacy-notebook-kit", "schema_version": 1, "activity": activity,
                      "case": "sochi-2015", "revision": len(items), "saved_at": f"2026-01-01T10:{n % 60:02d}:00.000Z",
                      "student": {"name": name}, "items": items})
    return dict(validate(record))


def _span(case: Any, p: int, start: int, end: int, label: str, ident: str) -> dict[str, Any]:
    text = case.paragraph(p).text
    return {"id": ident, "labels": [label], "target": {"paragraph": p, "exact": text[start:end], "start": start,
                                                      "end": end}}


def _student(case: Any, rng: random.Random, n: int) -> dict[str, list[dict[str, Any]]]:
    ckey, dkey = claims_key(case) or (), devices_key(case) or ()
    types, devs = [t.id for t in claim_types()], [d.id for d in devices()]
    skill = rng.uniform(0.2, 0.95)
    confused = rng.random() < 0.15
    if rng.random() < 0.05:
        return {a: [] for a in ("claims", "checks", "devices")}
    claims, found = [], []
    for i, k in enumerate(ckey):
        if rng.random() < skill * 0.8:
            label = k.label if rng.random() < 0.5 + 0.45 * skill else rng.choice(types)
            if confused and k.label == "opinion":
                label = "checkable-fact"
            start = max(0, k.start + rng.randint(-4, 6))
            claims.append(_span(case, k.paragraph, start, max(start + 1, k.end + rng.randint(-6, 4)), label, f"c{i}"))
            found.append(k)
    for i in range(rng.randint(0, 4)):  # a few spans the key does not hold
        p = rng.randint(1, len(case.paragraphs))
        length = len(case.paragraph(p).text)
        start = rng.randint(0, max(0, length - 40))
        claims.append(_span(case, p, start, min(length, start + rng.randint(15, 60)), rng.choice(types), f"x{i}"))
    device_items = []
    for i, k in enumerate(dkey):
        if rng.random() < skill * 0.6:
            label = k.label if rng.random() < 0.35 + 0.5 * skill else rng.choice(devs)
            device_items.append(_span(case, k.paragraph, k.start, k.end, label, f"d{i}"))
    verdict_ids = [v.id for v in verdicts()]
    checks = []
    for k in rng.sample([k for k in ckey if k.row.get("verdict")], k=rng.randint(3, 10)):
        right = rng.random() < 0.35 + 0.55 * skill
        verdict = k.row["verdict"] if right else rng.choice(verdict_ids)
        if confused:
            verdict = "inaccurate"
        checks.append({"id": k.id, "claim": {"source": "key", "key_id": k.id, "paragraph": k.paragraph,
                                            "exact": k.quote, "start": k.start, "end": k.end},
                       "events": [], "verdict": verdict, "confidence": round(rng.uniform(0.5, 1.0), 2),
                       "reason": "The timeline shows it.", "committed": True,
                       "committed_at": "2026-01-01T10:00:00.000Z"})
    prepost = {}
    for form in ("pre", "post"):
        chance = 0.45 + 0.35 * skill + (0.12 if form == "post" else 0.0)
        answers = []
        for item in load_items(case):
            if item.form == form:
                right = rng.random() < chance
                answers.append({"id": item.id, "verdict": item.verdict if right else
                                ("sound" if item.verdict == "flawed" else "flawed"),
                                "confidence": round(rng.uniform(0.5, 1.0), 2)})
        prepost[f"{form}-check"] = answers
    return {"claims": claims, "checks": checks, "devices": device_items, **prepost,
            "first-read": [{"id": "first-impression", "text": rng.choice(ANSWERS)}],
            "wrap-up": [{"id": "learned", "text": f"¶{rng.randint(1, 12)} got the date right."}]}


def make_class(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` students, each a folder of six saved notebooks; return the notebook paths."""
    rng = random.Random(seed)
    case = load_case("sochi-2015")
    padding = show_article(case).data  # the size of a real saved output
    stems = dict.fromkeys(stem for stem, _ in NOTEBOOKS.values())
    templates = {stem: json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8")) for stem in stems}
    paths = []
    for n in range(count):
        name = f"Student {n:04d}"
        answers = _student(case, rng, n)
        for stem in stems:  # one saved notebook per stem; 05 carries both the wrap-up and the post-check
            notebook = copy.deepcopy(templates[stem])
            widgets = {cell_id: _record(a, answers.get(a, []), name, n)
                       for a, (s, cell_id) in NOTEBOOKS.items() if s == stem}
            for cell in notebook["cells"]:
                if cell["cell_type"] == "code":
                    cell["outputs"] = []
                if cell.get("id") in widgets:
                    cell["outputs"] = [
                        {"output_type": "display_data", "metadata": {}, "data": {"text/html": padding}},
                        {"output_type": "display_data", "metadata": {},
                         "data": {"text/plain": "answers", MIME: widgets[cell["id"]]}}]
            path = folder / f"student-{n:04d}" / f"{stem}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
            paths.append(path)
    return paths
