"""Match submissions to the class list: ``roster.csv`` (student_id, name, email, sis_login).

Why: the LMS files need the LMS's own identifier, and a teacher needs to know who is missing and which
submissions belong to nobody on the list. The roster is optional; without it, the grader's own ids stand.
Matching is strict on purpose (a wrong match gives one student another's grade): the id, then the
e-mail or SIS login, then the whole normalised name, and a first name only when exactly one student on
the list has it (flagged for the teacher to confirm).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .identity import Identity, normalise_name

__all__ = ["ROSTER_COLUMNS", "Roster", "RosterEntry", "RosterError", "read_roster"]

ROSTER_COLUMNS = ("student_id", "name", "email", "sis_login")
MAX_ROSTER_BYTES = 5 * 1024 * 1024


class RosterError(ValueError):
    """The roster file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class RosterEntry:
    """One student on the class list."""

    student_id: str
    name: str
    email: str = ""
    sis_login: str = ""


@dataclass
class Roster:
    """The class list, indexed for matching."""

    entries: list[RosterEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key: dict[str, RosterEntry] = {}
        self._by_name: dict[str, list[RosterEntry]] = defaultdict(list)
        self._by_first: dict[str, list[RosterEntry]] = defaultdict(list)
        for entry in self.entries:
            for key in (entry.student_id, entry.email, entry.sis_login):
                if key:
                    self._by_key[key.casefold()] = entry
            name = normalise_name(entry.name)
            if name:
                self._by_name[name].append(entry)
                self._by_first[name.split()[0]].append(entry)

    def match(self, identity: Identity, entered_name: str) -> tuple[RosterEntry | None, str]:
        """The roster entry for a submission and a note for the teacher ("" when the match is sure)."""
        if identity.source not in ("name", "none"):
            entry = self._by_key.get(identity.student_id.casefold())
            if entry:
                return entry, ""
        name = normalise_name(entered_name)
        if not name:
            return None, "no name entered and no student id in the file's place"
        entry = self._by_key.get(entered_name.strip().casefold())
        if entry:
            return entry, ""
        same = self._by_name.get(name, [])
        if len(same) == 1:
            return same[0], ""
        if len(same) > 1:
            return None, f"the name {entered_name!r} fits {len(same)} students on the roster"
        first = self._by_first.get(name, []) if len(name.split()) == 1 else []
        if len(first) == 1:
            return first[0], f"matched by first name only ({entered_name!r} -> {first[0].name!r}): please confirm"
        return None, f"the name {entered_name!r} is not on the roster"


def read_roster(path: Path) -> Roster:
    """Read ``roster.csv``; ``RosterError`` names the file and line of any problem."""
    try:
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise RosterError(f"{path}: larger than {MAX_ROSTER_BYTES // 1_048_576} MB; is it the class list?")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise RosterError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise RosterError(f"{path}: not UTF-8 text; save it from the spreadsheet as 'CSV UTF-8'") from exc
    # The reader sees the text's line breaks as they are (csv's ``newline=""``): a quoted cell may hold one, and a
    # character that ``str.splitlines`` takes for a line break (U+2028, U+0085 and the other Unicode separators)
    # stays inside its cell instead of starting a row of its own.
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    if "student_id" not in header or "name" not in header:
        raise RosterError(f"{path}:1: the header must include student_id and name (found: {', '.join(header)})")
    entries: list[RosterEntry] = []
    seen: dict[str, int] = {}
    next_line = reader.line_num + 1
    for cells in reader:
        line, next_line = next_line, reader.line_num + 1  # the line the row starts on (its cells may span lines)
        if not cells:  # a blank line
            continue
        clean = {column: cell.strip() for column, cell in zip(header, cells, strict=False)}
        student_id = clean.get("student_id", "")
        if not student_id:
            raise RosterError(f"{path}:{line}: student_id is empty")
        if student_id.casefold() in seen:
            raise RosterError(f"{path}:{line}: student_id {student_id!r} already on line {seen[student_id.casefold()]}")
        seen[student_id.casefold()] = line
        entries.append(RosterEntry(student_id, clean.get("name", ""), clean.get("email", ""),
                                   clean.get("sis_login", "")))
    return Roster(entries)
