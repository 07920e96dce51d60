"""A case (one article with its timeline, sources and key) as every layer above sees it: one ``Case`` value.

Why one type: the notebooks, the widgets and the grader all work on the same numbered paragraphs and
offsets, so a case is loaded once (and cached) and passed around as a ``Case``; which case the kit teaches
is decided in ``selection.py``, and ``load_case()`` with no argument loads that one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .article import HEADLINE, STANDFIRST, Paragraph, parse_article, place, split_sentences
from .files import ID_PATTERN, LESSONS_DIR, CaseError, read_yaml
from .quotes import find_all
from .selection import current_case_id

__all__ = ["Case", "Location", "case_dir", "load_case"]


@dataclass(frozen=True)
class Location:
    """Where a quote stands: paragraph number and offsets within that paragraph's text."""

    paragraph: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True, eq=False)
class Case:
    """A case as the notebooks and the grader see it (compared and hashed by identity: loads are cached)."""

    id: str
    path: Path
    meta: dict[str, Any]
    headline: str
    dek: str
    paragraphs: tuple[Paragraph, ...]
    author_note: str
    has_key: bool = field(default=False)

    @property
    def title(self) -> str:
        """The headline as published."""
        return self.headline

    def part_text(self, number: int) -> str | None:
        """The text of body paragraph ``number``, or of the headline (0) or dek (-1); ``None`` if absent."""
        if number == HEADLINE:
            return self.headline
        if number == STANDFIRST:
            return self.dek or None
        return self.paragraphs[number - 1].text if 1 <= number <= len(self.paragraphs) else None

    def paragraph(self, number: int) -> Paragraph:
        """Body paragraph ``number`` (counted from 1); 0 is the headline and -1 the dek, when there is one."""
        if number in (HEADLINE, STANDFIRST) and (text := self.part_text(number)):
            return Paragraph(number, text, split_sentences(text), 1)
        if number in (HEADLINE, STANDFIRST):
            raise KeyError(f"{self.id} has no {place(number)[4:]}")
        if not 1 <= number <= len(self.paragraphs):
            raise KeyError(f"{self.id} has paragraphs 1–{len(self.paragraphs)}, not {number}")
        return self.paragraphs[number - 1]

    def parts(self) -> tuple[Paragraph, ...]:
        """The headline and (when there is one) the standfirst, as paragraphs numbered 0 and -1."""
        return tuple(self.paragraph(n) for n in (HEADLINE, STANDFIRST) if self.part_text(n))

    def has_part(self, number: int) -> bool:
        """Whether ``number`` is a paragraph of this article: the headline, the standfirst if any, or a body one."""
        return self.part_text(number) is not None

    def find(self, quote: str, paragraph: int | None = None) -> list[Location]:
        """Every place ``quote`` occurs (in one paragraph, or in all body paragraphs), forgiving quotes and spaces."""
        paragraphs = [self.paragraph(paragraph)] if paragraph is not None else list(self.paragraphs)
        found: list[Location] = []
        for para in paragraphs:
            for m in find_all(para.text, quote):
                found.append(Location(para.number, m.start, m.end, para.text[m.start : m.end]))
        return found

    def locate(self, quote: str, paragraph: int | None = None) -> Location:
        """The one place ``quote`` occurs; raises ``KeyError`` when absent or ambiguous."""
        found = self.find(quote, paragraph)
        where = place(paragraph) if paragraph is not None else "the article"
        if not found:
            raise KeyError(f"quote not found in {where}: {quote!r}")
        if len(found) > 1:
            raise KeyError(f"quote occurs {len(found)} times in {where}; quote more words: {quote!r}")
        return found[0]

    def sentences(self) -> list[dict[str, Any]]:
        """Every sentence as a record: paragraph, sentence number, offsets and text."""
        rows = []
        for para in self.paragraphs:
            for n, (start, end) in enumerate(para.sentences, 1):
                rows.append(
                    {"paragraph": para.number, "sentence": n, "start": start, "end": end, "text": para.text[start:end]}
                )
        return rows

    def file(self, *parts: str) -> Path:
        """A path inside the case folder."""
        return self.path.joinpath(*parts)


def case_dir(case: str | Path) -> Path:
    """Resolve a case id (``sochi-2015``) or a folder path to the case folder."""
    path = Path(case)
    if path.is_dir():
        return path.resolve()
    candidate = LESSONS_DIR / "cases" / str(case)
    if candidate.is_dir():
        return candidate
    raise CaseError(f"no case called {case!r}: looked for a folder {path} and {candidate}")


@cache
def _load_cached(path: Path, mtime: float) -> Case:
    meta = read_yaml(path / "case.yaml")
    if not isinstance(meta, dict):
        raise CaseError(f"{path / 'case.yaml'}:1: expected a mapping of fields such as id and title")
    for name in ("id", "title", "author", "outlet"):
        if not meta.get(name):
            raise CaseError(f"{path / 'case.yaml'}: the field {name!r} is missing or empty")
    if not ID_PATTERN.match(str(meta["id"])):
        raise CaseError(f"{path / 'case.yaml'}: id {meta['id']!r} must be lowercase letters, digits, hyphens")
    headline, dek, paragraphs, note = parse_article(path / "article.md")
    return Case(
        id=str(meta["id"]),
        path=path,
        meta=meta,
        headline=headline,
        dek=dek,
        paragraphs=tuple(paragraphs),
        author_note=note,
        has_key=(path / "key" / "claims.csv").is_file(),
    )


def load_case(case: str | Path | None = None) -> Case:
    """Load and validate a case by id or folder (default: the kit's current case, see ``selection``);
    raises ``CaseError`` naming the file and line."""
    path = case_dir(current_case_id() if case is None else case)
    stamps = [p.stat().st_mtime for p in (path / "case.yaml", path / "article.md") if p.exists()]
    return _load_cached(path, max(stamps, default=0.0))
