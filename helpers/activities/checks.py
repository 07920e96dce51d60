"""Notebook 03's activity: check claims against the sourced timeline, then compare with the key.

Which claims are offered: the student's own checkable tags from notebook 02, topped up with the key's
checkable claims (quotes only) so the activity works even for a student who tagged none. A student
release has no ``key/`` folder, so ``release`` writes ``claims_to_check.csv`` (id, paragraph, quote: no
types, verdicts or explanations) beside each case, and this module reads whichever of the two is present.

How it is graded: verdicts, evidence, discernment and calibration (``scoring.checks``); written reasons
go to ``reasons.csv`` for an instructor to score on the rubric below.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..case.files import CaseError, read_csv
from ..case.key import KeySpan, claims_key, split_list
from ..case.model import Case
from ..case.taxonomy import load_claim_types, load_verdicts
from ..case.timeline import load_timeline
from ..record.anchor import clean_spans
from ..record.store import AnswerStore, notebook_path
from ..record.types import AnswerRecord, CheckedClaim, CheckItem, Item
from ..scoring.checks import ChecksScore, score_checks, verdict_credit
from ..scoring.markdown import escape_md
from .base import Activity, ActivityGrade, Cell, ManualScoring

__all__ = [
    "ACTIVITY", "CLAIMS_TO_CHECK", "NO_KEY", "REASON_COLUMNS", "RUBRIC", "ClaimToCheck", "checkable_key_claims",
    "checks_feedback", "claims_to_check", "claims_to_check_csv", "grade_checks", "tagged_claims_notebook",
    "verdict_feedback", "verdict_name",
]

NO_KEY = ("The answer key is not part of this copy of the kit, so there is nothing to compare with here. "
          "Your teacher has it and will go through the claims with the class.")
COLUMNS = ("checks_checked", "checks_verdict_score", "checks_evidence_score", "checks_hits",
           "checks_false_alarms", "checks_discernment", "checks_brier", "checks_reasons")
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
  rather than the claim, or reasons from opinion about the topic ("Russia always lies").

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
        return [ClaimToCheck(k.id, "key", k.id, k.paragraph, k.start, k.end, k.quote) for k in key
                if k.label in checkable]
    path = case.file(CLAIMS_TO_CHECK)
    if not path.is_file():
        return []
    claims = []
    for row in read_csv(path, ("id", "paragraph", "quote")):
        where = f"{path}:{row['_line']}"
        try:
            location = case.locate(row["quote"], int(row["paragraph"]))
        except (KeyError, ValueError) as exc:
            raise CaseError(f"{where}: {exc.args[0] if exc.args else exc}") from exc
        claims.append(ClaimToCheck(row["id"], "key", row["id"], location.paragraph, location.start, location.end,
                                   location.quote))
    return claims


def tagged_claims_notebook() -> Path:
    """Where notebook 02 is: beside this notebook when Jupyter told us its path, else the working folder."""
    here = notebook_path()
    return (here.parent if here else Path.cwd()) / "02_tag_claims.ipynb"


def _overlap(a: ClaimToCheck, b: ClaimToCheck) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start)) if a.paragraph == b.paragraph else 0


def claims_to_check(case: Case, tags: Sequence[Item] | None = None, minimum: int = MINIMUM_TAGS) -> list[ClaimToCheck]:
    """The student's checkable tags (``tags``: notebook 02's span items; read from its answers when ``None``),
    each matched to the key claim it overlaps most, plus the key's other checkable claims when fewer than
    ``minimum`` tags are checkable. In reading order."""
    if tags is None:
        tags = AnswerStore("claims", case.id, notebook=tagged_claims_notebook()).items
    checkable = _checkable_types()
    placed, _ = clean_spans(case, tags, {label.id for label in load_claim_types()}, multi_label=False)
    key = checkable_key_claims(case)
    chosen: list[ClaimToCheck] = []
    used: set[str] = set()
    for span in placed:
        if not checkable.intersection(span["labels"]):
            continue
        t = span["target"]
        mine = ClaimToCheck(span["id"], "tag", None, t["paragraph"], t["start"], t["end"], t["exact"])
        best = max(key, key=lambda k: _overlap(mine, k), default=None)
        if best is not None and _overlap(mine, best) and best.id not in used:
            used.add(best.id)
            mine = ClaimToCheck(best.id, "tag", best.id, mine.paragraph, mine.start, mine.end, mine.exact)
        chosen.append(mine)
    if len(chosen) < minimum:
        chosen += [k for k in key if k.id not in used]
    return sorted(chosen, key=lambda c: (c.paragraph, c.start, c.id))


def claims_to_check_csv(case: Case) -> str | None:
    """``claims_to_check.csv`` for a student release: the key's checkable claims as id, paragraph and quote
    only (no types, verdicts, events or explanations); ``None`` when the case has no key."""
    key = claims_key(case)
    if key is None:
        return None
    checkable = _checkable_types()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "paragraph", "quote"])
    for k in key:
        if k.label in checkable:
            writer.writerow([k.id, k.paragraph, k.row["quote"]])
    return buffer.getvalue()

def verdict_name(verdict: str) -> str:
    """A verdict's display name ("no verdict" for an empty one)."""
    return next((v.name for v in load_verdicts() if v.id == verdict), verdict or "no verdict")


def _quote(text: str, limit: int = 120) -> str:
    short = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return f"“{escape_md(short)}”"


def _events(case: Case, cell: str) -> str:
    """The key's events for a claim, by short name and date (their ids when the timeline lacks them)."""
    timeline = load_timeline(case)
    named = []
    for event_id in split_list(cell):
        event = timeline.event(event_id)
        named.append(f"{event.short} ({event.when()})" if event else event_id)
    return escape_md("; ".join(named)) or "none"


def verdict_feedback(item: CheckItem, key: KeySpan, case: Case) -> str:
    """Markdown comparing one committed verdict with the key's, with the key's explanation (student text escaped)."""
    credit = verdict_credit(item.get("verdict", ""), key)
    mine, theirs = verdict_name(item.get("verdict", "")), verdict_name(key.row.get("verdict", ""))
    if credit == 1:
        judgement = f"You said **{escape_md(mine)}**, as the key does."
    elif credit >= 0.75:
        judgement = f"You said **{escape_md(mine)}**; the key says **{escape_md(theirs)}** and accepts yours too."
    else:
        judgement = f"You said **{escape_md(mine)}**; the key says **{escape_md(theirs)}**."
    events = _events(case, key.row.get("event_ids", ""))
    return (f"- ¶{key.paragraph} {_quote(key.quote)}  \n  {judgement} The key's evidence: {events}.  \n"
            f"  *Why:* {escape_md(key.row.get('explanation', ''))}")


def checks_feedback(case: Case, scored: ChecksScore, *, for_student: bool = False) -> str:
    """Feedback on the checks: scores in words, then each committed claim against the key."""
    you = "You" if for_student else "The student"
    lines = ["## Checking claims against the timeline (notebook 03)", ""]
    if not scored.checked:
        return "\n".join([*lines, f"{you} have not committed a verdict yet." if for_student else
                          "No committed verdicts.", ""])
    lines += [
        f"{you} committed **{scored.checked}** verdict(s); **{len(scored.scored)}** match a key claim. "
        f"Verdicts {scored.verdict_score:g}/100, evidence {scored.evidence_score:g}/100 (how well the linked "
        "events match the key's).",
        "",
        f"- **Telling flawed claims from sound ones:** flagged {scored.hits} of {scored.flawed} flawed claim(s) "
        f"(hits) and {scored.false_alarms} of {scored.sound} sound claim(s) (false alarms)."
        + (f" Discernment {scored.discernment:+.2f} (1 is perfect, 0 is no better than calling everything "
           "flawed, or nothing)." if scored.discernment is not None else ""),
    ]
    if scored.brier is not None:
        lines.append(f"- **Confidence:** Brier score {scored.brier:.3f} (0 is perfect; always saying “50% sure” "
                     "scores 0.25). Lower means your confidence matched how often you were right.")
    lines += ["", "### Each claim", ""] + [verdict_feedback(s.item, s.key, case) for s in scored.scored]
    if scored.unmatched:
        lines += ["", "### Claims that are not in the key", "",
                  "These were your own tags; the key has no verdict for them, so they are not scored. "
                  "Your teacher may read them."]
        lines += [f"- ¶{i['claim']['paragraph']} {_quote(i['claim']['exact'])} — you said "
                  f"*{escape_md(verdict_name(i['verdict']))}*" for i in scored.unmatched]
    return "\n".join([*lines, ""])


def grade_checks(case: Case, document: AnswerRecord) -> ActivityGrade:
    """The gradebook columns, feedback and reasons for manual scoring of one checks record."""
    scored = score_checks(cast(list[CheckItem], document["items"]), case) or ChecksScore(checked=0)
    columns: dict[str, Cell] = {
        "checks_checked": scored.checked,
        "checks_verdict_score": scored.verdict_score,
        "checks_evidence_score": scored.evidence_score,
        "checks_hits": scored.hits,
        "checks_false_alarms": scored.false_alarms,
        "checks_discernment": "" if scored.discernment is None else scored.discernment,
        "checks_brier": "" if scored.brier is None else scored.brier,
        "checks_reasons": scored.checked,
    }
    keyed = {id(s.item): s.key for s in scored.scored}
    manual: list[dict[str, Cell]] = []
    for item in [s.item for s in scored.scored] + scored.unmatched:
        key = keyed.get(id(item))
        confidence = item.get("confidence")
        manual.append({
            "claim": key.id if key else item["id"],
            "quote": item["claim"]["exact"],
            "verdict": verdict_name(item["verdict"]),
            "key_verdict": verdict_name(key.row.get("verdict", "")) if key else "",
            "confidence": f"{confidence:.0%}" if isinstance(confidence, int | float) else "",
            "reason": " ".join(str(item.get("reason", "")).split()),
            "rubric_level": "",
            "rubric_note": "",
        })
    return ActivityGrade(columns, checks_feedback(case, scored), manual)


ACTIVITY = Activity(
    id="checks", notebook="03_check_the_timeline", kind="check", noun="claim check", hand_in="claim checks",
    grade=grade_checks, columns=COLUMNS,
    manual=ManualScoring(file="reasons.csv", columns=REASON_COLUMNS, rubric_file="rubric.md", rubric=RUBRIC),
)
