"""Every file the grader writes for a simulated class, pinned byte for byte: making the grader faster must
not change one score, one word of feedback or one CSV cell.

The class is built without the clock (every time in every record is fixed), so its outputs are the same on
every run: each span strategy of ``simulated_class`` hands in notebooks 02 (claims) and 04 (devices) and a
notebook 03 of checks, some also 01 and the rewrite, with resubmissions, an autosave newer than the notebook,
copied answers, hostile text, a pasted key, answers outside the article and files that cannot be graded.
The digests were taken from the grader before its class-scale speed work. After a deliberate change of
wording or scoring, run ``MLKIT_REPIN=1 pytest tests/test_grading_pinned.py -s`` and paste what it prints.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from factories import WIDGET_CELL, template, widget_output
from simulated_class import STRATEGIES

from helpers.activities.registry import activity
from helpers.case import load_case
from helpers.case.key import KeySpan, claims_key, devices_key
from helpers.case.taxonomy import load_claim_types, load_devices
from helpers.grading import grade_folder, read_roster
from helpers.grading.settings import GradingSettings
from helpers.record.notebook import MIME_TYPE, summarise
from helpers.record.schema import KIT

CASE = load_case("sochi-2015")
VERDICTS = ["accurate", "mostly-accurate", "misleading", "inaccurate", "unverifiable", ""]
HOSTILE = "**Bold** <script>alert(1)</script> [link](javascript:x) `code` # not a heading | pipe \\ back"


def _time(second: int) -> str:
    return f"2026-01-0{1 + second // 86400}T{second // 3600 % 24:02d}:{second // 60 % 60:02d}:{second % 60:02d}.000Z"


def _record(activity_id: str, name: str, items: list[dict[str, Any]], *, start: int = 0, step: int = 30,
            revision: int | None = None, removed: int = 0, edits: int | None = None) -> dict[str, Any]:
    stamped = [{**item, "created_at": _time(start + n * step), "changed_at": _time(start + n * step + 1)}
               for n, item in enumerate(items)]
    saved = start + len(items) * step + 5
    return {
        "kit": KIT, "schema_version": 2, "activity": activity_id, "case": CASE.id,
        "revision": len(items) if revision is None else revision, "saved_at": _time(saved),
        "student": {"name": name}, "items": stamped,
        "removed": [{"id": f"gone-{n}", "removed_at": _time(start + n)} for n in range(removed)],
        "history": {"edits": len(items) + removed if edits is None else edits, "sessions": 1, "first_at": _time(start)},
    }


def _notebook(path: Path, records: list[dict[str, Any]], summary: str | None = None) -> None:
    """Write the notebook of the records' activity with each record in its widget's cell, as a saved copy."""
    notebook = copy.deepcopy(template(records[0]["activity"]))
    by_cell = {WIDGET_CELL[r["activity"]]: r for r in records}
    for n, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        cell["execution_count"] = n
        record = by_cell.get(cell["id"])
        if record is not None:
            text = summary or summarise(record, activity(record["activity"]).noun)  # type: ignore[arg-type]
            cell["outputs"] = [widget_output(f"{n:032x}"),
                               {"output_type": "display_data", "metadata": {},
                                "data": {"text/plain": text, MIME_TYPE: record}}]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")


def _spans(key: tuple[KeySpan, ...], strategy: str, labels: list[str]) -> list[dict[str, Any]]:
    core = {k.id for k in key if k.core}
    items = []
    for n, tag in enumerate(STRATEGIES[strategy](CASE, key, core, labels)):
        text = CASE.paragraph(tag.paragraph).text
        items.append({"id": f"t-{n}", "labels": [tag.label], "target": {
            "paragraph": tag.paragraph, "exact": text[tag.start:tag.end] or "x", "start": tag.start, "end": tag.end,
            "prefix": text[max(0, tag.start - 32):tag.start], "suffix": text[tag.end:tag.end + 32]}})
    return items


def _checks(seed: int, reason: str = "") -> list[dict[str, Any]]:
    with_verdict = [k for k in claims_key(CASE) or () if k.row.get("verdict")]
    items = []
    for n, k in enumerate(with_verdict):
        if (n * 7 + seed) % 3 == 0:
            continue
        events = [e.strip() for e in k.row.get("event_ids", "").split(";") if e.strip()]
        items.append({"id": k.id, "claim": {"source": "key", "key_id": k.id, "paragraph": k.paragraph,
                                             "exact": k.quote, "start": k.start, "end": k.end},
                      "events": [{"event_id": e, "role": "supports"} for e in events[: (n + seed) % 3]],
                      "verdict": VERDICTS[(n + seed) % len(VERDICTS)] if (n + seed) % 4 else k.row["verdict"],
                      "confidence": [0.5, 0.7, 0.9, None][(n + seed) % 4], "reason": reason or f"Reason {n}.",
                      "committed": (n + seed) % 5 != 0})
    own = CASE.paragraph(2).text
    items.append({"id": "my-own", "claim": {"source": "tag", "paragraph": 2, "exact": own[:20], "start": 0,
                                            "end": 20},
                  "events": [], "verdict": "misleading", "confidence": 0.5, "reason": "My own claim.",
                  "committed": True})
    return items


def make_pinned_class(root: Path) -> Path:
    """The simulated class, in a folder per student (plus nbgrader's exchange, Canvas names and odd files)."""
    claim_labels = [label.id for label in load_claim_types()]
    device_labels = [label.id for label in load_devices()]
    claims, devices = claims_key(CASE) or (), devices_key(CASE) or ()
    folder = root / "submitted"
    for n, strategy in enumerate(STRATEGIES):
        student = folder / f"s{n:02d}" / "media-literacy"
        name = f"Student {n:02d}" if n != 3 else HOSTILE
        _notebook(student / "02_tag_claims.ipynb", [_record("claims", name, _spans(claims, strategy, claim_labels),
                                                            start=n * 1000)])
        _notebook(student / "04_rhetorical_devices.ipynb",
                  [_record("devices", name, _spans(devices, strategy, device_labels), start=n * 1000 + 3, step=7),
                   *([_record("rewrite", name, [{"id": "rewrite", "text": f"A plainer paragraph {n}."}])]
                     if n % 2 else [])])
        if n % 4 != 1:
            _notebook(student / "03_check_the_timeline.ipynb",
                      [_record("checks", name, _checks(n, HOSTILE if n == 3 else ""), start=n * 1000 + 7)])
        if n % 3 == 0:
            _notebook(student / "01_first_read.ipynb",
                      [_record("first-read", name, [{"id": "first-impression", "text": f"Impression {n}"},
                                                    {"id": "feeling", "text": HOSTILE if n == 3 else ""}])])
    # a resubmission through nbgrader's exchange (the later one counts), and an autosave newer than the notebook
    exchange = root / "inbound" / "s02+media-literacy+2026-02-01 10:00:00.000000 UTC"
    _notebook(exchange / "02_tag_claims.ipynb",
              [_record("claims", "Student 02", _spans(claims, "perfect: the core exactly", claim_labels))])
    beside = folder / "s05" / "media-literacy" / "02_tag_claims.claims.answers.json"
    beside.write_text(json.dumps(_record("claims", "Student 05", _spans(claims, "diligent: half the core exactly",
                                                                        claim_labels), start=90000)), "utf-8")
    # twins with the same answers, a pasted key created in a burst, answers outside the article
    for twin in ("twin-a", "twin-b"):
        _notebook(folder / twin / "a" / "02_tag_claims.ipynb",
                  [_record("claims", twin, _spans(claims, "diligent with slips: half the core, two mislabelled, one "
                                                          "off the key", claim_labels), start=500)])
    pasted = _spans(claims, "perfect: the whole key exactly", claim_labels)
    _notebook(folder / "cheat" / "a" / "02_tag_claims.ipynb", [_record("claims", "Cheat", pasted, step=0, edits=3)],
              summary="Your saved answers (claims): 16 tagged claims by Cheat")
    outside = _spans(claims, "partial: three core items, one mislabelled", claim_labels)
    outside[0]["target"] = {**outside[0]["target"], "paragraph": 99}
    outside[1]["labels"] = ["not-a-type"]
    _notebook(folder / "odd" / "a" / "02_tag_claims.ipynb", [_record("claims", "Odd One", outside, removed=4)])
    # identities from a Canvas download name and from the typed name alone; files that cannot be graded
    _notebook(root / "smith_late_123_456_02_tag_claims.ipynb",
              [_record("claims", "Sam Smith", _spans(claims, "diligent: half the core exactly", claim_labels))])
    _notebook(root / "loose.ipynb", [_record("devices", "Loose Name", _spans(devices, "partial: three core items, "
                                                                             "one mislabelled", device_labels))])
    (root / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    (root / "old.ipynb").write_text(json.dumps({"nbformat": 3, "worksheets": []}), encoding="utf-8")
    (root / "empty.ipynb").write_text(json.dumps({"cells": [], "metadata": {}}), encoding="utf-8")
    return root


def _digests(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()[:16]
            for p in sorted(out.rglob("*")) if p.is_file()}


def _check(name: str, found: dict[str, str], pinned: dict[str, str]) -> None:
    if os.environ.get("MLKIT_REPIN"):
        print(f"\n{name} = {json.dumps(found, indent=4)}")
        return
    assert found == pinned


@pytest.fixture(scope="module")
def pinned_class(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pinned_class(tmp_path_factory.mktemp("pinned") / "class")


def test_the_class_grades_as_pinned_in_one_process_and_in_two(pinned_class: Path, tmp_path: Path) -> None:
    one = grade_folder(pinned_class, tmp_path / "one", workers=1)
    two = grade_folder(pinned_class, tmp_path / "two", workers=2)
    assert (one.students, one.graded, one.errors) == (two.students, two.graded, two.errors) == (18, 44, 3)
    assert _digests(tmp_path / "one") == _digests(tmp_path / "two")
    _check("DEFAULT", _digests(tmp_path / "one"), DEFAULT)


def test_the_class_grades_as_pinned_with_missed_items_revealed_and_a_roster(pinned_class: Path,
                                                                            tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,email,sis_login\ns00,Student 00,s00@school.test,s00\n"
                      "s07,Seven,s07@school.test,s07x\nabsent,Al Absent,al@school.test,aabs\n", encoding="utf-8")
    settings = GradingSettings(reveal_missed=True, claims_to_check=("c-01-seven-hours", "c-01-first-in-two-years"))
    grade_folder(pinned_class, tmp_path / "out", settings=settings, roster=read_roster(roster), workers=1)
    _check("REVEALED", _digests(tmp_path / "out"), REVEALED)


DEFAULT: dict[str, str] = {
    "errors.csv": "6d57dba572244413",
    "feedback/123.md": "8487a73ceaa51c32",
    "feedback/123.txt": "830092bc7b8e551f",
    "feedback/cheat.md": "c4bc8f320a2d4e02",
    "feedback/cheat.txt": "4e19a5ffbdbd672c",
    "feedback/name_loose-name-ffdee1ee.md": "563da69a257f6902",
    "feedback/name_loose-name-ffdee1ee.txt": "ba05649b1baef348",
    "feedback/odd.md": "2b0a95e056bbf068",
    "feedback/odd.txt": "0f9b6e21004b7b53",
    "feedback/s00.md": "51423f0e5b49d5aa",
    "feedback/s00.txt": "75ad02e627ef9e12",
    "feedback/s01.md": "db8c347a74a3b593",
    "feedback/s01.txt": "bc8a9124948a7ae1",
    "feedback/s02.md": "5496e1601c3b240b",
    "feedback/s02.txt": "f8c6520e9ef4cbea",
    "feedback/s03.md": "14f173f5bf0afe53",
    "feedback/s03.txt": "07ad4c8081b29b14",
    "feedback/s04.md": "d463214700a9699c",
    "feedback/s04.txt": "5a20bf6205ade5f3",
    "feedback/s05.md": "926b9bdc63440e65",
    "feedback/s05.txt": "b350ced923c49a5c",
    "feedback/s06.md": "308c3c3959a2a8f4",
    "feedback/s06.txt": "bded927b1a5a97af",
    "feedback/s07.md": "d6b1da54809900a8",
    "feedback/s07.txt": "dfade7428f04e33b",
    "feedback/s08.md": "ab944ce5cec78a14",
    "feedback/s08.txt": "1edab1c496c1641f",
    "feedback/s09.md": "de1a78b7bf88d2de",
    "feedback/s09.txt": "c4c0f32fe83bf8a4",
    "feedback/s10.md": "8cc1a1f3a4a74a41",
    "feedback/s10.txt": "105ea28c9d52ce8c",
    "feedback/s11.md": "fdf2646d57473af3",
    "feedback/s11.txt": "19b6f50f9682864d",
    "feedback/twin-a.md": "01d024aca7c76ff7",
    "feedback/twin-a.txt": "b5f68a9e8cd1a0fb",
    "feedback/twin-b.md": "95d73e0a8f404412",
    "feedback/twin-b.txt": "8fbbebe23de51169",
    "flags.csv": "168666dafa8a1191",
    "gradebook.csv": "b1428db5d4deeafb",
    "hand/checks-reasons.csv": "c88a03ff1dbd31f5",
    "hand/first-read.csv": "36cc46dc1e9f3f1c",
    "hand/rewrite.csv": "eb3a8ffccd0c29a9",
    "hand/rubric.md": "001569e96411075c",
    "lms/canvas.csv": "ec27b90b86d4f6a1",
    "lms/moodle.csv": "e804aa2bc35c9c99",
    "lms/nbgrader.csv": "8a113756c403a46a",
    "superseded.csv": "c56943546433c3c6"
}
REVEALED: dict[str, str] = {
    "errors.csv": "6d57dba572244413",
    "feedback/123.md": "7b876fb82a440f2e",
    "feedback/123.txt": "dc0a16a0cedca654",
    "feedback/cheat.md": "c4bc8f320a2d4e02",
    "feedback/cheat.txt": "4e19a5ffbdbd672c",
    "feedback/name_loose-name-ffdee1ee.md": "16a600fb6aeeee82",
    "feedback/name_loose-name-ffdee1ee.txt": "4c0fca5700cfb012",
    "feedback/odd.md": "d8e76703dd8d018c",
    "feedback/odd.txt": "3276f2aebb19b84d",
    "feedback/s00.md": "8ce7d4423a8e25a6",
    "feedback/s00.txt": "dca3a14959cc4681",
    "feedback/s01.md": "db8c347a74a3b593",
    "feedback/s01.txt": "bc8a9124948a7ae1",
    "feedback/s02.md": "d91fc01cc792d23d",
    "feedback/s02.txt": "1e86238330d094df",
    "feedback/s03.md": "c5ee48c3f88ef3c8",
    "feedback/s03.txt": "02ac0179f5a127c4",
    "feedback/s04.md": "a1b8d912f00a15d3",
    "feedback/s04.txt": "7c92d3e51eb201b4",
    "feedback/s05.md": "36d9cbc51cd98fbe",
    "feedback/s05.txt": "ddb3a7b0c37db7c0",
    "feedback/s06.md": "881e2a52e605459f",
    "feedback/s06.txt": "8fa43be46de4c520",
    "feedback/s07.md": "0a7bc188bfdb8ed2",
    "feedback/s07.txt": "d1ad91577fef4b8c",
    "feedback/s08.md": "34a9c93a2a48465c",
    "feedback/s08.txt": "91c482e8ff40a277",
    "feedback/s09.md": "225f72b9b054c2c7",
    "feedback/s09.txt": "b20fe67595480b22",
    "feedback/s10.md": "5084ebcff75b8d8b",
    "feedback/s10.txt": "f8b856fe722cf0b9",
    "feedback/s11.md": "d8e2a28f81d8b599",
    "feedback/s11.txt": "2ee540493c0ad39e",
    "feedback/twin-a.md": "f62f67d6140f69db",
    "feedback/twin-a.txt": "f2460bd23879fc97",
    "feedback/twin-b.md": "2ee7e07ee79a507b",
    "feedback/twin-b.txt": "20bab25caf789eb7",
    "flags.csv": "168666dafa8a1191",
    "gradebook.csv": "14d3ba94e6b4f59e",
    "hand/checks-reasons.csv": "d35771148be8ae0a",
    "hand/first-read.csv": "36cc46dc1e9f3f1c",
    "hand/rewrite.csv": "791e944e76346624",
    "hand/rubric.md": "001569e96411075c",
    "lms/canvas.csv": "2acbaee5d37142e3",
    "lms/moodle.csv": "6e080eda16817bb6",
    "lms/nbgrader.csv": "0ea81e084092b6e2",
    "roster-report.csv": "6d2be1e63b87d3bf",
    "superseded.csv": "c56943546433c3c6"
}
