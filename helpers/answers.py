"""Keep a student's answers safe: one versioned JSON record per activity, saved atomically and mirrored
into the notebook so the saved ``.ipynb`` alone carries them.

Why: widget state is not saved by default and cannot be rebuilt by a restarted kernel, so the kit
keeps its own record. Every change is written to an autosave file beside the notebook (temporary file,
fsync, rename: a crash leaves the old or the new file, never half of one) and pushed into a display
output of the widget's cell under the kit's own MIME type. Re-running the cell restores whichever copy
is newer. Graders read only this record.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import orjson

from .profile import student_name

__all__ = [
    "MIME_TYPE",
    "AnswerError",
    "AnswerStore",
    "autosave_path",
    "find_in_notebook",
    "new_document",
    "notebook_path",
    "read_autosave",
    "validate",
    "write_atomic",
]

MIME_TYPE = "application/vnd.mlkit.answers+json"
SAVE_REMINDER = "Not yet in the notebook file: save it (Ctrl+S, or ⌘S on a Mac) before you hand it in."
KIT = "media-literacy-notebook-kit"
SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).parent / "schemas" / "answers-v1.schema.json"


class AnswerError(ValueError):
    """An answer record is unreadable or does not follow the schema."""


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@cache
def _fast_validator() -> Any:
    """The same schema compiled to Python: about 15x faster, for the grader's hot path."""
    return fastjsonschema.compile(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def validate(document: Any) -> dict[str, Any]:
    """Return ``document`` if it follows the answer schema; otherwise raise ``AnswerError`` saying where.

    A compiled validator answers first; only a failing record goes through ``jsonschema``, whose
    messages say exactly where the problem is (and which is the reference if the two ever disagree).
    """
    try:
        _fast_validator()(document)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        return document
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top level)"
        raise AnswerError(f"answer record does not follow schema v{SCHEMA_VERSION} at {where}: {first.message}")
    return document


def now_iso() -> str:
    """The current UTC time, ISO 8601 with milliseconds, so records from one second still order."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_document(activity: str, case: str, items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """An empty record for ``activity`` on ``case``."""
    return {
        "kit": KIT,
        "schema_version": SCHEMA_VERSION,
        "activity": activity,
        "case": case,
        "revision": 0,
        "saved_at": now_iso(),
        "student": {"name": student_name()},
        "items": list(items or []),
    }


def notebook_path() -> Path | None:
    """The notebook this kernel belongs to, when Jupyter Server told us (``JPY_SESSION_NAME``).

    The server gives the path relative to its root, and starts the kernel in the notebook's folder,
    so the file name is joined to the working directory. nbclient and nbval set nothing: ``None``.
    """
    session = os.environ.get("JPY_SESSION_NAME", "")
    if not session.endswith(".ipynb"):
        return None
    as_given = Path(session)
    if as_given.is_absolute() and as_given.exists():
        return as_given
    return Path.cwd() / as_given.name


def autosave_path(activity: str, notebook: Path | None = None) -> Path:
    """Where the autosave for ``activity`` lives: beside the notebook, named after it.

    ``MLKIT_ANSWERS_DIR`` overrides the folder (tests use it to keep the repository clean).
    """
    folder = Path(os.environ.get("MLKIT_ANSWERS_DIR") or (notebook.parent if notebook else Path.cwd()))
    stem = notebook.stem if notebook else "untitled"
    return folder / f"{stem}.{activity}.answers.json"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_autosave(path: Path) -> dict[str, Any] | None:
    """The record in an autosave file, ``None`` if there is none; ``AnswerError`` if it is damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return validate(orjson.loads(raw))
    except orjson.JSONDecodeError as exc:
        raise AnswerError(f"{path.name} is not valid JSON ({exc})") from exc


def find_in_notebook(notebook: dict[str, Any], activity: str, case: str | None = None) -> dict[str, Any] | None:
    """The newest valid record for ``activity`` among a parsed notebook's outputs, if any."""
    best: dict[str, Any] | None = None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    for cell in cells if isinstance(cells, list) else []:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            data = output.get("data") if isinstance(output, dict) else None
            document = data.get(MIME_TYPE) if isinstance(data, dict) else None
            if not isinstance(document, dict) or document.get("activity") != activity:
                continue
            if case is not None and document.get("case") != case:
                continue
            try:
                validate(document)
            except AnswerError:
                continue
            if best is None or _newer(document, best):
                best = document
    return best


def _newer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether record ``a`` is newer than ``b`` (by save time, then revision)."""
    return (a.get("saved_at", ""), a.get("revision", 0)) > (b.get("saved_at", ""), b.get("revision", 0))


def summarise(document: dict[str, Any]) -> str:
    """A one-line, human-readable account of a record, shown where the MIME data is not rendered."""
    count = len(document.get("items", []))
    noun = {"claims": "tagged claim", "devices": "tagged device", "checks": "claim check"}.get(
        document["activity"], "answer"
    )
    name = document.get("student", {}).get("name") or "no name entered"
    when = str(document["saved_at"])[:16].replace("T", " ")
    return (
        f"Your saved answers ({document['activity']}): {count} {noun}{'s' if count != 1 else ''} by {name}, "
        f"last change {when} UTC. This line carries your answers inside the notebook: keep it, and save the notebook."
    )


class AnswerStore:
    """One activity's record: restored on creation, saved and mirrored on every change."""

    def __init__(self, activity: str, case: str, notebook: Path | None = None) -> None:
        self.activity = activity
        self.case = case
        self.notebook = notebook if notebook is not None else notebook_path()
        self.path = autosave_path(activity, self.notebook)
        self.messages: list[str] = []
        self._handle: Any = None
        self.document = self._restore()

    def _restore(self) -> dict[str, Any]:
        """The newer of the autosave and the notebook's own copy; damaged copies are set aside."""
        candidates: list[tuple[str, dict[str, Any]]] = []
        try:
            saved = read_autosave(self.path)
            if saved and saved["activity"] == self.activity and saved["case"] == self.case:
                candidates.append(("autosave", saved))
        except AnswerError as exc:
            aside = self.path.with_name(f"{self.path.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}")
            os.replace(self.path, aside)
            self.messages.append(f"The autosave file was damaged ({exc}); it was kept as {aside.name}.")
        if self.notebook is not None and self.notebook.is_file():
            try:
                embedded = find_in_notebook(orjson.loads(self.notebook.read_bytes()), self.activity, self.case)
            except (OSError, orjson.JSONDecodeError):
                embedded = None
            if embedded:
                candidates.append(("notebook", embedded))
        if not candidates:
            return new_document(self.activity, self.case)
        source, best = max(candidates, key=lambda c: (c[1]["saved_at"], c[1]["revision"]))
        count = len(best["items"])
        self.messages.append(f"Restored {count} answer{'s' if count != 1 else ''} from the {source} copy.")
        return best

    @property
    def items(self) -> list[dict[str, Any]]:
        """The current answers (do not mutate; call ``update``)."""
        return list(self.document["items"])

    def update(self, items: list[dict[str, Any]]) -> dict[str, Any]:
        """Replace the answers, validate, write the autosave atomically and refresh the notebook copy."""
        document = dict(self.document)
        document.update(
            items=list(items),
            revision=int(self.document["revision"]) + 1,
            saved_at=now_iso(),
            student={"name": student_name() or self.document.get("student", {}).get("name", "")},
        )
        validate(document)
        write_atomic(self.path, orjson.dumps(document, option=orjson.OPT_INDENT_2))
        self.document = document
        self._mirror()
        return document

    def bundle(self) -> dict[str, Any]:
        """The MIME bundle that carries the record inside the notebook."""
        return {"text/plain": summarise(self.document), MIME_TYPE: self.document}

    def display(self) -> None:
        """Show the notebook copy as an output of the current cell, updatable in place."""
        from IPython.display import display

        self._handle = display(self.bundle(), raw=True, display_id=True)

    def _mirror(self) -> None:
        if self._handle is not None:
            self._handle.update(self.bundle(), raw=True)

    def startup_notes(self) -> tuple[list[str], bool]:
        """What to tell the student when a widget opens: the restore messages, plus a save reminder when
        the answers came back from the autosave but the notebook file does not hold them yet.

        Returns the notes and whether the notebook still needs saving.
        """
        notes = list(self.messages)
        unsaved = self.document["revision"] > 0 and self.notebook_has_current() is False
        if unsaved:
            notes.append(SAVE_REMINDER)
        return notes, unsaved

    def notebook_has_current(self) -> bool | None:
        """Whether the notebook file on disk already holds this revision (``None``: no notebook known)."""
        if self.notebook is None or not self.notebook.is_file():
            return None
        try:
            embedded = find_in_notebook(orjson.loads(self.notebook.read_bytes()), self.activity, self.case)
        except (OSError, orjson.JSONDecodeError):
            return False
        return (
            bool(embedded)
            and embedded["revision"] >= self.document["revision"]
            and (embedded["saved_at"] >= self.document["saved_at"])
        )
