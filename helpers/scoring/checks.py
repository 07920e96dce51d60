"""Score notebook 03's claim checks against the key: verdicts, evidence, discernment and calibration.

Why these measures: a fact-checker is judged on getting verdicts right, on citing the evidence that
decides them, on telling sound claims from flawed ones (calling everything false is not skill), and on
knowing how sure to be. Written reasons are not scored by machine: they are listed for an instructor to
score on a three-level rubric. Only committed checks that match a key claim with a verdict are scored
(the set K below). ``t`` is a verdict's ``truthfulness`` in ``lessons/taxonomy/verdicts.yaml``.

    verdict credit  v = 1                        the key's verdict, or one of its accepted_verdicts
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

The graded score (``ChecksScore.grade``) is taken over the claims the assignment asks to check (A: the
teacher's list, else the key's core claims with a verdict), not over the claims a student chose, so one
lucky check cannot score 100 and checking more never lowers a score:

    claim credit    c(k) = 0.8 × v + 0.2 × evidence        (0 for a claim in A not checked)
    assigned        Q_A = mean of c over A
    the rest        Q_O = mean of c over the key's other claims with a verdict (0 when none)
    checks score    = 100 × (Q_A + (1 − Q_A) × 0.5 × Q_O)  (the rest can fill at most half of what A lacks)

Discernment and the Brier score are reported beside it for the teacher, not folded into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from itertools import filterfalse, repeat
from typing import NamedTuple, cast

from ..case.key import KeySpan, claims_key, split_list
from ..case.memo import ENTRIES, table
from ..case.model import Case
from ..case.taxonomy import load_verdicts
from ..record.types import CheckItem

__all__ = [
    "CheckScore", "ChecksScore", "claim_credit", "grade_over", "score_against", "score_checks", "verdict_credit",
]


@dataclass
class CheckScore:
    """One committed check scored against its key claim."""

    key: KeySpan
    item: CheckItem
    credit: float
    evidence: float
    correct: bool


@dataclass
class ChecksScore:
    """Scores for one student's checks, with the per-claim detail that feedback needs."""

    checked: int
    scored: list[CheckScore] = field(default_factory=list)
    unmatched: list[CheckItem] = field(default_factory=list)
    hits: int = 0
    flawed: int = 0
    false_alarms: int = 0
    sound: int = 0

    @property
    def verdict_score(self) -> float:
        """100 × mean verdict credit over the scored checks."""
        return round(100 * sum(s.credit for s in self.scored) / len(self.scored), 1) if self.scored else 0.0

    @property
    def evidence_score(self) -> float:
        """100 × mean evidence overlap over the scored checks."""
        return round(100 * sum(s.evidence for s in self.scored) / len(self.scored), 1) if self.scored else 0.0

    def grade(self, assigned: Sequence[str], others: Sequence[str]) -> float:
        """The graded checks score, 0-100, over the assigned claim ids (see the module docstring)."""
        credit = {s.key.id: claim_credit(s.credit, s.evidence) for s in self.scored}
        return grade_over(credit, assigned, list(filterfalse(set(assigned).__contains__, others)))

    @property
    def discernment(self) -> float | None:
        """Hit rate minus false-alarm rate; ``None`` without both flawed and sound key claims."""
        if not self.flawed or not self.sound:
            return None
        return round(self.hits / self.flawed - self.false_alarms / self.sound, 3)

    @property
    def brier(self) -> float | None:
        """Mean squared gap between confidence and being right; ``None`` without confidences."""
        pairs = [(float(c), 1.0 if s.correct else 0.0) for s in self.scored
                 if isinstance(c := s.item.get("confidence"), (int, float))]
        return round(sum((c - o) ** 2 for c, o in pairs) / len(pairs), 3) if pairs else None


def claim_credit(credit: float, evidence: float) -> float:
    """``c(k)`` of a checked claim, from its verdict credit and evidence overlap (see the module docstring)."""
    return 0.8 * credit + 0.2 * evidence


def grade_over(credit: dict[str, float], assigned: Sequence[str], rest: Sequence[str]) -> float:
    """``ChecksScore.grade`` from each checked claim's ``claim_credit`` by key claim id, the assigned ids and the
    key's other ids with a verdict (``rest``: not assigned, repeats kept), for a caller that has worked out the
    last two once for a whole class."""
    # ``map`` over the ids: the same sums, in the same order, without a generator step per claim of the key
    q_assigned = sum(map(credit.get, assigned, repeat(0.0))) / len(assigned) if assigned else 0.0
    q_other = sum(map(credit.get, rest, repeat(0.0))) / len(rest) if rest else 0.0
    return round(100 * (q_assigned + (1 - q_assigned) * 0.5 * q_other), 1)


@cache
def _truth() -> dict[str, float | None]:
    """Each verdict's truthfulness (read-only: shared by every caller, as ``load_verdicts`` is)."""
    truth: dict[str, float | None] = {}
    for v in load_verdicts():
        value = v.extra.get("truthfulness")
        truth[v.id] = None if value is None else float(value)
    return truth


def verdict_credit(verdict: str, key: KeySpan) -> float:
    """The credit ``v`` for ``verdict`` on a key claim (see the module docstring)."""
    expected = key.row.get("verdict", "")
    if verdict == expected:
        return 1.0
    if verdict in split_list(key.row.get("accepted_verdicts", "")):
        return 1.0
    truth = _truth()
    a, b = truth.get(verdict), truth.get(expected)
    if a is None or b is None:
        return 0.0
    return round(0.5 * (1 - abs(float(a) - float(b))), 3)


def _dice(linked: AbstractSet[str], expected: AbstractSet[str]) -> float:
    if not linked and not expected:
        return 1.0
    return 2 * len(linked & expected) / (len(linked) + len(expected))


class _Scoring(NamedTuple):
    """What scoring a check needs from the key, worked out once per key tuple (``case.memo``; read-only but for
    ``judged``): the claims that have a verdict and the events each cites, by id, and ``judged`` (see ``_judge``)."""

    by_id: dict[str, KeySpan]
    events: dict[str, frozenset[str]]
    judged: dict[tuple[str, str], tuple[float, bool | None, bool]]


def _scoring(key: tuple[KeySpan, ...]) -> _Scoring:
    memo = table(key, "checks.scoring")
    found = memo.get("scoring")
    if found is None:
        by_id = {k.id: k for k in key if k.row.get("verdict")}
        events = {i: frozenset(split_list(k.row.get("event_ids", ""))) for i, k in by_id.items()}
        found = memo["scoring"] = _Scoring(by_id, events, {})
    return cast(_Scoring, found)


def _judge(verdict: str, key: KeySpan) -> tuple[float, bool | None, bool]:
    """The verdict's credit, whether the key claim is flawed (``None``: it counts for neither side of
    discernment) and whether the verdict flags it. Remembered in ``_Scoring.judged`` by (key claim id, verdict):
    they depend on nothing else, and a class gives the same few verdicts on the same claims."""
    truth = _truth()
    expected, given = truth.get(key.row["verdict"]), truth.get(verdict)
    flawed = None if expected is None else float(expected) < 0.5
    return verdict_credit(verdict, key), flawed, given is not None and float(given) < 0.5


def score_checks(items: Sequence[CheckItem], case: Case) -> ChecksScore | None:
    """Score an answer record's check items against ``key/claims.csv``; ``None`` when the case has no key."""
    key = claims_key(case)
    return None if key is None else score_against(items, key)


def score_against(items: Sequence[CheckItem], key: tuple[KeySpan, ...]) -> ChecksScore:
    """``score_checks`` against a key the caller already has (the grader reads it once per record).

    One pass over the items for a class's thousands of records: a check citing one event (the usual case) is
    scored without making a set of it, and discernment is counted in local names."""
    by_id, events_of, judged = _scoring(key)
    committed = [i for i in items if isinstance(i, dict) and i.get("committed") and i.get("verdict")]
    result = ChecksScore(checked=len(committed))
    scored, unmatched = result.scored, result.unmatched
    seen: set[str] = set()
    hits = flawed_count = false_alarms = sound = 0
    for item in committed:
        ident = item["claim"].get("key_id")
        k = by_id.get(ident if type(ident) is str else str(ident or ""))
        if k is None or k.id in seen:
            unmatched.append(item)
            continue
        seen.add(k.id)
        verdict = item["verdict"]
        found = judged.get((k.id, verdict)) if type(verdict) is str else None
        if found is None:
            found = _judge(verdict, k)
            if type(verdict) is str and len(judged) < ENTRIES:
                judged[k.id, verdict] = found
        credit, flawed, flagged = found
        expected = events_of[k.id]
        events = item.get("events", [])
        if type(events) is list and len(events) == 1 and type(event := events[0]) is dict \
                and type(linked := event.get("event_id")) is str:
            evidence = 2 * (linked in expected) / (1 + len(expected))  # ``_dice`` of a set of one
        else:
            evidence = _dice({str(e.get("event_id")) for e in events if isinstance(e, dict)}, expected)
        scored.append(CheckScore(k, item, credit, evidence, credit >= 1.0))
        if flawed is not None:
            if flawed:
                flawed_count += 1
                hits += flagged
            else:
                sound += 1
                false_alarms += flagged
    result.hits, result.flawed, result.false_alarms, result.sound = hits, flawed_count, false_alarms, sound
    if len(scored) > 1:
        scored.sort(key=_place)
    return result


def _place(s: CheckScore) -> tuple[int, int]:
    return s.key.paragraph, s.key.start
