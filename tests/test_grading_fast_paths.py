"""The grader's fast paths say exactly what the careful paths they stand in for say.

Each fast path is checked against the plain version it replaced (written out here as the reference):
``_placeable`` (items kept only once one is dropped, labels counted only when some are unknown),
``record_checks`` given the outputs ``_embedded`` collected (instead of walking the cells again), and
``grade_checks``, whose two wordings of the feedback share one ``_summary`` (and the score it computed), and
which scores, counts and words a record in one pass from what it remembers per key and per claim and verdict
(``score_against`` included); ``_worded``, whose parts fixed by the wording are made once; and ``identify``,
which remembers what its patterns make of each name.
"""

from __future__ import annotations

import copy
from pathlib import Path, PurePath
from typing import Any, cast

import pytest
from factories import KEY_EVENTS, KEY_VERDICTS, VERDICT_KEY, case_with_claims_key, check, verdict_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.activities.base import ActivityGrade, GradeOptions
from helpers.activities.checks import assigned_claim_ids, checks_feedback, grade_checks, verdict_feedback, verdict_name
from helpers.activities.checks_feedback import _count, _Summary, _worded
from helpers.case import load_case
from helpers.case.article import place_short
from helpers.case.key import claims_key, split_list
from helpers.case.model import Case
from helpers.case.switches import Switches
from helpers.grading.grade import _embedded, _labels, _lengths, _placeable
from helpers.grading.identity import _CANVAS, _EXCHANGE, Identity, _slug, identify, normalise_name
from helpers.grading.integrity import record_checks
from helpers.record.notebook import MIME_TYPE
from helpers.record.types import AnswerRecord, CheckItem
from helpers.scoring.checks import CheckScore, ChecksScore, _truth, score_against, score_checks, verdict_credit
from helpers.scoring.wording import MARKDOWN, PLAIN, Wording

SOCHI = load_case("sochi-2015")
TIME = "2026-01-01T10:00:00.000Z"


def _placeable_reference(record: dict[str, Any], case: Case) -> tuple[dict[str, Any], int, int]:
    """``_placeable`` as it was written before the fast path (one list built always, labels counted always)."""
    labels = _labels(record["activity"])
    lengths = _lengths(case)
    kept, dropped, unknown = [], 0, 0
    for raw in record["items"]:
        target = raw.get("target") if labels is not None else raw.get("claim")
        if isinstance(target, dict):
            number, start, end = target.get("paragraph"), target.get("start"), target.get("end")
            ok = (isinstance(number, int) and (length := lengths.get(number)) is not None and isinstance(start, int)
                  and isinstance(end, int) and 0 <= start < end <= length)
            if labels is not None:
                unknown += sum(1 for label in raw.get("labels", []) if label not in labels)
            if not ok:
                dropped += 1
                continue
        kept.append(raw)
    if not dropped:
        return record, 0, unknown
    return {**record, "items": kept}, dropped, unknown


NUMBERS = st.one_of(st.sampled_from([-2, -1, 0, 1, 2, 5, 10, 999, True, False, None, "1", 1.0]), st.integers(-5, 40))
OFFSETS = st.one_of(st.sampled_from([None, True, "3", 2.0]), st.integers(-3, 2000))
TARGETS = st.one_of(st.none(), st.fixed_dictionaries({"paragraph": NUMBERS, "start": OFFSETS, "end": OFFSETS}))
LABELS = st.lists(st.sampled_from(["opinion", "checkable-fact", "loaded-language", "made-up", "hyperbole", "x"]),
                  max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["claims", "devices", "checks"]),
       st.lists(st.tuples(TARGETS, LABELS), max_size=8))
def test_placeable_keeps_drops_and_counts_as_the_plain_loop_did(activity: str,
                                                                  items: list[tuple[Any, list[str]]]) -> None:
    field = "claim" if activity == "checks" else "target"
    record = {"activity": activity, "case": "sochi-2015",
              "items": [{"id": f"i-{n}", field: target, "labels": labels} for n, (target, labels) in
                        enumerate(items)]}
    fast = _placeable(cast(AnswerRecord, copy.deepcopy(record)), SOCHI)
    assert fast == _placeable_reference(copy.deepcopy(record), SOCHI)


def _output(record: Any, text: Any = "Your saved answers: 3 tagged claims by Ana") -> dict[str, Any]:
    return {"output_type": "display_data", "metadata": {}, "data": {"text/plain": text, MIME_TYPE: record}}


def _span(n: int, paragraph: int = 1) -> dict[str, Any]:
    return {"id": f"t-{n}", "labels": ["opinion"], "target": {"paragraph": paragraph, "exact": "x", "start": n,
                                                              "end": n + 1},
            "created_at": TIME, "changed_at": TIME}


def _record(count: int, revision: int = 1, activity: str = "claims", paragraph: int = 1) -> dict[str, Any]:
    return {"kit": "media-literacy-notebook-kit", "schema_version": 2, "activity": activity, "case": "sochi-2015",
            "revision": revision, "saved_at": TIME, "student": {"name": "Ana"},
            "items": [_span(n, paragraph) for n in range(count)], "removed": [],
            "history": {"edits": revision, "sessions": 1, "first_at": TIME}}


OUTPUTS = st.one_of(
    st.builds(lambda count, revision, paragraph: _output(_record(count, revision, paragraph=paragraph)),
              st.integers(0, 12), st.integers(0, 30), st.integers(1, 3)),
    st.builds(lambda count, text: _output(_record(count), text), st.integers(0, 12),
              st.one_of(st.text(max_size=20), st.lists(st.sampled_from(["Your answers: ", "4", " tags"]),
                                                       max_size=3), st.integers())),
    st.builds(lambda count: _output(_record(count, activity="devices")), st.integers(0, 5)),
    st.sampled_from([_output({"activity": "claims", "items": "broken"}), _output({"activity": ["claims"]}),
                     _output("not a record"), {"output_type": "stream", "text": "hello"},
                     {"output_type": "display_data", "data": []}, "not an output"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(OUTPUTS, max_size=3), max_size=4), st.integers(-1, 3), st.booleans())
def test_record_checks_with_the_outputs_of_embedded_is_record_checks_walking_the_cells(
        cells: list[list[Any]], graded: int, with_key: bool) -> None:
    notebook = {"cells": [{"cell_type": "code", "outputs": outputs} for outputs in cells] + [{"cell_type": "markdown"}]}
    records = [o["data"][MIME_TYPE] for outputs in cells for o in outputs if isinstance(o, dict)
               and isinstance(o.get("data"), dict) and isinstance(o["data"].get(MIME_TYPE), dict)
               and o["data"][MIME_TYPE].get("activity") == "claims" and isinstance(o["data"][MIME_TYPE].get("items"),
                                                                                   list)]
    record = records[graded] if 0 <= graded < len(records) else _record(11, revision=40)
    key = claims_key(SOCHI) if with_key else None
    try:
        walked = record_checks(notebook, record, key, "tagged claim")
    except Exception as exc:  # the same failure either way
        with pytest.raises(type(exc)):
            record_checks(notebook, record, key, "tagged claim", _embedded(notebook)[2])
        return
    assert record_checks(notebook, record, key, "tagged claim", _embedded(notebook)[2]) == walked


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return load_case(verdict_case(Path(tmp_path_factory.mktemp("verdicts"))))


CHECKS = st.lists(st.tuples(st.sampled_from([*KEY_VERDICTS, "c-placation", "c-unknown"]),
                            st.sampled_from(["accurate", "mostly-accurate", "misleading", "inaccurate", "unverifiable",
                                             "made-up", ""]),
                            st.sampled_from([None, 0.0, 0.5, 0.8, 1.0]), st.booleans(), st.booleans()),
                  max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(CHECKS, st.sampled_from([(), ("c-first", "c-s300"), ("c-seven", "c-unknown"), ("c-placation",)]))
def test_both_wordings_of_grade_checks_are_checks_feedback(verdicts: Case, checks: list[tuple[Any, ...]],
                                                          chosen: tuple[str, ...]) -> None:
    items = []
    for key_id, verdict, confidence, committed, linked in checks:
        known = key_id in KEY_EVENTS
        item = check(key_id if known else "c-first", verdict, KEY_EVENTS[key_id] if known and linked else None,
                     confidence=confidence, committed=committed)
        if not known:
            item["claim"]["key_id"] = key_id
        items.append(item)
    record = cast(AnswerRecord, {"activity": "checks", "case": "sochi-2015", "items": items})
    options = GradeOptions(claims_to_check=chosen)
    graded = grade_checks(verdicts, record, options)
    scored = score_checks(cast(list[CheckItem], items), verdicts)
    assert scored is not None
    assigned = assigned_claim_ids(verdicts, chosen)
    assert graded.feedback == checks_feedback(verdicts, scored, assigned=assigned, wording=MARKDOWN)
    assert graded.feedback_text == checks_feedback(verdicts, scored, assigned=assigned, wording=PLAIN)
    assert [s.credit for s in scored.scored] == [verdict_credit(s.item["verdict"], s.key) for s in scored.scored]


def _score_checks_reference(items: list[Any], case: Case) -> ChecksScore | None:
    """``score_checks`` as it was written before ``score_against`` (a set made of every check's events)."""
    key = claims_key(case)
    if key is None:
        return None
    by_id = {k.id: k for k in key if k.row.get("verdict")}
    committed = [i for i in items if isinstance(i, dict) and i.get("committed") and i.get("verdict")]
    result = ChecksScore(checked=len(committed))
    seen: set[str] = set()
    for item in committed:
        k = by_id.get(str(item["claim"].get("key_id") or ""))
        if k is None or k.id in seen:
            result.unmatched.append(item)
            continue
        seen.add(k.id)
        truth = _truth()
        expected, given = truth.get(k.row["verdict"]), truth.get(item["verdict"])
        credit = verdict_credit(item["verdict"], k)
        linked = {str(e.get("event_id")) for e in item.get("events", []) if isinstance(e, dict)}
        events = set(split_list(k.row.get("event_ids", "")))
        evidence = 1.0 if not linked and not events else 2 * len(linked & events) / (len(linked) + len(events))
        result.scored.append(CheckScore(k, item, credit, evidence, credit >= 1.0))
        if expected is not None:
            flagged = given is not None and float(given) < 0.5
            if float(expected) < 0.5:
                result.flawed += 1
                result.hits += flagged
            else:
                result.sound += 1
                result.false_alarms += flagged
    result.scored.sort(key=lambda s: (s.key.paragraph, s.key.start))
    return result


def _grade_checks_reference(case: Case, record: dict[str, Any], options: GradeOptions) -> ActivityGrade:
    """``grade_checks`` as it was written before its one pass: ``score_checks``, ``ChecksScore``'s measures and
    ``checks_feedback``, each reading the key for itself."""
    scored = score_checks(record["items"], case) or ChecksScore(checked=0)
    key = claims_key(case) or ()
    chosen = options.switches.claims if options.switches and options.switches.claims else options.claims_to_check
    shown = options.switches.paragraphs if options.switches else ()
    assigned = assigned_claim_ids(case, chosen, shown)
    score = scored.grade(assigned, [k.id for k in key if k.row.get("verdict")])
    reasons = sum(1 for s in scored.scored if str(s.item.get("reason", "")).strip())
    reasons += sum(1 for i in scored.unmatched if str(i.get("reason", "")).strip())
    columns: dict[str, Any] = {
        "checks_score": score, "checks_assigned": len(assigned),
        "checks_assigned_checked": sum(1 for s in scored.scored if s.key.id in set(assigned)),
        "checks_checked": scored.checked, "checks_verdict_score": scored.verdict_score,
        "checks_evidence_score": scored.evidence_score, "checks_hits": scored.hits,
        "checks_false_alarms": scored.false_alarms,
        "checks_discernment": "" if scored.discernment is None else scored.discernment,
        "checks_brier": "" if scored.brier is None else scored.brier, "checks_reasons": reasons,
    }
    keyed = {id(s.item): s.key for s in scored.scored}
    manual = []
    for item in [s.item for s in scored.scored] + scored.unmatched:
        k = keyed.get(id(item))
        confidence = item.get("confidence")
        manual.append({
            "claim": k.id if k else item["id"], "quote": item["claim"]["exact"],
            "verdict": verdict_name(item["verdict"]),
            "key_verdict": verdict_name(k.row.get("verdict", "")) if k else "",
            "confidence": f"{confidence:.0%}" if isinstance(confidence, (int, float)) else "",
            "reason": " ".join(str(item.get("reason", "")).split()), "rubric_level": "", "rubric_note": "",
        })
    return ActivityGrade(columns, checks_feedback(case, scored, assigned=assigned, wording=MARKDOWN), manual,
                         score=score, feedback_text=checks_feedback(case, scored, assigned=assigned, wording=PLAIN))


# Key rows with core claims, a repeated id (so the feedback's own score differs) and a claim without events.
_ODD_KEY = VERDICT_KEY.replace("explanation\n", "explanation,core\n").replace("Why c-first.\n", "Why c-first.,yes\n") \
    .replace("Why c-sanctions.\n", "Why c-sanctions.,yes\n") + \
    "c-first,9,no territory grabbed by separatists has been returned,checkable-fact,,inaccurate,,,Why again.,\n"


@pytest.fixture(scope="module")
def odd_key(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return load_case(case_with_claims_key(Path(tmp_path_factory.mktemp("odd")), _ODD_KEY))


EVENT_LISTS = st.one_of(st.sampled_from(list(KEY_EVENTS.values())),
                        st.lists(st.sampled_from(["e-2013-05-07-kerry-moscow", "e-2015-02-18-debaltseve", "e-none"]),
                                 max_size=3))
ODD_CHECKS = st.lists(st.tuples(
    st.sampled_from([*KEY_VERDICTS, "c-placation", "c-unknown", "", None, 7]),
    st.sampled_from(["accurate", "mostly-accurate", "misleading", "inaccurate", "unverifiable", "made-up"]),
    EVENT_LISTS, st.sampled_from([None, 0, 0.0, -0.0, 0.5, 0.123, 1, 1.0, True, "0.5"]),
    st.sampled_from(["", "  ", "A reason.", "Two\n lines\t here "]), st.booleans(), st.booleans()), max_size=8)
OPTIONS = st.sampled_from([GradeOptions(), GradeOptions(claims_to_check=("c-first", "c-s300")),
                           GradeOptions(claims_to_check=("c-seven", "c-unknown")),
                           GradeOptions(switches=Switches(paragraphs=(1, 9))),
                           GradeOptions(switches=Switches(paragraphs=(5,), claims=("c-s300", "c-trenin")))])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ODD_CHECKS, OPTIONS, st.booleans(), st.booleans())
def test_grade_checks_is_the_plain_route(verdicts: Case, odd_key: Case, checks: list[tuple[Any, ...]],
                                         options: GradeOptions, odd: bool, twice: bool) -> None:
    items: list[Any] = []
    for key_id, verdict, events, confidence, reason, committed, as_key in checks:
        item = check("c-first", verdict, confidence=0.5, reason=reason, committed=committed)
        item["claim"]["key_id"] = key_id
        item["events"] = [{"event_id": e, "role": "supports"} for e in events] + ([] if as_key else ["odd"])
        item["confidence"] = confidence
        items.append(item)
    if twice and items:
        items.append(items[0])  # one item object twice: scored, then not
    case = odd_key if odd else verdicts
    assert score_against(items, cast(tuple[Any, ...], claims_key(case))) == _score_checks_reference(items, case)
    record = cast(AnswerRecord, {"activity": "checks", "case": "sochi-2015", "items": items})
    assert grade_checks(case, record, options) == _grade_checks_reference(case, copy.deepcopy(record), options)
    # the remembered names and lines are found again for the next student
    assert grade_checks(case, record, options) == _grade_checks_reference(case, copy.deepcopy(record), options)


def _identify_reference(relative: str, entered_name: str = "") -> Identity:
    """``identify`` as it was written before its patterns' answers were remembered per name."""
    parts = PurePath(relative).parts
    folders = parts[:-1]
    for index, part in enumerate(folders):
        if part in ("submitted", "autograded", "feedback") and len(folders) > index + 2:
            return Identity(folders[index + 1], "nbgrader", folders[index + 2])
    for part in folders:
        match = _EXCHANGE.match(part)
        if match:
            return Identity(match["student"], "exchange", match["assignment"], match["time"])
    match = _CANVAS.match(parts[-1]) if parts else None
    if match:
        return Identity(match["user"], "canvas")
    if folders:
        return Identity(folders[0], "folder", folders[1] if len(folders) > 1 else "")
    if normalise_name(entered_name):
        return Identity(f"name:{_slug(entered_name)}", "name")
    return Identity(f"file:{PurePath(relative).as_posix()}", "none")


PARTS = st.sampled_from(["ana", "s1+a1+2026-01-01", "s1+a1+t+x", "a+b", "submitted", "03.ipynb", "smith_12_34_03.ipynb",
                         "smith_late_12_34_x.ipynb", "Smith_LATE_1_2_", "_1_2_f", "x_1_f.ipynb", "é_9_9_n.ipynb"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PARTS, min_size=1, max_size=4), st.sampled_from(["", "Ana Lí", "  "]))
def test_identify_remembering_pattern_answers_is_identify(parts: list[str], name: str) -> None:
    relative = "/".join(parts)
    assert identify(relative, name) == identify(relative, name) == _identify_reference(relative, name)


def _worded_reference(case: Case, scored: ChecksScore, summary: _Summary | None, w: Wording) -> str:
    """``_worded`` as it was written before the parts fixed by the wording were made once per wording."""
    lines = [w.heading(2, "Checking claims against the timeline (notebook 03)"), ""]
    if summary is None:
        return "\n".join([*lines, "You have not committed a verdict yet.", ""])
    agreed = summary.agreed
    if summary.asked:
        lines.append(f"You checked {w.bold(f'{summary.checked} of the {summary.asked} claims')} your teacher asked "
                     f"for, and {_count(agreed, 'verdict')} in all agree with the key (or a verdict it also accepts).")
        lines += ["", f"Score: {w.bold(f'{summary.score:g}/100')}.", ""]
        if summary.still:
            lines.append(f"{w.bold('Next:')} still to check, the claims in {summary.still}.")
    else:
        lines.append(f"You committed {_count(scored.checked, 'verdict')}; {agreed} agree with the key.")
    if scored.flawed and scored.sound:
        lines.append(f"Of the {scored.flawed} claims the key rates misleading or inaccurate, you flagged "
                     f"{scored.hits}; of the {scored.sound} it rates accurate or mostly accurate, you flagged "
                     f"{scored.false_alarms} as flawed. A good checker flags the first kind and not the second.")
    lines += ["", w.heading(3, "Each claim you checked"), ""]
    lines += [verdict_feedback(s.item, s.key, case, w) for s in scored.scored]
    if scored.unmatched:
        lines += ["", w.heading(3, "Your own claims the key has no verdict for"), "",
                  "These are not scored; your teacher may read them."]
        lines += [f"- {place_short(i['claim']['paragraph'])} {w.quote(i['claim']['exact'], 120)} — you said "
                  f"{w.em(w.esc(verdict_name(i['verdict'])))}" for i in scored.unmatched]
    if summary.brier is not None:
        lines += ["", *w.fold("For the curious: how well your confidence matched your results", [
            f"Researchers measure this with a Brier score: yours is {summary.brier:.2f} (0 is perfect; always saying "
            "\"50% sure\" gives 0.25)."])]
    return "\n".join([*lines, ""])


SUMMARIES = st.one_of(st.none(), st.builds(_Summary, st.integers(0, 3), st.integers(0, 3), st.integers(0, 3),
                                           st.sampled_from([0.0, 12.5, 100.0, 33.333]),
                                           st.sampled_from(["", "paragraph 3", "the *headline*"]),
                                           st.sampled_from([None, 0.0, 0.125, 0.25])))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ODD_CHECKS, SUMMARIES, st.sampled_from([MARKDOWN, PLAIN]))
def test_worded_is_the_plain_wording(verdicts: Case, checks: list[tuple[Any, ...]], summary: _Summary | None,
                                     wording: Wording) -> None:
    items = []
    for key_id, verdict, _events, confidence, reason, committed, _as_key in checks:
        item = check("c-first", verdict, confidence=0.5, reason=reason, committed=committed)
        item["claim"]["key_id"] = key_id
        item["confidence"] = confidence
        items.append(item)
    scored = score_checks(items, verdicts)
    assert scored is not None
    assert _worded(verdicts, scored, summary, wording) == _worded_reference(verdicts, scored, summary, wording)
