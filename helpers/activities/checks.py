"""Notebook 03's activity: check claims against the sourced timeline, then compare with the key.

Which claims are offered, and which the assignment asks for: ``claims_offered`` (its names are here too).

How it is graded: verdicts, evidence, discernment and calibration (``scoring.checks``); written reasons
go to ``reasons.csv`` for an instructor to score on the rubric below; the feedback is worded in ``checks_feedback``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, cast

from ..case.key import KeySpan, claims_key
from ..case.memo import ENTRIES, table
from ..case.model import Case
from ..record.types import AnswerRecord, CheckItem
from ..scoring.checks import ChecksScore, claim_credit, grade_over, score_against
from ..scoring.wording import MARKDOWN, PLAIN
from .base import DEFAULT_OPTIONS, Activity, ActivityGrade, Cell, GradeOptions, ManualScoring
from .checks_feedback import (
    _places,
    _Summary,
    _verdict_feedback,
    _verdict_ids,
    _worded,
    checks_feedback,
    verdict_feedback,
    verdict_name,
)
from .claims_offered import (
    CLAIMS_TO_CHECK,
    ClaimToCheck,
    _assigned_ids,
    assigned_claim_ids,
    checkable_key_claims,
    claims_to_check,
    claims_to_check_csv,
    tagged_claims_notebook,
)

__all__ = [
    "ACTIVITY",
    "CLAIMS_TO_CHECK",
    "NO_KEY",
    "REASON_COLUMNS",
    "RUBRIC",
    "ClaimToCheck",
    "assigned_claim_ids",
    "checkable_key_claims",
    "checks_feedback",
    "claims_to_check",
    "claims_to_check_csv",
    "grade_checks",
    "tagged_claims_notebook",
    "verdict_feedback",
    "verdict_name",
]

NO_KEY = ("The answer key is not part of this copy of the kit, so there is nothing to compare with here. "
          "Your teacher has it and will go through the claims with the class.")
COLUMNS = ("checks_score", "checks_assigned", "checks_assigned_checked", "checks_checked", "checks_verdict_score",
           "checks_evidence_score", "checks_hits", "checks_false_alarms", "checks_discernment", "checks_brier",
           "checks_reasons")
REASON_COLUMNS = ("student", "file", "claim", "quote", "verdict", "key_verdict", "confidence", "reason",
                  "rubric_level", "rubric_note")
RUBRIC = """# Scoring the written reasons (notebook 03)

`reasons.csv` lists every reason a student gave for a committed verdict. Score each one by hand: put
the level in `rubric_level` and, if you like, a word of feedback in `rubric_note`. The three-level
scale is modelled on the rubrics of the Stanford History Education Group's *Civic Online Reasoning*
assessments (now published by the Digital Inquiry Group), which score each response at one of three
levels. The level names used here (Proficient, Emergent, Basic) and the descriptions below are this
kit's own, written for checking a claim against a timeline.

- **Proficient.** Names specific evidence (an event, a document, a source) and says how it bears on
  the exact words of the claim: what the claim gets right and what it gets wrong or leaves out. Keeps
  "the record does not show it" (unverifiable) apart from "the record shows otherwise" (inaccurate),
  and notes a source's limits where they matter (one side's account, a relayed report).
- **Emergent.** Points to relevant evidence or gives a plausible reason, but does not connect it to the
  claim's wording, relies on one source without weighing it, or treats a partly true claim as simply
  true or false.
- **Basic.** Gives no evidence, restates the verdict or the claim, judges the writer or the outlet
  rather than the claim, or reasons from opinion about the topic ("they always lie").

A reason can be Proficient with a verdict that differs from the key's: the key lists other verdicts it
accepts, and a well-argued disagreement is worth discussing with the class.
"""


class _Plan(NamedTuple):
    """What grading a record asks of the key and the assignment, worked out once per key tuple, teacher's list
    and shown paragraphs (``case.memo``; read-only): the same for every student of a class."""

    assigned: tuple[str, ...]  # ``assigned_claim_ids``
    wanted: frozenset[str]  # the same, as a set
    rest: tuple[str, ...]  # the key's other ids with a verdict, repeats kept (``grade_over``)
    asked: tuple[tuple[str, int], ...]  # the assigned claims the key has, with their paragraphs (``_summary``)
    listed: tuple[str, ...]  # ``_claims_with_verdict``: what ``_summary`` scores the asked claims against
    same: bool  # ``_summary`` would score the same ids against the same list: its score is the graded score


def _plan(case: Case, key: tuple[KeySpan, ...] | None, chosen: Sequence[str], shown: Sequence[int]) -> _Plan:
    """``_Plan``, from the key the caller read (not read again, so one record is graded against one version of
    it). Without a key nothing is scored, and ``assigned_claim_ids`` reads ``claims_to_check.csv`` each time."""
    if key is None:
        return _Plan(assigned_claim_ids(case, chosen, shown), frozenset(), (), (), (), False)
    memo = table(key, ("checks.plan", tuple(chosen), tuple(shown)))
    found = memo.get("plan")
    if found is None:
        assigned = _assigned_ids(key, chosen, shown)
        by_id = {k.id: k for k in key}  # the last of any repeated id, as ``_claims_by_id``
        asked = tuple((i, by_id[i].paragraph) for i in assigned if i in by_id)
        listed = tuple(i for i, k in by_id.items() if k.row.get("verdict"))
        verdict_ids = _verdict_ids(key)
        wanted = frozenset(assigned)
        same = [i for i, _ in asked] == list(assigned) and list(listed) == verdict_ids
        found = memo["plan"] = _Plan(assigned, wanted, tuple(i for i in verdict_ids if i not in wanted), asked,
                                     listed, same)
    return cast(_Plan, found)


def grade_checks(case: Case, document: AnswerRecord, options: GradeOptions = DEFAULT_OPTIONS) -> ActivityGrade:
    """The graded score over the assigned claims, detail columns, feedback and reasons for hand scoring.

    Written for a class's thousands of records: the key is read once, what depends only on the key and the
    assignment once per class (``_Plan``), each claim and verdict's names and feedback lines once per class
    (``_claim_verdict``), and everything else in one pass over the scored checks. It says what the plain
    route says: ``score_checks``, ``ChecksScore``'s measures and ``checks_feedback`` (a property test holds
    them equal)."""
    key = claims_key(case)
    # Students under a class file with ``claims:`` were offered only those claims: they are the assignment.
    switches = options.switches
    chosen = switches.claims if switches and switches.claims else options.claims_to_check
    plan = _plan(case, key, chosen, switches.paragraphs if switches else ())
    assigned, wanted = plan.assigned, plan.wanted
    scored = score_against(cast(list[CheckItem], document["items"]), key) if key is not None else ChecksScore(0)
    credits: list[float] = []
    evidences: list[float] = []
    squares: list[float] = []
    credit_of: dict[str, float] = {}
    manual: list[dict[str, Cell]] = []
    markdown: list[str] = []
    plain: list[str] = []
    reasons = agreed = assigned_checked = 0
    remembered = table(case, "checks.claim_verdict")
    for s in scored.scored:
        k, item, credit, evidence = s.key, s.item, s.credit, s.evidence
        credits.append(credit)
        evidences.append(evidence)
        credit_of[k.id] = claim_credit(credit, evidence)
        if s.correct:
            agreed += 1
        if k.id in wanted:
            assigned_checked += 1
        confidence = item.get("confidence")
        if isinstance(confidence, (int, float)):
            squares.append((float(confidence) - (1.0 if s.correct else 0.0)) ** 2)
        reason = " ".join(str(item.get("reason", "")).split())
        if reason:
            reasons += 1
        verdict = item["verdict"]
        said = remembered.get((id(k), verdict)) if type(verdict) is str else None
        if said is None or said[0] is not k:
            said = _claim_verdict(verdict, k, case)
            if type(verdict) is str and len(remembered) < ENTRIES:
                remembered[id(k), verdict] = said
        manual.append({
            "claim": k.id,
            "quote": item["claim"]["exact"],
            "verdict": said[1],
            "key_verdict": said[2],
            "confidence": f"{confidence:.0%}" if isinstance(confidence, (int, float)) else "",
            "reason": reason,
            "rubric_level": "",
            "rubric_note": "",
        })
        markdown.append(said[3])
        plain.append(said[4])
    if scored.unmatched:
        keyed = {id(s.item): s.key for s in scored.scored}  # the same item twice: scored, then not
        for item in scored.unmatched:
            found = keyed.get(id(item))
            confidence = item.get("confidence")
            reason = " ".join(str(item.get("reason", "")).split())
            if reason:
                reasons += 1
            manual.append({
                "claim": found.id if found else item["id"],
                "quote": item["claim"]["exact"],
                "verdict": verdict_name(item["verdict"]),
                "key_verdict": verdict_name(found.row.get("verdict", "")) if found else "",
                "confidence": f"{confidence:.0%}" if isinstance(confidence, (int, float)) else "",
                "reason": reason,
                "rubric_level": "",
                "rubric_note": "",
            })
    score = grade_over(credit_of, assigned, plan.rest)
    brier = round(sum(squares) / len(squares), 3) if squares else None
    discernment = scored.discernment
    count = len(credits)
    columns: dict[str, Cell] = {
        "checks_score": score,
        "checks_assigned": len(assigned),
        "checks_assigned_checked": assigned_checked,
        "checks_checked": scored.checked,
        "checks_verdict_score": round(100 * sum(credits) / count, 1) if count else 0.0,
        "checks_evidence_score": round(100 * sum(evidences) / count, 1) if count else 0.0,
        "checks_hits": scored.hits,
        "checks_false_alarms": scored.false_alarms,
        "checks_discernment": "" if discernment is None else discernment,
        "checks_brier": "" if brier is None else brier,
        "checks_reasons": reasons,
    }
    # Both wordings of the feedback say the same things: worked out once (``_Summary``), worded twice.
    summary = None
    if scored.checked:
        asked = plan.asked
        summary, still = _Summary(len(asked), 0, agreed, 0.0, "", brier), ""
        if asked:
            missing = tuple(paragraph for i, paragraph in asked if i not in credit_of)
            still = _places(case, missing) if missing else ""
            summary = _Summary(len(asked), len(asked) - len(missing), agreed,
                               score if plan.same else scored.grade([i for i, _ in asked], plan.listed),
                               still, brier)
    return ActivityGrade(
        columns,
        _worded(case, scored, summary, MARKDOWN, markdown),
        manual,
        score=score,
        feedback_text=_worded(case, scored, summary, PLAIN, plain),
    )


def _claim_verdict(verdict: str, key: KeySpan, case: Case) -> tuple[KeySpan, str, str, str, str]:
    """The key claim (kept so a key read again never finds the entry of the one before), the names of the
    verdict and of the key's, and ``verdict_feedback`` in Markdown and in plain text: they depend on nothing
    but the verdict, the key claim and the case, and a class gives the same few verdicts on the same claims."""
    return (key, verdict_name(verdict), verdict_name(key.row.get("verdict", "")),
            _verdict_feedback(verdict, key, case, MARKDOWN), _verdict_feedback(verdict, key, case, PLAIN))


ACTIVITY = Activity(
    id="checks", notebook="03_check_the_timeline", kind="check", noun="claim check", hand_in="claim checks",
    grade=grade_checks, columns=COLUMNS, hand_part="checks-reasons",
    manual=ManualScoring(file="reasons.csv", columns=REASON_COLUMNS, rubric_file="rubric.md", rubric=RUBRIC),
)
