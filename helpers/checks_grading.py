"""Score notebook 03's claim checks against the key: verdicts, evidence, discernment and calibration.

Why these measures: a fact-checker is judged on getting verdicts right, on citing the evidence that
decides them, on telling sound claims from flawed ones (calling everything false is not skill), and on
knowing how sure to be. Written reasons are not scored by machine: they are listed for an instructor to
score on a three-level rubric. Only committed checks that match a key claim with a verdict are scored
(the set K below). ``t`` is a verdict's ``truthfulness`` in ``lessons/taxonomy/verdicts.yaml``.

    verdict credit  v = 1                        the key's verdict
                        0.75                     one of the key's accepted_verdicts (partial credit)
                        0.5 × (1 − |t(s) − t(k)|)  both verdicts on the true–false line: nearer earns more
                        0                        otherwise (one of the two is "unverifiable")
    verdict score   = 100 × mean of v over K
    evidence        = Dice overlap of linked events S with the key's events E: 2|S ∩ E| / (|S| + |E|)
                      (1 when both are empty); evidence score = 100 × mean over K. Roles are not scored.
    discernment     a key claim is "flawed" when its verdict is misleading or inaccurate (t < 0.5) and "sound"
                    when accurate or mostly accurate; unverifiable key claims count for neither. A student
                    "flags" a claim by calling it misleading or inaccurate.
                    hits = flawed claims flagged; false alarms = sound claims flagged;
                    hit rate H = hits / flawed, false-alarm rate F = false alarms / sound, discernment = H − F
                    (1 = flags exactly the flawed claims; 0 = no better than flagging all or none)
    Brier score     = mean of (c − o)² over K, c = the student's confidence, o = 1 when the verdict is the key's
                    or an accepted one, else 0 (0 is perfect; always answering "50% sure" scores 0.25)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .case import Case
from .feedback import escape_md
from .key import KeySpan, claims_key, split_list
from .taxonomy import verdicts
from .timeline import load_timeline

if TYPE_CHECKING:
    from .grading import ActivityGrade

__all__ = [
    "RUBRIC", "ChecksScore", "checks_feedback", "grade_checks", "score_checks", "verdict_credit", "verdict_feedback",
]

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


@dataclass
class CheckScore:
    """One committed check scored against its key claim."""

    key: KeySpan
    item: dict[str, Any]
    credit: float
    evidence: float
    correct: bool


@dataclass
class ChecksScore:
    """Scores for one student's checks, with the per-claim detail that feedback needs."""

    checked: int
    scored: list[CheckScore] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    hits: int = 0
    flawed: int = 0
    false_alarms: int = 0
    sound: int = 0

    @property
    def verdict_score(self) -> float:
        return round(100 * sum(s.credit for s in self.scored) / len(self.scored), 1) if self.scored else 0.0

    @property
    def evidence_score(self) -> float:
        return round(100 * sum(s.evidence for s in self.scored) / len(self.scored), 1) if self.scored else 0.0

    @property
    def discernment(self) -> float | None:
        if not self.flawed or not self.sound:
            return None
        return round(self.hits / self.flawed - self.false_alarms / self.sound, 3)

    @property
    def brier(self) -> float | None:
        pairs = [(s.item["confidence"], 1.0 if s.correct else 0.0) for s in self.scored
                 if isinstance(s.item.get("confidence"), int | float)]
        return round(sum((c - o) ** 2 for c, o in pairs) / len(pairs), 3) if pairs else None


def _truth() -> dict[str, float | None]:
    return {v.id: v.extra.get("truthfulness") for v in verdicts()}


def _name(verdict: str) -> str:
    return next((v.name for v in verdicts() if v.id == verdict), verdict or "no verdict")


def verdict_credit(verdict: str, key: KeySpan) -> float:
    """The credit ``v`` for ``verdict`` on a key claim (see the module docstring)."""
    expected = key.row.get("verdict", "")
    if verdict == expected:
        return 1.0
    if verdict in split_list(key.row.get("accepted_verdicts", "")):
        return 0.75
    truth = _truth()
    a, b = truth.get(verdict), truth.get(expected)
    if a is None or b is None:
        return 0.0
    return round(0.5 * (1 - abs(float(a) - float(b))), 3)


def _dice(linked: set[str], expected: set[str]) -> float:
    if not linked and not expected:
        return 1.0
    return 2 * len(linked & expected) / (len(linked) + len(expected))


def score_checks(items: list[dict[str, Any]], case: Case) -> ChecksScore | None:
    """Score an answer record's check items against ``key/claims.csv``; ``None`` when the case has no key."""
    key = claims_key(case)
    if key is None:
        return None
    by_id = {k.id: k for k in key if k.row.get("verdict")}
    truth = _truth()
    committed = [i for i in items if isinstance(i, dict) and i.get("committed") and i.get("verdict")]
    result = ChecksScore(checked=len(committed))
    seen: set[str] = set()
    for item in committed:
        k = by_id.get(str(item.get("claim", {}).get("key_id") or ""))
        if k is None or k.id in seen:
            result.unmatched.append(item)
            continue
        seen.add(k.id)
        credit = verdict_credit(item["verdict"], k)
        linked = {str(e.get("event_id")) for e in item.get("events", []) if isinstance(e, dict)}
        evidence = _dice(linked, set(split_list(k.row.get("event_ids", ""))))
        result.scored.append(CheckScore(k, item, credit, evidence, credit >= 0.75))
        expected, given = truth.get(k.row["verdict"]), truth.get(item["verdict"])
        flagged = given is not None and float(given) < 0.5
        if expected is not None:
            if float(expected) < 0.5:
                result.flawed += 1
                result.hits += flagged
            else:
                result.sound += 1
                result.false_alarms += flagged
    result.scored.sort(key=lambda s: (s.key.paragraph, s.key.start))
    return result


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


def verdict_feedback(item: dict[str, Any], key: KeySpan, case: Case) -> str:
    """Markdown comparing one committed verdict with the key's, with the key's explanation (student text escaped)."""
    credit = verdict_credit(item.get("verdict", ""), key)
    mine, theirs = _name(item.get("verdict", "")), _name(key.row.get("verdict", ""))
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
                  f"*{escape_md(_name(i['verdict']))}*" for i in scored.unmatched]
    return "\n".join([*lines, ""])


def grade_checks(case: Case, document: dict[str, Any]) -> ActivityGrade:
    """The gradebook columns, feedback and reasons for manual scoring of one checks record."""
    from .grading import ActivityGrade

    scored = score_checks(document["items"], case) or ChecksScore(checked=0)
    columns = {
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
    manual = []
    for item in [s.item for s in scored.scored] + scored.unmatched:
        key = keyed.get(id(item))
        confidence = item.get("confidence")
        manual.append({
            "claim": key.id if key else item["id"],
            "quote": item["claim"]["exact"],
            "verdict": _name(item["verdict"]),
            "key_verdict": _name(key.row.get("verdict", "")) if key else "",
            "confidence": f"{confidence:.0%}" if isinstance(confidence, int | float) else "",
            "reason": " ".join(str(item.get("reason", "")).split()),
            "rubric_level": "",
            "rubric_note": "",
        })
    return ActivityGrade(columns, checks_feedback(case, scored), manual)
