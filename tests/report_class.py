"""A simulated class for the class-report tests, built as plain ``StudentWork`` (and as saved notebooks).

Ten students on a small key (``factories.VERDICT_KEY`` for claims, two devices):
- s01–s04 find the key's first three claims with the key's types, and check three claims (90% sure);
- s05–s07 share one systematic confusion: they tag the key's opinion (c-placation) as a checkable fact,
  and call every claim they check inaccurate (60% sure);
- s08 finds two other key claims and s09 opened notebook 02 and tagged nothing; s10 handed in nothing;
- s01–s07 all tag one stretch the key does not list (¶2 "Of course, nothing was accomplished.");
- pre/post: s01–s06 call every pre item flawed at 50% (discernment 0) and rate every post item right at
  100% (discernment 1); s07–s08 rate both forms right at 100%. Known gain: 6 × 1 / 8 = 0.75.
The hand-worked numbers are in ``tests/test_report_numbers.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factories import check, span, verdict_case

from helpers.report.inputs import StudentWork
from helpers.report.prepost import Item

DEVICES_KEY = """id,paragraph,quote,device,also_accepted,explanation
d-mullahs,5,the mullahs of Iran,name-calling-or-labelling,loaded-language,A label for a government.
d-useless,10,useless placation,loaded-language,exaggeration-or-minimisation,Charged words.
"""
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def report_case(tmp_path: Path) -> Path:
    """A copy of the Sochi case with the seven-claim VERDICT_KEY and the two-device key above."""
    folder = verdict_case(tmp_path)
    (folder / "key" / "devices.csv").write_text(DEVICES_KEY, encoding="utf-8")
    return folder


def _record(activity: str, items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return {"kit": "media-literacy-notebook-kit", "schema_version": 1, "activity": activity, "case": "sochi-2015",
            "revision": len(items), "saved_at": "2026-01-01T10:00:00.000Z", "student": {"name": name},
            "items": items}


FIRST = (1, "the first in two years", "checkable-fact")
SEVEN = (1, "met for seven hours with President Vladimir Putin", "checkable-fact")
S300 = (5, "There was no mention of Russia’s recent sale of an advanced air defense weapons system to the mullahs "
        "of Iran.", "checkable-fact")
SANCTIONS = (9, "John Kerry promised that all sanctions against Russia would be removed", "checkable-fact")
TRENIN = (8, "“For Putin, this is a mark of respect,” said Dmitri Trenin", "quoted-claim")
TERRITORY = (9, "no territory grabbed by separatists has been returned", "checkable-fact")
PLACATION = (10, "Kerry’s useless placation of an intransigent regime", "checkable-fact")  # key says opinion
NOTHING = (2, "Of course, nothing was accomplished.", "opinion")  # not in the small key


def _spans(*quotes: tuple[int, str, str]) -> list[dict[str, Any]]:
    return [span(p, q, label, f"t-{n}") for n, (p, q, label) in enumerate(quotes)]


PRE_ITEMS = (
    Item("p-pre-sound-1", "pre", "Test item: a sound statement.", "sound", ("e-2015-05-12-putin-talks",),
         ("s-afp-2015-05-12",), "Test.", "easy"),
    Item("p-pre-sound-2", "pre", "Test item: another sound statement.", "sound", ("e-2015-05-12-putin-talks",),
         ("s-afp-2015-05-12",), "Test.", "medium"),
    Item("p-pre-flawed-1", "pre", "Test item: a flawed statement.", "flawed", ("e-2015-05-12-putin-talks",),
         ("s-afp-2015-05-12",), "Test.", "easy"),
    Item("p-pre-flawed-2", "pre", "Test item: another flawed statement.", "flawed", ("e-2015-05-12-putin-talks",),
         ("s-afp-2015-05-12",), "Test.", "medium"),
)
POST_ITEMS = tuple(Item(i.id.replace("pre", "post"), "post", i.statement, i.verdict, i.event_ids, i.source_ids,
                        i.explanation, i.difficulty) for i in PRE_ITEMS)
ITEMS = PRE_ITEMS + POST_ITEMS


def _answers(items: tuple[Item, ...], *, all_flawed: bool, confidence: float) -> list[dict[str, Any]]:
    return [{"id": i.id, "verdict": "flawed" if all_flawed else i.verdict, "confidence": confidence} for i in items]


def simulated_class() -> list[StudentWork]:
    """The ten students described in the module docstring."""
    students = []
    for n in range(1, 11):
        sid, name = f"s{n:02d}", f"Student {n}"
        records: dict[str, dict[str, Any]] = {}
        if n <= 4:
            records["claims"] = _record("claims", _spans(FIRST, SEVEN, S300, NOTHING), name)
            sanctions = "misleading" if n <= 2 else "accurate"
            records["checks"] = _record("checks", [check("c-s300", "inaccurate", confidence=0.9),
                                                   check("c-first", "accurate", confidence=0.9),
                                                   check("c-sanctions", sanctions, confidence=0.9)], name)
        elif n <= 7:
            records["claims"] = _record("claims", _spans(S300, SANCTIONS, PLACATION, NOTHING), name)
            records["checks"] = _record("checks", [check(k, "inaccurate", confidence=0.6)
                                                   for k in ("c-first", "c-s300", "c-territory")], name)
        elif n == 8:
            records["claims"] = _record("claims", _spans(TRENIN, TERRITORY), name)
        elif n == 9:
            records["claims"] = _record("claims", [], name)
        if n <= 3:
            records["devices"] = _record("devices", _spans((5, "the mullahs of Iran", "name-calling-or-labelling"),
                                                           (10, "useless placation", "loaded-language")), name)
        elif n <= 6:
            records["devices"] = _record("devices", _spans((10, "useless placation", "sarcasm-or-irony")), name)
        if n <= 8:
            records["pre-check"] = _record("pre-check", _answers(PRE_ITEMS, all_flawed=n <= 6,
                                                                 confidence=0.5 if n <= 6 else 1.0), name)
            records["post-check"] = _record("post-check", _answers(POST_ITEMS, all_flawed=False, confidence=1.0), name)
        if n in (1, 2):
            records["first-read"] = _record("first-read", [{"id": "first-impression", "text": HOSTILE if n == 1 else
                                                            "Kerry was weak in Sochi."}], name)
        if n == 3:
            records["wrap-up"] = _record("wrap-up", [{"id": "learned", "text": "¶5 left out the S-300 talks."}], name)
        sources = dict.fromkeys(records, "notebook")
        if n == 4:
            sources["checks"] = "autosave"
        students.append(StudentWork(sid, name if n != 10 else "", records, sources))
    return students
