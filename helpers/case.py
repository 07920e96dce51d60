"""Load a case (one article with its timeline, sources and key) from plain files an instructor edits.

Why: every activity, chart and grade is computed against the same numbered paragraphs, sentences and
character offsets, so they are derived once here, from ``article.md``, and validated with the file and
line of any problem named, because the people who edit these files are teachers, not programmers.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .quotes import find_all

__all__ = ["Case", "CaseError", "Location", "Paragraph", "case_dir", "load_case", "parse_article", "read_csv"]

LESSONS_DIR = Path(__file__).resolve().parent.parent / "lessons"
ID_PATTERN = re.compile(r"^[a-z0-9-]+$")
# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket) and white space,
# unless the full stop belongs to a short abbreviation such as "Mr." or "Sec." or an initial ("S.").
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s+)")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "sec", "st", "gen", "sen", "rep", "u.s", "u.n", "vs", "e.g", "i.e"}


class CaseError(ValueError):
    """A case file is missing or malformed; the message names the file and line."""


@dataclass(frozen=True)
class Paragraph:
    """One numbered body paragraph and the character offsets of its sentences."""

    number: int
    text: str
    sentences: tuple[tuple[int, int], ...]
    line: int  # line in article.md where the paragraph starts


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

    def paragraph(self, number: int) -> Paragraph:
        """Body paragraph ``number`` (counted from 1)."""
        if not 1 <= number <= len(self.paragraphs):
            raise KeyError(f"{self.id} has paragraphs 1–{len(self.paragraphs)}, not {number}")
        return self.paragraphs[number - 1]

    def find(self, quote: str, paragraph: int | None = None) -> list[Location]:
        """Every place ``quote`` occurs (in one paragraph, or in all), forgiving quotes and spaces."""
        paragraphs = [self.paragraph(paragraph)] if paragraph else list(self.paragraphs)
        found: list[Location] = []
        for para in paragraphs:
            for m in find_all(para.text, quote):
                found.append(Location(para.number, m.start, m.end, para.text[m.start : m.end]))
        return found

    def locate(self, quote: str, paragraph: int | None = None) -> Location:
        """The one place ``quote`` occurs; raises ``KeyError`` when absent or ambiguous."""
        found = self.find(quote, paragraph)
        where = f"paragraph {paragraph}" if paragraph else "the article"
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


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence offsets in ``text``; white space between sentences belongs to none."""
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for m in _SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)\.$", text[start : m.start() + 1])
        token = word.group(1).lower() if word else ""
        if m.group(0).startswith(".") and (token in _ABBREVIATIONS or len(token) == 1):
            continue
        spans.append((start, m.end()))
        rest = text[m.end() :]
        start = m.end() + len(rest) - len(rest.lstrip())
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return tuple(spans)


def case_dir(case: str | Path) -> Path:
    """Resolve a case id (``sochi-2015``) or a folder path to the case folder."""
    path = Path(case)
    if path.is_dir():
        return path.resolve()
    candidate = LESSONS_DIR / "cases" / str(case)
    if candidate.is_dir():
        return candidate
    raise CaseError(f"no case called {case!r}: looked for a folder {path} and {candidate}")


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning syntax errors into a message with the file and line."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CaseError(f"{path}: file is missing") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise CaseError(f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc


def read_csv(path: Path, required: tuple[str, ...] = ("id",)) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file, each with its line number under ``_line`` (the header is line 1)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise CaseError(f"{path}:1: missing column(s) {', '.join(missing)}")
            rows = []
            for row in reader:
                if None in row:
                    raise CaseError(f"{path}:{reader.line_num}: more cells than the header has columns")
                clean = {k: (v or "").strip() for k, v in row.items()}
                clean["_line"] = str(reader.line_num)
                rows.append(clean)
            return rows
    except FileNotFoundError as exc:
        raise CaseError(f"{path}: file is missing") from exc
    except UnicodeDecodeError as exc:
        raise CaseError(f"{path}: not UTF-8 text ({exc.reason})") from exc


def parse_article(path: Path) -> tuple[str, str, list[Paragraph], str]:
    """Split article.md into headline, dek, numbered paragraphs and the author note.

    Markdown's rule for paragraphs: consecutive lines form one paragraph (joined by a space) and a blank
    line ends it, so an instructor may wrap long paragraphs. ``check_case`` uses this same parser, so
    the paragraph numbers it checks are the ones the notebooks show.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise CaseError(f"{path}: file is missing") from exc
    headline = dek = note = ""
    blocks: list[tuple[int, str]] = []
    in_note = False
    open_block = False  # whether the previous line belongs to the current body paragraph
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            open_block = False
        elif line.startswith("# ") and not headline:
            headline = line[2:].strip()
        elif line.startswith(">") and not blocks:
            dek = f"{dek} {line.lstrip('>').strip()}".strip()
        elif line == "---":
            in_note = True
        elif in_note:
            note = f"{note} {line}".strip()
        elif open_block:
            start, text = blocks[-1]
            blocks[-1] = (start, f"{text} {line}")
        else:
            blocks.append((number, raw.rstrip()))
            open_block = True
    if not headline:
        raise CaseError(f"{path}:1: the first line must be the headline, starting with '# '")
    if not blocks:
        raise CaseError(f"{path}: no body paragraphs found")
    paragraphs = [Paragraph(i, text, split_sentences(text), line) for i, (line, text) in enumerate(blocks, 1)]
    return headline, dek, paragraphs, note


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


def load_case(case: str | Path = "sochi-2015") -> Case:
    """Load and validate a case by id or folder; raises ``CaseError`` naming the file and line."""
    path = case_dir(case)
    stamps = [p.stat().st_mtime for p in (path / "case.yaml", path / "article.md") if p.exists()]
    return _load_cached(path, max(stamps, default=0.0))
