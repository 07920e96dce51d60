"""Which claims notebook 03 asks a student to check: their own checkable tags from notebook 02, topped up
with the key's checkable claims (quotes only) so the activity works even for a student who tagged none.

Why: checking claims the student found themselves is the better lesson, but a student who skipped or
struggled with notebook 02 must still be able to do notebook 03. A student release has no ``key/``
folder, so ``release`` writes ``claims_to_check.csv`` (id, paragraph, quote: no types, verdicts or
explanations) beside each case, and this module reads whichever of the two is present.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .answers import AnswerStore, notebook_path
from .case import Case, CaseError, read_csv
from .highlighter import clean_spans
from .key import claims_key
from .taxonomy import claim_types

__all__ = ["ClaimToCheck", "checkable_key_claims", "claims_to_check", "claims_to_check_csv", "tagged_claims_notebook"]

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

    def as_record(self) -> dict[str, Any]:
        """The ``claim`` object of an answer-record check item."""
        record: dict[str, Any] = {"source": self.source, "paragraph": self.paragraph, "exact": self.exact,
                                  "start": self.start, "end": self.end}
        if self.key_id:
            record["key_id"] = self.key_id
        return record

    @classmethod
    def from_record(cls, ident: str, record: dict[str, Any]) -> ClaimToCheck:
        """Rebuild a claim from a saved check item's ``claim``."""
        return cls(ident, record["source"], record.get("key_id"), int(record["paragraph"]), int(record["start"]),
                   int(record["end"]), str(record["exact"]))


def _checkable_types() -> set[str]:
    return {label.id for label in claim_types() if label.extra.get("checkable")}


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


def claims_to_check(
    case: Case, tags: list[dict[str, Any]] | None = None, minimum: int = MINIMUM_TAGS
) -> list[ClaimToCheck]:
    """The student's checkable tags (``tags``: notebook 02's span items; read from its answers when ``None``),
    each matched to the key claim it overlaps most, plus the key's other checkable claims when fewer than
    ``minimum`` tags are checkable. In reading order."""
    if tags is None:
        tags = AnswerStore("claims", case.id, notebook=tagged_claims_notebook()).items
    checkable = _checkable_types()
    placed, _ = clean_spans(case, tags, {label.id for label in claim_types()}, multi_label=False)
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
