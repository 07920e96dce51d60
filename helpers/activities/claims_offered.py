"""Which claims notebook 03 offers a student to check, and which the assignment asks every student to check.

The student's own checkable tags from notebook 02, topped up with the key's checkable claims (quotes only)
so the activity works even for a student who tagged none. A student release has no ``key/`` folder, so
``release`` writes ``claims_to_check.csv`` (id, paragraph, quote and whether it is assigned: no types,
verdicts or explanations) beside each case, and this module reads whichever of the two is present.

Why a module of its own: the checking widget, the release and the grader all ask it, and it knows nothing
of verdicts or scores (``checks`` grades; ``checks_feedback`` words).
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
from ..record.types import CheckedClaim, Item

__all__ = [
    "CLAIMS_TO_CHECK",
    "MINIMUM_TAGS",
    "ClaimToCheck",
    "assigned_claim_ids",
    "checkable_key_claims",
    "claims_to_check",
    "claims_to_check_csv",
    "tagged_claims_notebook",
]


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
    return _assigned_ids(key, chosen, paragraphs)


def _assigned_ids(key: tuple[KeySpan, ...], chosen: Sequence[str], paragraphs: Sequence[int]) -> tuple[str, ...]:
    """``assigned_claim_ids`` for a case with a key. Once per key tuple, teacher's list and shown paragraphs
    (``case.memo``): the grader asks for every student."""
    shown = frozenset(paragraphs)
    memo = table(key, ("checks.assigned", tuple(chosen), shown))
    if not memo:
        memo["ids"] = _assigned(key, chosen, shown)
    return cast(tuple[str, ...], memo["ids"])


def _assigned(key: tuple[KeySpan, ...], chosen: Sequence[str], shown: frozenset[int]) -> tuple[str, ...]:
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
