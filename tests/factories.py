"""Build realistic saved notebooks through the kit's own answer code: the one factory for tests and benchmarks.

A saved notebook here is what a student hands in: the activity's own notebook, its cells run (execution
counts set), and in the widget's cell the widget's view plus the answer record the kit mirrors there.
Benchmarks import this file too (they put ``tests/`` on ``sys.path``), so the two never drift apart.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

from helpers.activities.registry import activity
from helpers.case import load_case
from helpers.record import AnswerStore
from helpers.record.profile import set_student_name

ROOT = Path(__file__).resolve().parent.parent
SOCHI = ROOT / "lessons" / "cases" / "sochi-2015"
# The cell of each activity's notebook that shows its widget (and so carries its answer record).
WIDGET_CELL = {"claims": "tagger", "devices": "tagger", "checks": "checker", "rewrite": "rewrite",
               "welcome": "name", "first-read": "impressions", "wrap-up": "reflect", "pre-check": "pre-check",
               "post-check": "post-check"}

# A small key used by scoring and grading tests, so they do not depend on the wording of the real key.
SMALL_KEY = """id,paragraph,quote,type,also_accepted_types,verdict,accepted_verdicts,event_ids,explanation
c-seven-hours,1,met for seven hours with President Vladimir Putin,checkable-fact,,,,,Who met and for how long.
c-nothing,2,"Of course, nothing was accomplished.",opinion,checkable-fact,,,,Whether talks achieved anything.
c-trenin,8,"“For Putin, this is a mark of respect,” said Dmitri Trenin",quoted-claim,,,,,A quotation can be checked.
"""


def template(activity_id: str) -> dict[str, Any]:
    """The committed (clean) notebook in which ``activity_id`` is answered."""
    path = ROOT / "notebooks" / f"{activity(activity_id).notebook}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))


def widget_output(model_id: str = "abc") -> dict[str, Any]:
    """A widget view as the front end saves it (its state is not saved: the kit never relies on it)."""
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/plain": "Widget(...)", "application/vnd.jupyter.widget-view+json": {
                "model_id": model_id, "version_major": 2, "version_minor": 1}}}


def span(paragraph: int, quote: str, label: str, ident: str, case_ref: str | Path = "sochi-2015") -> dict:
    """A span item for ``quote`` (in ``case_ref``, an id or folder) as the browser would send it."""
    case = load_case(case_ref)
    where = case.locate(quote, paragraph)
    text = case.paragraph(paragraph).text
    return {
        "id": ident,
        "labels": [label],
        "target": {
            "paragraph": paragraph,
            "exact": where.quote,
            "prefix": text[max(0, where.start - 32) : where.start],
            "suffix": text[where.end : where.end + 32],
            "start": where.start,
            "end": where.end,
        },
    }


def saved_notebook(path: Path, name: str, items: list[dict], activity_id: str = "claims", *,
                   outputs: dict[str, list[dict]] | None = None, keep_autosave: bool = False,
                   model_id: str = "abc", case_id: str = "sochi-2015") -> Path:
    """Write ``path`` as the notebook of ``activity_id`` saved after answering ``items`` on ``case_id``: the
    widget's view and the answer record in the widget's cell, plus any ``outputs`` by cell id. The autosave is
    removed unless ``keep_autosave``, so by default the notebook alone carries the answers."""
    set_student_name(name)
    store = AnswerStore(activity_id, case_id, notebook=path, noun=activity(activity_id).noun)
    store.update(items)
    notebook = copy.deepcopy(template(activity_id))
    extra = outputs or {}
    for n, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        cell["execution_count"] = n
        cell["outputs"] = list(extra.get(cell["id"], []))
        if cell["id"] == WIDGET_CELL[activity_id]:
            cell["outputs"] = [widget_output(model_id), {"output_type": "display_data", "metadata": {},
                                                         "data": store.bundle()}]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    if not keep_autosave:
        store.path.unlink()
    return path


def case_with_claims_key(tmp_path: Path, key_csv: str) -> Path:
    """A copy of the Sochi case (in ``tmp_path``) whose ``key/claims.csv`` is ``key_csv``."""
    folder = tmp_path / "cases" / "sochi-2015"
    shutil.copytree(SOCHI, folder, ignore=shutil.ignore_patterns("key"))
    (folder / "key").mkdir()
    (folder / "key" / "claims.csv").write_text(key_csv, encoding="utf-8")
    return folder


# ---- notebook 03: check items against a small key with verdicts --------------------------------------------

KEY_ROWS = [
    ("c-first", 1, "the first in two years", "checkable-fact", "accurate", "mostly-accurate",
     "e-2013-05-07-kerry-moscow"),
    ("c-seven", 1, "met for seven hours with President Vladimir Putin", "checkable-fact", "mostly-accurate",
     "accurate", "e-2015-05-12-lavrov-talks; e-2015-05-12-putin-talks"),
    ("c-s300", 5, "There was no mention of Russia’s recent sale of an advanced air defense weapons system to the "
     "mullahs of Iran.", "checkable-fact", "inaccurate", "misleading", "e-2015-05-12-kerry-s300"),
    ("c-sanctions", 9, "John Kerry promised that all sanctions against Russia would be removed", "checkable-fact",
     "misleading", "inaccurate", "e-2015-05-12-kerry-sanctions"),
    ("c-trenin", 8, "“For Putin, this is a mark of respect,” said Dmitri Trenin", "quoted-claim", "unverifiable",
     "accurate", "e-2015-02-27-trenin-interview"),
    ("c-territory", 9, "no territory grabbed by separatists has been returned", "checkable-fact", "accurate",
     "mostly-accurate", "e-2015-02-18-debaltseve"),
    ("c-placation", 10, "Kerry’s useless placation of an intransigent regime", "opinion", "", "", ""),
]


def _key_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "paragraph", "quote", "type", "also_accepted_types", "verdict", "accepted_verdicts",
                     "event_ids", "explanation"])
    for ident, paragraph, quote, kind, verdict, accepted, events in KEY_ROWS:
        writer.writerow([ident, paragraph, quote, kind, "", verdict, accepted, events, f"Why {ident}."])
    return buffer.getvalue()


# A small key with verdicts: two flawed claims, three sound ones, one unverifiable and one opinion.
VERDICT_KEY = _key_csv()
KEY_VERDICTS = {"c-first": "accurate", "c-seven": "mostly-accurate", "c-s300": "inaccurate",
                "c-sanctions": "misleading", "c-trenin": "unverifiable", "c-territory": "accurate"}
KEY_EVENTS = {"c-first": ["e-2013-05-07-kerry-moscow"],
              "c-seven": ["e-2015-05-12-lavrov-talks", "e-2015-05-12-putin-talks"],
              "c-s300": ["e-2015-05-12-kerry-s300"], "c-sanctions": ["e-2015-05-12-kerry-sanctions"],
              "c-trenin": ["e-2015-02-27-trenin-interview"], "c-territory": ["e-2015-02-18-debaltseve"]}


def verdict_case(tmp_path: Path) -> Path:
    """A copy of the Sochi case whose claims key is VERDICT_KEY."""
    return case_with_claims_key(tmp_path, VERDICT_KEY)


def check(key_id: str, verdict: str, events: list[str] | None = None, *, confidence: float | None = 0.8,
          reason: str = "The record shows what happened, see the linked event.", committed: bool = True) -> dict:
    """A check item for a VERDICT_KEY claim, as the widget saves it."""
    row = next(r for r in csv.DictReader(io.StringIO(VERDICT_KEY)) if r["id"] == key_id)
    where = load_case("sochi-2015").locate(row["quote"], int(row["paragraph"]))
    item = {
        "id": key_id,
        "claim": {"source": "key", "key_id": key_id, "paragraph": where.paragraph, "exact": where.quote,
                  "start": where.start, "end": where.end},
        "events": [{"event_id": e, "role": "supports"} for e in (events or [])],
        "verdict": verdict,
        "confidence": confidence,
        "reason": reason,
        "committed": committed,
    }
    if committed:
        item["committed_at"] = "2026-01-01T10:00:00.000Z"
    return item


def saved_checks_notebook(path: Path, name: str, items: list[dict]) -> Path:
    """Write ``path`` as notebook 03 saved after checking: widget output plus the answer record, no autosave."""
    return saved_notebook(path, name, items, "checks")
