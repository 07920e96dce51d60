"""Grade one saved notebook without running it: find each activity's record, score it against the key of
the record's own case, and say what is odd about it.

Why per record: a class folder can mix cases (two sections reading different articles), and the record
names its case; the grader loads each case once and never assumes one. Why read-only JSON: executing
student code to grade it is slow and unsafe; here a hostile notebook can do nothing but fail to parse.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, cast

import orjson

from ..activities.base import ActivityGrade, GradeOptions
from ..activities.registry import ACTIVITIES
from ..case.files import CaseError
from ..case.key import KeySpan, claims_key, devices_key
from ..case.memo import table
from ..case.model import Case, load_case
from ..case.taxonomy import load_claim_types, load_devices
from ..record.choose import Chosen, from_widget_state, newest, widget_models
from ..record.layout import KIT_FOLDER
from ..record.notebook import MIME_TYPE, newer
from ..record.schema import SCHEMA_VERSION, AnswerError, validate
from ..record.store import combine_autosaves
from ..record.types import AnswerRecord
from .identity import Identity, identify
from .integrity import Outputs, record_checks
from .read import MAX_AUTOSAVE_BYTES, SubmissionError, read_capped, read_graded

__all__ = [
    "ActivityResult", "CaseCache", "FileResult", "SubmissionRecords", "forget_listings", "grade_submission",
    "remember_listings", "submission_records",
]


@dataclass
class ActivityResult:
    """One activity of one file: the record graded, where it came from, its grade, and anything odd."""

    activity: str
    case_id: str
    record: AnswerRecord
    source: Literal["notebook", "widget-state", "autosave"]
    grade: ActivityGrade | None  # None when the activity is read by hand only
    flags: list[str] = field(default_factory=list)
    fingerprint: str | None = None


@dataclass
class FileResult:
    """Everything graded in one submitted file."""

    relative: str
    identity: Identity
    name: str
    results: dict[str, ActivityResult]
    notes: list[str] = field(default_factory=list)


class CaseCache:
    """Cases loaded once per grading run, by id; a missing case is remembered with its reason."""

    def __init__(self, cases_dir: Path | None = None) -> None:
        self._cases: dict[str, Case | str] = {}
        self._dir = cases_dir

    def get(self, case_id: str) -> Case | str:
        """The case, or the reason it cannot be used."""
        if case_id not in self._cases:
            try:
                self._cases[case_id] = load_case(self._dir / case_id if self._dir else case_id)
            except CaseError as exc:
                self._cases[case_id] = f"answers for case {case_id!r}, which this copy of the kit cannot load ({exc})"
        return self._cases[case_id]


def _embedded(notebook: dict[str, Any]) -> tuple[dict[str, AnswerRecord], list[str], Outputs]:
    """The newest valid record of each activity in the notebook (one pass), why others were set aside, and
    every output holding a record (valid or not) by its activity: ``integrity.record_checks`` reads those
    instead of walking the cells again."""
    best: dict[str, AnswerRecord] = {}
    problems: list[str] = []
    outputs: Outputs = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if isinstance(cell, dict) else []:
            data = output.get("data") if isinstance(output, dict) else None
            document = data.get(MIME_TYPE) if isinstance(data, dict) else None
            if not isinstance(document, dict):
                continue
            assert isinstance(data, dict)
            named = document.get("activity", "")
            if type(named) is str:  # only text equals an activity's id
                outputs.setdefault(named, []).append((document, data))
            activity = str(named)
            version = document.get("schema_version")
            if isinstance(version, int) and version > SCHEMA_VERSION:
                problems.append(f"{activity}: saved by a newer release of the kit (answer schema v{version}); "
                                "update the kit to grade it")
                continue
            try:
                record = validate(document)
            except AnswerError as exc:
                problems.append(f"{activity}: an answer record was altered or damaged ({exc})")
                continue
            if activity not in best or newer(record, best[activity]):
                best[activity] = record
    return best, problems, outputs


def forget_listings() -> None:
    """Forget the folder listings below: each grading or export run starts from what is on disk now, so a regrade
    in the same process (an instructor's notebook, a long Python session) sees autosaves written since."""
    _listed.cache_clear()
    _LISTINGS.clear()
    _kit_folder.cache_clear()


# Folder listings this run has already made (``read.find_submissions`` lists every folder it searches).
_LISTINGS: dict[str, frozenset[str]] = {}


def remember_listings(listings: dict[str, frozenset[str]]) -> None:
    """Use these listings (folder -> the names in it), made by this run after ``forget_listings``, instead of
    listing those folders again: a class of 1,000 is 1,000 folders, each listed once."""
    _LISTINGS.update(listings)


def _names_in(folder: str) -> frozenset[str]:
    """The file names in a folder, listed once per run (most notebooks have no autosave beside them)."""
    names = _LISTINGS.get(folder)
    return _listed(folder) if names is None else names


@lru_cache(maxsize=256)
def _listed(folder: str) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


@lru_cache(maxsize=256)
def _kit_folder(folder: str) -> str | None:
    """The ``kit-files`` folder beside the notebooks in ``folder``, if it is a real folder (a link is not followed)."""
    if KIT_FOLDER not in _names_in(folder):
        return None
    inside = os.path.join(folder, KIT_FOLDER)
    try:
        return inside if stat.S_ISDIR(os.lstat(inside).st_mode) else None
    except OSError:
        return None


def _folder_and_stem(path: str) -> tuple[str, str]:
    """``str(Path(path).parent)`` and ``Path(path).stem``, as text: a class's paths are used as given by the
    folder listing (already in ``pathlib``'s normal form), without making ``Path`` objects for every file."""
    folder, name = os.path.split(path)
    dot = name.rfind(".")
    return folder or ".", name[:dot] if 0 < dot < len(name) - 1 else name


def _autosave(parent: str, stem: str, activity: str) -> tuple[AnswerRecord | None, str]:
    """The autosave of ``activity`` for the notebook called ``stem`` in the folder ``parent``: in ``kit-files/``
    beside it and where earlier releases wrote it (beside the notebook), merged when both are there; and what
    was wrong, if anything."""
    name = f"{stem}.{activity}.answers.json"
    copies: list[tuple[AnswerRecord, int]] = []
    troubles: list[str] = []
    for folder, shown in ((_kit_folder(parent), f"{KIT_FOLDER}/{name}"), (parent, name)):
        if folder is None or name not in _names_in(folder):
            continue
        file = Path(folder) / name
        try:
            raw = read_capped(file, MAX_AUTOSAVE_BYTES)
        except SubmissionError as exc:
            if file.exists():
                troubles.append(f"{shown}: {exc}")
            continue
        try:
            document = orjson.loads(raw)
            version = document.get("schema_version") if isinstance(document, dict) else None
            copies.append((validate(document), version if isinstance(version, int) else 0))
        except (orjson.JSONDecodeError, AnswerError) as exc:
            troubles.append(f"{shown} is damaged ({exc})")
    return combine_autosaves(copies), "; ".join(troubles)


_AUTOSAVE = ".answers.json"  # how the name of every activity's autosave ends


@cache
def _labels(activity: str) -> frozenset[str] | None:
    """The label ids a span activity's items may carry (``None``: not a span activity); the taxonomy is cached."""
    if activity == "claims":
        return frozenset(label.id for label in load_claim_types())
    if activity == "devices":
        return frozenset(label.id for label in load_devices())
    return None


def _lengths(case: Case) -> dict[int, int]:
    """How long each part of the article is, by number (0 the headline, -1 the dek when there is one), once per
    case (``case.memo``): the parts ``Case.has_part`` accepts, and the length of ``Case.paragraph(n).text``."""
    memo = table(case, "grade.lengths")
    if not memo:
        numbers = [0, -1, *range(1, len(case.paragraphs) + 1)]
        memo["lengths"] = {n: len(text) for n in numbers if (text := case.part_text(n)) is not None}
    return cast(dict[int, int], memo["lengths"])


def _placeable(record: AnswerRecord, case: Case) -> tuple[AnswerRecord, int, int]:
    """The record with only the items that fit the case (real paragraphs, offsets in range), how many were
    dropped, and how many labels are outside the kit's lists (kept: they earn nothing).

    One loop for every answer of a class: the list of items kept is made only once one is dropped (most
    records keep all), and labels are counted one by one only when some are not in the kit's lists."""
    labels = _labels(record["activity"])
    lengths = _lengths(case)
    field_name = "target" if labels is not None else "claim"
    items = record["items"]
    kept: list[Any] | None = None
    dropped, unknown = 0, 0
    for index, raw in enumerate(cast(list[dict[str, Any]], items)):
        target = raw.get(field_name)
        if isinstance(target, dict):
            number, start, end = target.get("paragraph"), target.get("start"), target.get("end")
            ok = (isinstance(number, int) and (length := lengths.get(number)) is not None and isinstance(start, int)
                  and isinstance(end, int) and 0 <= start < end <= length)
            if labels is not None:
                given = raw.get("labels", [])
                if not labels.issuperset(given):
                    unknown += sum(1 for label in given if label not in labels)
            if not ok:
                if kept is None:
                    kept = list(items[:index])
                dropped += 1
                continue
        if kept is not None:
            kept.append(raw)
    if not dropped:
        return record, 0, unknown
    return cast(AnswerRecord, {**record, "items": kept}), dropped, unknown


def _key(activity: str, case: Case) -> tuple[KeySpan, ...] | None:
    if activity == "claims":
        return claims_key(case)
    if activity == "devices":
        return devices_key(case)
    return None


@dataclass
class SubmissionRecords:
    """The answer records one saved notebook holds (or the autosaves beside it), each with its case, before
    any grading: what ``grade_submission`` grades and ``python -m helpers export`` writes out."""

    notebook: dict[str, Any]  # the parts of the notebook the grader reads (``read.read_graded``)
    found: dict[str, tuple[AnswerRecord, Literal["notebook", "widget-state", "autosave"], Case]]
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # the name given in any ungraded quick-check record it holds (pre/post: only the class report reads them)
    surveys: dict[str, str] = field(default_factory=dict)
    # every output in the notebook holding a record, valid or not, by activity (what ``record_checks`` reads)
    outputs: Outputs = field(default_factory=dict)


# What ``read.read_graded`` gave for a file: the parts of the notebook the grader reads, or what it raised
Read = dict[str, Any] | Exception


def submission_records(path: Path | str, cases: CaseCache, read: Read | None = None) -> SubmissionRecords:
    """Read one saved notebook as data (never run): the newest valid record of each activity, from the notebook,
    its saved widget state or the autosave beside it, with items that do not fit the record's case left out.
    ``path`` as a ``Path``, or as the text of one in ``pathlib``'s normal form (how the grader lists a class);
    ``read``: what ``read_graded`` gave for it, when the caller read it already (``folder._units_job``)."""
    where = os.fspath(path) if isinstance(path, Path) else path
    if read is None:
        notebook = read_graded(where)
    elif isinstance(read, Exception):
        raise read
    else:
        notebook = read
    found, problems, outputs = _embedded(notebook)
    out = SubmissionRecords(notebook, {}, [], problems, outputs=outputs)
    # Saved widget state is rare (the front end writes it only when asked): without it no activity has a copy there.
    in_widgets = widget_models(notebook) is not None
    # The folder (and its kit-files folder) is listed once for all its notebooks; an activity whose autosave
    # name is in neither listing has none, so most notebooks open no autosave file at all.
    parent, stem = _folder_and_stem(where)
    beside, kit = _names_in(parent), _kit_folder(parent)
    if KIT_FOLDER in beside and kit is None:
        out.notes.append(f"the {KIT_FOLDER} beside it is a link or a file, not a folder: its autosaves were not read")
    in_kit = _names_in(kit) if kit is not None else frozenset()
    # An activity the notebook holds no record of, with no autosave name in either listing and no saved widget
    # state, has nothing to grade: most of a class's notebooks hold one activity of the seven.
    elsewhere = in_widgets or any(name.endswith(_AUTOSAVE) for name in beside) or any(
        name.endswith(_AUTOSAVE) for name in in_kit)
    for entry in ACTIVITIES:
        if not elsewhere and entry.id not in found:
            continue
        if entry.survey:  # the pre/post check counts towards nothing: only the class report reads it
            held = found.get(entry.id)
            if held is not None or f"{stem}.{entry.id}.answers.json" in beside | in_kit:
                out.surveys[entry.id] = str((held or {}).get("student", {}).get("name", "")) if held else ""
            continue
        embedded = found.get(entry.id)
        autosave: AnswerRecord | None = None
        name = f"{stem}.{entry.id}{_AUTOSAVE}"
        if name in beside or name in in_kit:
            autosave, trouble = _autosave(parent, stem, entry.id)
            if trouble:
                out.notes.append(trouble)
        widget = from_widget_state(notebook, entry.id) if in_widgets else None
        if embedded is None and widget is None and autosave is None:
            continue
        # The notebook's own copy alone is what ``newest`` would choose, with nothing to say.
        chosen = (Chosen(embedded, "notebook") if widget is None and autosave is None and embedded is not None
                  else newest({"notebook": embedded, "widget-state": widget, "autosave": autosave}))
        if chosen is None:
            continue
        record, source = chosen.record, chosen.source
        out.notes.extend(chosen.notes)
        if source == "autosave" and embedded is None:
            out.notes.append(f"{entry.id}: graded the autosave (in {KIT_FOLDER} or beside the notebook); the notebook "
                             "holds no copy (the student may not have saved it after answering)")
        case = cases.get(record["case"])
        if isinstance(case, str):
            out.problems.append(f"{entry.id}: {case}")
            continue
        record, dropped, unknown = _placeable(record, case)
        if dropped:
            out.notes.append(f"{entry.id}: {dropped} answer(s) point outside the article (a paragraph or position "
                             "it does not have) and were not scored")
        if unknown:
            out.notes.append(f"{entry.id}: {unknown} label(s) are not in the kit's lists and earn nothing")
        out.found[entry.id] = (record, source, case)
    return out


def grade_submission(path: Path | str, relative: str, options: GradeOptions, cases: CaseCache) -> FileResult:
    """Grade one saved notebook: every activity it (or the autosave beside it) holds. ``SubmissionError`` when
    it holds nothing gradable, saying what was found instead."""
    return grade_records(submission_records(path, cases), relative, options)


def grade_records(read: SubmissionRecords, relative: str, options: GradeOptions) -> FileResult:
    """Grade the records ``submission_records`` found in the notebook at ``relative``: ``grade_submission``'s
    second half, for a caller that reads many notebooks before grading them (``folder._units_job``)."""
    notebook, notes, problems = read.notebook, read.notes, read.problems
    results: dict[str, ActivityResult] = {}
    for entry in ACTIVITIES:
        if entry.id not in read.found:
            continue
        record, source, case = read.found[entry.id]
        grade = None
        if entry.grade is not None:
            if claims_key(case) is None:
                problems.append(f"{entry.id}: case {case.id!r} has no answer key here; grade with the instructor "
                                "copy of the kit")
                continue
            grade = entry.grade(case, record, options)
        flags, digest = record_checks(notebook, cast(dict[str, Any], record), _key(entry.id, case), entry.noun,
                                      read.outputs)
        results[entry.id] = ActivityResult(entry.id, case.id, record, source, grade, flags, digest)
    if not results and not problems and read.surveys:
        # Only the quick check (notebook 00 or 05 before the rest is answered): nothing to grade, but no error
        # either; the student's row says so and the class report counts the answers.
        name = next((n for n in read.surveys.values() if n), "")
        return FileResult(relative, identify(relative, name), name, {},
                          [*notes, f"only the quick check ({', '.join(read.surveys)}), which is not graded; the class "
                                   "report counts it"])
    if not results:
        if problems:
            raise SubmissionError("; ".join(dict.fromkeys(problems)))
        raise SubmissionError("no answers from the kit in this notebook or beside it: was it saved after answering, "
                              "and is it one of the kit's notebooks?")
    notes += [p for p in dict.fromkeys(problems)]
    name = next((r.record["student"].get("name", "") for r in results.values() if r.record["student"].get("name")),
                "")
    return FileResult(relative, identify(relative, name), name, results, notes)
