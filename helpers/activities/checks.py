"""Notebook 03's activity: check claims against the sourced timeline, then compare with the key.

Which claims are offered: the student's own checkable tags from notebook 02, topped up with the key's
checkable claims (quotes only) so the activity works even for a student who tagged none. A student
release has no ``key/`` folder, so ``release`` writes ``claims_to_check.csv`` (id, paragraph, quote: no
types, verdicts or explanations) beside each case, and this module reads whichever of the two is present.

How it is graded: verdicts, evidence, discernment and calibration (``scoring.checks``); written reasons
go to ``reasons.csv`` for an instructor to score on the rubric below; the feedback is worded in ``checks_feedback``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..case.article import PART_CELLS as _PARTS
from ..case.article import reading_order
from ..case.files import CaseError, read_csv
from ..case.key import KeySpan, claims_key
from ..case.memo import table
from ..case.model import Case
from ..case.taxonomy import load_claim_types
from ..record.anchor import clean_spans
from ..record.store import AnswerStore, notebook_path
from ..record.types import AnswerRecord, CheckedClaim, CheckItem, Item
from ..scoring.checks import ChecksScore, score_checks
from ..scoring.wording import MARKDOWN, PLAIN
from .base import DEFAULT_OPTIONS, Activity, ActivityGrade, Cell, GradeOptions, ManualScoring
from .checks_feedback import _summary, _verdict_ids, _worded, checks_feedback, verdict_feedback, verdict_name

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


CLAIMS_TO_CHECK = "claims_to_check.csv"
MINIMUM_TAGS = 5


@dataclass(frozen=True)
class ClaimToCheck:
    """A claim offered for checking; ``id`` is the key claim's id when it matches one, else the tag's id."""

    id: str
    source: str  # "tag" (the student's own) or "key"
    key_id: str | None
    paragraph: int
    start: int
    end: int
    exact: str
    assigned: bool = False  # one of the claims every student is asked to check

    def as_record(self) -> CheckedClaim:
        """The ``claim`` object of an answer-record check item."""
        record: CheckedClaim = {"source": "tag" if self.source == "tag" else "key", "paragraph": self.paragraph,
                                "exact": self.exact, "start": self.start, "end": self.end}
        if self.key_id:
            record["key_id"] = self.key_id
        return record

    @classmethod
    def from_record(cls, ident: str, record: CheckedClaim) -> ClaimToCheck:
        """Rebuild a claim from a saved check item's ``claim``."""
        return cls(ident, record["source"], record.get("key_id"), int(record["paragraph"]), int(record["start"]),
                   int(record["end"]), str(record["exact"]))


def _checkable_types() -> set[str]:
    return {label.id for label in load_claim_types() if label.extra.get("checkable")}


def checkable_key_claims(case: Case) -> list[ClaimToCheck]:
    """The key's checkable claims (from ``key/claims.csv``, else ``claims_to_check.csv``), quotes only."""
    key = claims_key(case)
    if key is not None:
        checkable = _checkable_types()
        assigned = set(assigned_claim_ids(case))
        return [ClaimToCheck(k.id, "key", k.id, k.paragraph, k.start, k.end, k.quote, assigned=k.id in assigned)
                for k in key if k.label in checkable]
    path = case.file(CLAIMS_TO_CHECK)
    if not path.is_file():
        return []
    claims = []
    for row in read_csv(path, ("id", "paragraph", "quote")):
        where = f"{path}:{row['_line']}"
        try:
            cell = row["paragraph"]
            location = case.locate(row["quote"], _PARTS[cell] if cell in _PARTS else int(cell))
        except (KeyError, ValueError) as exc:
            raise CaseError(f"{where}: {exc.args[0] if exc.args else exc}") from exc
        claims.append(ClaimToCheck(row["id"], "key", row["id"], location.paragraph, location.start, location.end,
                                   location.quote, assigned=row.get("assigned", "").strip().lower() == "yes"))
    return claims


def tagged_claims_notebook() -> Path:
    """Where notebook 02 is: beside this notebook when Jupyter told us its path, else the working folder."""
    here = notebook_path()
    return (here.parent if here else Path.cwd()) / "02_tag_claims.ipynb"


def _overlap(a: ClaimToCheck, b: ClaimToCheck) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start)) if a.paragraph == b.paragraph else 0


def assigned_claim_ids(case: Case, chosen: Sequence[str] = (), paragraphs: Sequence[int] = ()) -> tuple[str, ...]:
    """The claims the assignment asks every student to check: the teacher's list (``chosen``), else the key's
    core claims with a verdict, else every claim with a verdict. In reading order.

    ``paragraphs``: the class file's ``paragraphs:`` (none: all). A class that reads only some paragraphs is
    not asked to check a claim it never saw, so without a list of its own the assignment is the core claims
    (else the claims with a verdict) in those paragraphs; a list the teacher wrote stands as written."""
    shown = set(paragraphs)
    key = claims_key(case)
    if key is None:
        offered = checkable_key_claims(case)
        if chosen:
            return tuple(c.id for c in offered if c.id in set(chosen))
        offered = [c for c in offered if not shown or c.paragraph in shown]
        return tuple(c.id for c in offered if c.assigned) or (tuple(c.id for c in offered) if shown else ())
    # Once per key tuple, teacher's list and shown paragraphs (``case.memo``): the grader asks for every student.
    memo = table(key, ("checks.assigned", tuple(chosen), frozenset(shown)))
    if not memo:
        memo["ids"] = _assigned(key, chosen, shown)
    return cast(tuple[str, ...], memo["ids"])


def _assigned(key: tuple[KeySpan, ...], chosen: Sequence[str], shown: set[int]) -> tuple[str, ...]:
    with_verdict = [k for k in sorted(key, key=lambda k: (reading_order(k.paragraph), k.start)) if k.row.get("verdict")]
    if chosen:
        wanted = set(chosen)
        return tuple(k.id for k in with_verdict if k.id in wanted)
    with_verdict = [k for k in with_verdict if not shown or k.paragraph in shown]
    core = [k.id for k in with_verdict if k.core]
    return tuple(core or (k.id for k in with_verdict))


def claims_to_check(case: Case, tags: Sequence[Item] | None = None, minimum: int = MINIMUM_TAGS,
                    chosen: Sequence[str] = (), paragraphs: Sequence[int] = ()) -> list[ClaimToCheck]:
    """The claims notebook 03 offers: the student's checkable tags (``tags``: notebook 02's span items; read from
    its answers when ``None``), each matched to the key claim it overlaps most; then every claim the assignment
    asks for (``assigned_claim_ids``) that the tags did not cover; then, while fewer than ``minimum``, the key's
    other checkable claims. In reading order. ``paragraphs`` (the class file's): key claims come only from
    those (the student's own tags are all offered: they are the student's work)."""
    if tags is None:
        tags = AnswerStore("claims", case.id, notebook=tagged_claims_notebook()).items
    checkable = _checkable_types()
    placed, _ = clean_spans(case, tags, {label.id for label in load_claim_types()}, multi_label=False)
    key = [k for k in checkable_key_claims(case) if not paragraphs or k.paragraph in paragraphs]
    chosen_claims: list[ClaimToCheck] = []
    used: set[str] = set()
    for span in placed:
        if not checkable.intersection(span["labels"]):
            continue
        t = span["target"]
        mine = ClaimToCheck(span["id"], "tag", None, t["paragraph"], t["start"], t["end"], t["exact"])
        best = max(key, key=lambda k: _overlap(mine, k), default=None)
        if best is not None and _overlap(mine, best) and best.id not in used:
            used.add(best.id)
            mine = ClaimToCheck(best.id, "tag", best.id, mine.paragraph, mine.start, mine.end, mine.exact,
                                assigned=best.assigned)
        chosen_claims.append(mine)
    assigned = set(assigned_claim_ids(case, chosen, paragraphs))
    for k in key:
        if k.id in assigned and k.id not in used:
            used.add(k.id)
            chosen_claims.append(ClaimToCheck(k.id, k.source, k.key_id, k.paragraph, k.start, k.end, k.exact,
                                              assigned=True))
    if len(chosen_claims) < minimum:
        chosen_claims += [k for k in key if k.id not in used][: minimum - len(chosen_claims)]
    return sorted(chosen_claims, key=lambda c: (reading_order(c.paragraph), c.start, c.id))


def claims_to_check_csv(case: Case) -> str | None:
    """``claims_to_check.csv`` for a student release: the key's checkable claims as id, paragraph, quote and
    whether the assignment asks for it (no types, verdicts, events or explanations); ``None`` without a key."""
    key = claims_key(case)
    if key is None:
        return None
    checkable = _checkable_types()
    assigned = set(assigned_claim_ids(case))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "paragraph", "quote", "assigned"])
    for k in key:
        if k.label in checkable:
            writer.writerow([k.id, k.row["paragraph"], k.row["quote"], "yes" if k.id in assigned else ""])
    return buffer.getvalue()


def grade_checks(case: Case, document: AnswerRecord, options: GradeOptions = DEFAULT_OPTIONS) -> ActivityGrade:
    """The graded score over the assigned claims, detail columns, feedback and reasons for hand scoring."""
    scored = score_checks(cast(list[CheckItem], document["items"]), case) or ChecksScore(checked=0)
    key = claims_key(case) or ()
    # Students under a class file with ``claims:`` were offered only those claims: they are the assignment.
    chosen = options.switches.claims if options.switches and options.switches.claims else options.claims_to_check
    shown = options.switches.paragraphs if options.switches else ()
    assigned = assigned_claim_ids(case, chosen, shown)
    score = scored.grade(assigned, _verdict_ids(key))
    brier = scored.brier
    reasons = sum(1 for s in scored.scored if str(s.item.get("reason", "")).strip())
    reasons += sum(1 for i in scored.unmatched if str(i.get("reason", "")).strip())
    wanted = set(assigned)
    columns: dict[str, Cell] = {
        "checks_score": score,
        "checks_assigned": len(assigned),
        "checks_assigned_checked": sum(1 for s in scored.scored if s.key.id in wanted),
        "checks_checked": scored.checked,
        "checks_verdict_score": scored.verdict_score,
        "checks_evidence_score": scored.evidence_score,
        "checks_hits": scored.hits,
        "checks_false_alarms": scored.false_alarms,
        "checks_discernment": "" if scored.discernment is None else scored.discernment,
        "checks_brier": "" if brier is None else brier,
        "checks_reasons": reasons,
    }
    keyed = {id(s.item): s.key for s in scored.scored}
    manual: list[dict[str, Cell]] = []
    for item in [s.item for s in scored.scored] + scored.unmatched:
        k = keyed.get(id(item))
        confidence = item.get("confidence")
        manual.append({
            "claim": k.id if k else item["id"],
            "quote": item["claim"]["exact"],
            "verdict": verdict_name(item["verdict"]),
            "key_verdict": verdict_name(k.row.get("verdict", "")) if k else "",
            "confidence": f"{confidence:.0%}" if isinstance(confidence, (int, float)) else "",
            "reason": " ".join(str(item.get("reason", "")).split()),
            "rubric_level": "",
            "rubric_note": "",
        })
    # Both wordings of the feedback say the same things: worked out once (``_summary``), worded twice.
    summary = _summary(case, scored, assigned, brier, (list(assigned), score)) if scored.checked else None
    return ActivityGrade(
        columns,
        _worded(case, scored, summary, MARKDOWN),
        manual,
        score=score,
        feedback_text=_worded(case, scored, summary, PLAIN),
    )


ACTIVITY = Activity(
    id="checks", notebook="03_check_the_timeline", kind="check", noun="claim check", hand_in="claim checks",
    grade=grade_checks, columns=COLUMNS, hand_part="checks-reasons",
    manual=ManualScoring(file="reasons.csv", columns=REASON_COLUMNS, rubric_file="rubric.md", rubric=RUBRIC),
)
