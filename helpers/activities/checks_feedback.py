"""Notebook 03's feedback in the student's voice: each committed verdict beside the key's, what is still to
check, discernment and calibration in plain words, in Markdown or plain text.

Why a module of its own: ``checks`` decides which claims are offered and grades them; this is only wording,
shared by "check my work" in the notebook, the checking widget and the grader's feedback files, so all three
say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple, cast

from ..case.article import place_short
from ..case.key import KeySpan, claims_key, split_list
from ..case.memo import ENTRIES, table
from ..case.model import Case
from ..case.taxonomy import load_verdicts
from ..case.timeline import load_timeline
from ..record.types import CheckItem
from ..scoring.checks import ChecksScore, verdict_credit
from ..scoring.wording import MARKDOWN, Wording
from .span_feedback import paragraphs_phrase

__all__ = ["checks_feedback", "verdict_feedback", "verdict_name"]


def verdict_name(verdict: str) -> str:
    """A verdict's display name ("no verdict" for an empty one)."""
    if type(verdict) is not str:
        return next((v.name for v in load_verdicts() if v.id == verdict), verdict or "no verdict")
    return _verdict_names().get(verdict) or verdict or "no verdict"


@lru_cache(maxsize=1)
def _verdict_names() -> dict[str, str]:
    """Each verdict's display name by id, the first of any repeated id (read-only; ``load_verdicts`` is cached)."""
    names: dict[str, str] = {}
    for v in load_verdicts():
        names.setdefault(v.id, v.name)
    return names


class _EventNames(dict[str, str]):
    """The case's events by id, each as its short name and date, worked out when first asked for: a class's
    grading asks for a few of them per claim checked, the first of them before its processes fork (making all
    of a case's names at once was a third of the time spent before the first file was graded)."""

    def __init__(self, case: Case) -> None:
        super().__init__()
        self._events = {event.id: event for event in load_timeline(case).events}

    def __missing__(self, event_id: str) -> str:
        event = self._events.get(event_id)
        self[event_id] = name = f"{event.short} ({event.when()})" if event is not None else event_id
        return name


@lru_cache(maxsize=16)
def _event_names(case: Case) -> _EventNames:
    """Each event's short name and date, once per case (the grader asks for them per student)."""
    return _EventNames(case)


def _events(case: Case, cell: str, w: Wording) -> str:
    """The key's events for a claim, by short name and date (their ids when the timeline lacks them)."""
    names = _event_names(case)
    return w.esc("; ".join(names[event_id] for event_id in split_list(cell))) or "none"


def verdict_feedback(item: CheckItem, key: KeySpan, case: Case, wording: Wording = MARKDOWN) -> str:
    """One committed verdict beside the key's, with the key's evidence and explanation (student text escaped).

    Remembered per case and wording (``case.memo``) for each key claim and verdict: the text depends on nothing
    else, and a class gives the same few verdicts on the same claims. The entry keeps the key claim, so a key
    read again (an edited file) never finds the text of the one before.
    """
    verdict = item.get("verdict", "")
    if type(verdict) is not str:
        return _verdict_feedback(verdict, key, case, wording)
    memo = table(case, ("checks.verdict_feedback", wording))
    entry = (id(key), verdict)
    found = memo.get(entry)
    if found is None or found[0] is not key:
        found = (key, _verdict_feedback(verdict, key, case, wording))
        if len(memo) < ENTRIES:
            memo[entry] = found
    return cast(str, found[1])


def _verdict_feedback(verdict: str, key: KeySpan, case: Case, w: Wording) -> str:
    credit = verdict_credit(verdict, key)
    mine, theirs = verdict_name(verdict), verdict_name(key.row.get("verdict", ""))
    if verdict == key.row.get("verdict", ""):
        judgement = f"You said {w.bold(w.esc(mine))}, as the key does."
    elif credit >= 1:
        judgement = f"You said {w.bold(w.esc(mine))}; the key says {w.bold(w.esc(theirs))} and accepts yours too."
    else:
        judgement = f"You said {w.bold(w.esc(mine))}; the key says {w.bold(w.esc(theirs))}."
    events = _events(case, key.row.get("event_ids", ""), w)
    gap = "  \n  " if w.markdown else "\n  "
    return (f"- {place_short(key.paragraph)} {w.quote(key.quote, 120)}{gap}{judgement} "
            f"The key's evidence: {events}.{gap}"
            f"{w.em('Why:')} {w.esc(key.row.get('explanation', ''))}")


def checks_feedback(case: Case, scored: ChecksScore, *, assigned: Sequence[str] = (), wording: Wording = MARKDOWN,
                    reveal_missed: bool = True) -> str:
    """Feedback on the checks in the student's voice: how many of the assigned claims are checked and agree
    with the key, what is still to check, then each claim; discernment and calibration in plain words."""
    return _worded(case, scored, _summary(case, scored, assigned, scored.brier) if scored.checked else None, wording)


class _Summary(NamedTuple):
    """What the feedback says in either wording (Markdown, plain text), worked out once for both (a named tuple:
    made once per student, and quicker to make than a frozen dataclass)."""

    asked: int  # the assigned claims the key has
    checked: int  # how many of them are checked
    agreed: int  # verdicts that agree with the key (or one it also accepts)
    score: float
    still: str  # where the assigned claims still to check are ("" when none are)
    brier: float | None


def _summary(case: Case, scored: ChecksScore, assigned: Sequence[str], brier: float | None,
             graded: tuple[list[str], float] | None = None) -> _Summary:
    """``brier``: ``scored.brier``. ``graded``: the assigned ids and the score ``grade_checks`` gave over them
    with ``_verdict_ids``, used again when the feedback would score the same ids against the same list."""
    key = _claims_by_id(case)
    done = {s.key.id for s in scored.scored}
    asked = [k for k in assigned if k in key]
    agreed = sum(1 for s in scored.scored if s.correct)
    checked, score, still = 0, 0.0, ""
    if asked:
        checked = sum(1 for k in asked if k in done)
        if graded is not None and graded[0] == asked and _same_verdict_ids(case):
            score = graded[1]
        else:
            score = scored.grade(asked, _claims_with_verdict(case))
        missing = [key[k].paragraph for k in asked if k not in done]
        still = _places(case, tuple(missing)) if missing else ""
    return _Summary(len(asked), checked, agreed, score, still, brier)


_BRIER = "For the curious: how well your confidence matched your results"


class _Fixed(NamedTuple):
    """The parts of ``_worded`` that depend on the wording alone, made once per wording (by ``Wording.markdown``:
    the whole of what a wording is) instead of once per student."""

    title: str
    each: str
    own: str
    bold: str  # what ``Wording.bold`` puts either side of its text
    fold_head: tuple[str, ...]  # ``Wording.fold`` of the Brier note: the lines before it, and after
    fold_tail: tuple[str, ...]


def _fixed(w: Wording) -> _Fixed:
    folded = w.fold(_BRIER, ["\0"])  # a line no wording makes, to find where the note goes
    middle = folded.index("\0")
    return _Fixed(w.heading(2, "Checking claims against the timeline (notebook 03)"),
                  w.heading(3, "Each claim you checked"), w.heading(3, "Your own claims the key has no verdict for"),
                  w.bold("")[: len(w.bold("")) // 2], tuple(folded[:middle]), tuple(folded[middle + 1:]))


_FIXED = {markdown: _fixed(Wording(markdown)) for markdown in (True, False)}


def _worded(case: Case, scored: ChecksScore, summary: _Summary | None, w: Wording,
            claim_lines: list[str] | None = None) -> str:
    """``checks_feedback`` in wording ``w`` from what ``_summary`` worked out (``None``: nothing committed);
    ``claim_lines``: ``_verdict_feedbacks`` in that wording, when the caller has them."""
    fixed = _FIXED[w.markdown]
    if summary is None:
        return "\n".join([fixed.title, "", "You have not committed a verdict yet.", ""])
    lines = [fixed.title, ""]
    agreed, b = summary.agreed, fixed.bold
    if summary.asked:
        lines.append(f"You checked {b}{summary.checked} of the {summary.asked} claims{b} your teacher asked "
                     f"for, and {_count(agreed, 'verdict')} in all agree with the key (or a verdict it also accepts).")
        lines += ["", f"Score: {b}{summary.score:g}/100{b}.", ""]
        if summary.still:
            lines.append(f"{b}Next:{b} still to check, the claims in {summary.still}.")
    else:
        lines.append(f"You committed {_count(scored.checked, 'verdict')}; {agreed} agree with the key.")
    if scored.flawed and scored.sound:
        lines.append(f"Of the {scored.flawed} claims the key rates misleading or inaccurate, you flagged "
                     f"{scored.hits}; of the {scored.sound} it rates accurate or mostly accurate, you flagged "
                     f"{scored.false_alarms} as flawed. A good checker flags the first kind and not the second.")
    lines += ["", fixed.each, ""]
    lines += _verdict_feedbacks(case, scored, w) if claim_lines is None else claim_lines
    if scored.unmatched:
        lines += ["", fixed.own, "", "These are not scored; your teacher may read them."]
        lines += [f"- {place_short(i['claim']['paragraph'])} {w.quote(i['claim']['exact'], 120)} — you said "
                  f"{w.em(w.esc(verdict_name(i['verdict'])))}" for i in scored.unmatched]
    brier = summary.brier
    if brier is not None:
        lines += ["", *fixed.fold_head,
                  f"Researchers measure this with a Brier score: yours is {brier:.2f} (0 is perfect; always saying "
                  "\"50% sure\" gives 0.25).", *fixed.fold_tail]
    lines.append("")
    return "\n".join(lines)


def _verdict_feedbacks(case: Case, scored: ChecksScore, w: Wording) -> list[str]:
    """``verdict_feedback`` of each scored check, its memo looked up once for them all."""
    memo = table(case, ("checks.verdict_feedback", w))
    texts = []
    for s in scored.scored:
        verdict = s.item.get("verdict", "")
        found = memo.get((id(s.key), verdict)) if type(verdict) is str else None
        texts.append(found[1] if found is not None and found[0] is s.key else verdict_feedback(s.item, s.key, case, w))
    return texts


def _places(case: Case, paragraphs: tuple[int, ...]) -> str:
    """``paragraphs_phrase``, once per case and list of paragraphs (``case.memo``): a class leaves the same few
    claims unchecked."""
    memo = table(case, "checks.places")
    found = memo.get(paragraphs)
    if found is None:
        found = paragraphs_phrase(paragraphs)
        if len(memo) < ENTRIES:
            memo[paragraphs] = found
    return cast(str, found)


def _same_verdict_ids(case: Case) -> bool:
    """Whether ``_claims_with_verdict`` and ``_verdict_ids`` give the same list (they differ only when the key
    repeats an id), so a score over one is the score over the other; once per key tuple."""
    claims = claims_key(case) or ()
    memo = table(claims, "checks.same_verdict_ids")
    if not memo:
        memo["same"] = _claims_with_verdict(case) == _verdict_ids(claims)
    return cast(bool, memo["same"])


def _claims_by_id(case: Case) -> dict[str, KeySpan]:
    """The key's claims by id (the last of any repeated id), once per key tuple (``case.memo``; read-only)."""
    claims = claims_key(case) or ()
    memo = table(claims, "checks.by_id")
    if not memo:
        memo["by_id"] = {k.id: k for k in claims}
    return cast(dict[str, KeySpan], memo["by_id"])


def _claims_with_verdict(case: Case) -> list[str]:
    """The ids of ``_claims_by_id`` that have a verdict, in key order, once per key tuple."""
    claims = claims_key(case) or ()
    memo = table(claims, "checks.with_verdict_by_id")
    if not memo:
        memo["ids"] = tuple(i for i, k in _claims_by_id(case).items() if k.row.get("verdict"))
    return list(memo["ids"])


def _verdict_ids(key: tuple[KeySpan, ...]) -> list[str]:
    """The ids of the key's claims with a verdict, in key order (repeats kept), once per key tuple."""
    memo = table(key, "checks.verdict_ids")
    if not memo:
        memo["ids"] = tuple(k.id for k in key if k.row.get("verdict"))
    return list(memo["ids"])


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"

