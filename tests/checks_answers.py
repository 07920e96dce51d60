"""Build notebook-03 answers for tests through the kit's own code: check items, a small key, saved notebooks."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

from submissions import ROOT, case_with_claims_key

from helpers.case import load_case
from helpers.record import AnswerStore
from helpers.record.profile import set_student_name

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


TEMPLATE = json.loads((ROOT / "notebooks" / "03_check_the_timeline.ipynb").read_text(encoding="utf-8"))


def saved_checks_notebook(path: Path, name: str, items: list[dict]) -> Path:
    """Write ``path`` as notebook 03 saved after checking: widget output plus the answer record, no autosave."""
    set_student_name(name)
    store = AnswerStore("checks", "sochi-2015", notebook=path)
    store.update(items)
    notebook = copy.deepcopy(TEMPLATE)
    for cell in notebook["cells"]:
        if cell.get("id") == "checker":
            cell["outputs"] = [
                {"output_type": "display_data", "metadata": {},
                 "data": {"text/plain": "VBox(...)", "application/vnd.jupyter.widget-view+json": {
                     "model_id": "abc", "version_major": 2, "version_minor": 1}}},
                {"output_type": "display_data", "metadata": {}, "data": store.bundle()},
            ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    store.path.unlink()
    return path
