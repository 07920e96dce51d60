"""Everything the class report takes from the rest of the kit, in one adapter, and the report's input types.

Why one adapter: ``helpers`` is being reorganised into layered subpackages (issue 8) and grading's
student identity is being rewritten (issue 9). The report imports nothing else from ``helpers``, so
re-pointing these imports (and swapping ``student_id``) is a change to this file only.

The input is plain data: a ``StudentWork`` per student (activity -> answer record, as in
``helpers/schemas/answers-v1.schema.json``) inside a ``ClassWork``. ``load_class`` reads a folder of
saved notebooks the way the grader does, never executing anything; it yields one student at a time so
that the report can aggregate as it goes and forget each student's records.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, cast

from ..case import Case, CaseError, load_case
from ..case.files import LESSONS_DIR, read_csv, read_yaml
from ..case.key import KeySpan, claims_key, devices_key, split_list
from ..case.palette import PALETTE
from ..case.prepost import VERDICTS, Item, load_items
from ..case.switches import Switches, class_switches, load_switches
from ..case.taxonomy import Label
from ..case.taxonomy import load_claim_types as claim_types
from ..case.taxonomy import load_device_families as device_families
from ..case.taxonomy import load_devices as devices
from ..case.taxonomy import load_verdicts as verdicts
from ..case.timeline import load_timeline
from ..grading.identity import identify
from ..grading.read import Found, SubmissionError, find_submissions, read_notebook
from ..record.layout import KIT_FOLDER
from ..record.notebook import MIME_TYPE, find_in_notebook
from ..record.store import read_autosaves
from ..scoring.checks import ChecksScore, score_checks

__all__ = [
    "ACTIVITIES",
    "PALETTE",
    "VERDICTS",
    "Case",
    "CaseError",
    "ChecksScore",
    "ClassWork",
    "Item",
    "KeySpan",
    "Label",
    "StudentWork",
    "Switches",
    "claim_types",
    "claims_key",
    "class_switches",
    "device_families",
    "devices",
    "devices_key",
    "iter_students",
    "key_verdict_ids",
    "load_case",
    "load_class",
    "load_items",
    "load_switches",
    "load_timeline",
    "questions",
    "read_csv",
    "score_checks",
    "split_list",
    "verdicts",
]

# Every activity the report reads, in the order students meet them ("pre-check" and "post-check": the pre/post
# check of notebooks 00 and 05, see prepost.py).
ACTIVITIES = ("welcome", "first-read", "claims", "checks", "devices", "rewrite", "wrap-up", "pre-check", "post-check")


@dataclass
class StudentWork:
    """One student's answer records, by activity (records as in the answer schema)."""

    student_id: str
    name: str
    records: dict[str, dict[str, Any]]
    # Where each record came from: "notebook" (inside the saved .ipynb) or "autosave" (only in kit-files or beside it).
    sources: dict[str, str] = field(default_factory=dict)
    # Files of this student that could not be read, with the reason.
    problems: list[str] = field(default_factory=list)


@dataclass
class ClassWork:
    """A case and its students. ``students`` may be a list or a lazy, re-iterable walk of a folder."""

    case: Case
    students: Iterable[StudentWork]


def questions() -> dict[str, list[dict[str, Any]]]:
    """The written questions by activity (``lessons/questions.yaml``), read without loading any widget."""
    data = read_yaml(LESSONS_DIR / "questions.yaml")
    return data if isinstance(data, dict) else {}


def _notebooks(folder: Path) -> Iterator[Path]:
    """Every regular .ipynb under ``folder`` in path order, found as the grader finds them (no links out of
    the folder, no pipes or devices, no checkpoints or hidden folders)."""
    for found in find_submissions(folder):
        if isinstance(found, Found):
            yield found.path


class _Listing:
    """The file names in a notebook's folder and in its ``kit-files`` folder, listed once per folder (notebooks
    come folder by folder, so only the last folder is kept). An autosave whose name is in neither listing does
    not exist, so most notebooks open no autosave file at all, as in ``grade``. A ``kit-files`` that is not a
    plain folder is not listed: every autosave is then looked for as before (``read_autosaves`` skips links)."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.names: frozenset[str] | None = frozenset()

    def may_hold(self, folder: Path, name: str) -> bool:
        if folder != self.folder:
            self.folder, self.names = folder, _names(folder)
        return self.names is None or name in self.names


def _names(folder: Path) -> frozenset[str] | None:
    """Names in ``folder`` and its ``kit-files``; ``None`` (look everywhere) when either cannot be listed plainly."""
    try:
        beside = frozenset(os.listdir(folder))
        if KIT_FOLDER not in beside:
            return beside
        kit = folder / KIT_FOLDER
        if not stat.S_ISDIR(os.lstat(kit).st_mode):
            return None
        return beside | frozenset(os.listdir(kit))
    except OSError:
        return None


def _held(notebook: Any) -> set[str]:
    """The activities the notebook's outputs hold a kit record for (so the others are not searched for)."""
    held = set()
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    for cell in cells if isinstance(cells, list) else []:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            data = output.get("data") if isinstance(output, dict) else None
            document = data.get(MIME_TYPE) if isinstance(data, dict) else None
            if isinstance(document, dict):
                held.add(str(document.get("activity")))
    return held


def _records(path: Path, case: Case, listing: _Listing | None = None
             ) -> tuple[dict[str, dict[str, Any]], dict[str, str], list[str]]:
    """The records of one notebook: the notebook's own copy, else its autosave (as the grader does)."""
    notebook = read_notebook(path)
    listing = listing or _Listing()
    held = _held(notebook)
    found: dict[str, dict[str, Any]] = {}
    sources: dict[str, str] = {}
    notes: list[str] = []
    for activity in ACTIVITIES:
        embedded = find_in_notebook(notebook, activity, case.id) if activity in held else None
        # in kit-files/ beside the notebook, and beside it where earlier releases wrote it: merged; no link followed
        autosave, damaged = (read_autosaves(activity, path, case.id, handed_in=True)
                             if listing.may_hold(path.parent, f"{path.stem}.{activity}.answers.json") else (None, []))
        notes += damaged
        if embedded is not None:
            found[activity] = cast(dict[str, Any], embedded)
            newer = autosave is not None and autosave["revision"] > embedded["revision"]
            sources[activity] = "autosave newer" if newer else "notebook"
        elif autosave is not None:
            found[activity] = cast(dict[str, Any], autosave)
            sources[activity] = "autosave"
    return found, sources, notes


def _merge(work: StudentWork, records: dict[str, dict[str, Any]], sources: dict[str, str]) -> None:
    """Add one file's records to a student's, keeping the newer record when an activity appears twice."""
    for activity, record in records.items():
        old = work.records.get(activity)
        if old is None or (record["saved_at"], record["revision"]) > (old["saved_at"], old["revision"]):
            work.records[activity] = record
            work.sources[activity] = sources[activity]
        if not work.name and record.get("student", {}).get("name"):
            work.name = str(record["student"]["name"])


def iter_students(folder: Path, case: Case) -> Iterator[StudentWork]:
    """Read a submissions folder one student at a time, executing nothing.

    Student id: as the grader finds it (``grading.identity``: nbgrader's folders, the exchange's names,
    Canvas's file names, a folder per student), else the name entered in the notebook. A student found
    from the layout is yielded as soon as the walk moves on to another; students known only by their name
    are grouped and yielded at the end, so only that layout keeps records until the end of the walk.
    """
    folder = Path(folder).resolve()  # find_submissions gives resolved paths
    current: StudentWork | None = None
    loose: dict[str, StudentWork] = {}
    listing = _Listing()  # listed afresh on every walk: autosaves written since the last one are seen
    for path in _notebooks(folder):
        parts = path.relative_to(folder).parts if folder.is_dir() else (path.name,)
        try:
            records, sources, notes = _records(path, case, listing)
            problem = ""
        except SubmissionError as exc:
            records, sources, notes, problem = {}, {}, [], f"{'/'.join(parts)}: {exc}"
        entered = next((str(r["student"]["name"]) for r in records.values() if r.get("student", {}).get("name")), "")
        identity = identify(PurePath(*parts), entered)
        if identity.source not in ("name", "none"):
            student_id = identity.student_id
            if current is None or current.student_id != student_id:
                if current is not None:
                    yield current
                current = StudentWork(student_id, "", {})
            work = current
        else:
            name = next((str(r["student"]["name"]) for r in records.values() if r.get("student", {}).get("name")), "")
            student_id = name or f"(no name entered: {path.name})"
            work = loose.setdefault(student_id, StudentWork(student_id, name, {}))
        _merge(work, records, sources)
        work.problems += [f"{'/'.join(parts)}: {n}" for n in notes] + ([problem] if problem else [])
    if current is not None:
        yield current
    yield from loose.values()


class _Folder:
    """A folder of submissions that is walked afresh each time it is iterated (nothing kept between walks)."""

    def __init__(self, folder: Path, case: Case) -> None:
        self.folder = folder
        self.case = case

    def __iter__(self) -> Iterator[StudentWork]:
        return iter_students(self.folder, self.case)


def load_class(folder: Path | str, case: Case | str | None = None) -> ClassWork:
    """The class in ``folder`` (saved notebooks and their autosaves, in ``kit-files`` or beside them) for
    ``case`` (default: the kit's case, ``lessons/kit.yaml``); nothing is executed."""
    case = case if isinstance(case, Case) else load_case(case)
    return ClassWork(case, _Folder(Path(folder), case))


def key_verdict_ids(key: KeySpan) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A key claim's verdict, accepted verdicts and event ids."""
    row = key.row
    return row.get("verdict", ""), split_list(row.get("accepted_verdicts", "")), split_list(row.get("event_ids", ""))

