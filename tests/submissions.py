"""Build realistic saved notebooks for grading tests through the kit's own answer code."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

from helpers.case import load_case
from helpers.record import AnswerStore
from helpers.record.profile import set_student_name

ROOT = Path(__file__).resolve().parent.parent
SOCHI = ROOT / "lessons" / "cases" / "sochi-2015"

# A small key used by scoring and grading tests, so they do not depend on the wording of the real key.
SMALL_KEY = """id,paragraph,quote,type,also_accepted_types,verdict,accepted_verdicts,event_ids,explanation
c-seven-hours,1,met for seven hours with President Vladimir Putin,checkable-fact,,,,,Who met and for how long.
c-nothing,2,"Of course, nothing was accomplished.",opinion,checkable-fact,,,,Whether talks achieved anything.
c-trenin,8,"“For Putin, this is a mark of respect,” said Dmitri Trenin",quoted-claim,,,,,A quotation can be checked.
"""
TEMPLATE = json.loads((ROOT / "notebooks" / "02_tag_claims.ipynb").read_text(encoding="utf-8"))


def span(paragraph: int, quote: str, label: str, ident: str) -> dict:
    """A span item for ``quote`` as the browser would send it."""
    where = load_case("sochi-2015").locate(quote, paragraph)
    text = load_case("sochi-2015").paragraph(paragraph).text
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


def saved_notebook(path: Path, name: str, spans: list[dict], activity: str = "claims") -> Path:
    """Write ``path`` as notebook 02 saved after tagging ``spans``: widget output plus the answer record."""
    set_student_name(name)
    store = AnswerStore(activity, "sochi-2015", notebook=path)
    store.update(spans)
    notebook = copy.deepcopy(TEMPLATE)
    for n, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code":
            cell["execution_count"] = n
            cell["outputs"] = []
        if cell.get("id") == "tagger":
            cell["outputs"] = [
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {
                        "text/plain": "Highlighter(...)",
                        "application/vnd.jupyter.widget-view+json": {
                            "model_id": "abc",
                            "version_major": 2,
                            "version_minor": 1,
                        },
                    },
                },
                {"output_type": "display_data", "metadata": {}, "data": store.bundle()},
            ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    store.path.unlink()  # the notebook alone must carry the answers
    return path


def case_with_claims_key(tmp_path: Path, key_csv: str) -> Path:
    """A copy of the Sochi case (in ``tmp_path``) whose ``key/claims.csv`` is ``key_csv``."""
    folder = tmp_path / "cases" / "sochi-2015"
    shutil.copytree(SOCHI, folder, ignore=shutil.ignore_patterns("key"))
    (folder / "key").mkdir()
    (folder / "key" / "claims.csv").write_text(key_csv, encoding="utf-8")
    return folder
