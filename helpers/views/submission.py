"""Notebook 05's views: show earlier answers again, tell the student what is ready to hand in, and pack it.

Why: the commonest way to lose work is not a crash but handing in a notebook saved before the last
answers. This module compares, for every kit notebook in the folder, the answers inside the saved
``.ipynb`` with the newer autosave (in ``kit-files``, or beside the notebook from an earlier release), and
says in plain words what still needs saving.
"""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

import orjson
import pandas as pd
from IPython.display import HTML

from ..activities.questions import questions_for
from ..activities.registry import activity, notebooks
from ..case.model import Case, load_case
from ..record.layout import KIT_FOLDER, kit_folder, kit_folder_problem, why
from ..record.notebook import find_in_notebook
from ..record.profile import student_name
from ..record.store import AnswerStore, autosave_copies, autosave_path, notebook_path, read_autosaves
from .style import styled

__all__ = ["KIT_FOLDER", "PackError", "show_answers", "show_submission_status", "submission_status", "zip_submission"]


class PackError(OSError):
    """The hand-in zip could not be made; the message says why in plain words."""


def _folder() -> Path:
    here = notebook_path()
    return here.parent if here else Path.cwd()


def show_answers(activity_id: str, case: Case | None = None) -> HTML:
    """The student's saved written answers for ``activity_id`` beside their questions (escaped)."""
    entry = activity(activity_id)
    case = case or load_case()
    store = AnswerStore(entry.id, case.id, notebook=_folder() / f"{entry.notebook}.ipynb")
    answers = {str(item["id"]): str(item.get("text", "")) for item in store.items}
    rows = []
    for question in questions_for(entry.id, case):
        text = answers.get(str(question["id"]), "")
        shown = html.escape(text).replace("\n", "<br>") if text.strip() else "<i>(no answer saved)</i>"
        # one card per question (a <dl> was laid out by JupyterLab's own dt/dd rules into jumbled columns)
        rows.append(f'<div class="mlkit-answer"><p class="mlkit-answer-q">{html.escape(str(question["prompt"]))}</p>'
                    f'<p class="mlkit-answer-a">{shown}</p></div>')
    return HTML(styled(f'<div class="mlkit-answers">{"".join(rows)}</div>'))


def _status_of(folder: Path, stem: str, activity: str, case: str) -> tuple[str, str]:
    notebook = folder / f"{stem}.ipynb"
    embedded = None
    if notebook.is_file():
        try:
            embedded = find_in_notebook(orjson.loads(notebook.read_bytes()), activity, case)
        except (OSError, orjson.JSONDecodeError):
            return "problem", "the notebook file cannot be read: ask your teacher for help"
    saved, _ = read_autosaves(activity, notebook, case)  # a damaged copy is the store's to report, not this table's
    if not notebook.is_file():
        return "missing", "this notebook is not in the folder"
    if embedded is None and saved is None:
        return "not started", "no answers yet"
    if embedded is None or (saved is not None and saved["revision"] > embedded["revision"]):
        return "save it", "open this notebook, run its cells, and save it (Ctrl+S): newer answers are not in the file"
    count = len(embedded["items"])
    return "ready", f"{count} answer{'s' if count != 1 else ''} saved inside the notebook"


def submission_status(case: Case | None = None) -> pd.DataFrame:
    """One row per kit notebook and activity: ready, save it, not started, or missing."""
    folder = _folder()
    case = case or load_case()
    case_id = case.id
    rows = []
    for stem, entries in notebooks().items():
        for entry in entries:
            if entry.offered is not None and not entry.offered(case):
                continue  # this case (or class) does not ask for it: nothing to hand in
            status, advice = _status_of(folder, stem, entry.id, case_id)
            rows.append({"notebook": f"{stem}.ipynb", "activity": entry.id, "answers": entry.hand_in,
                         "status": status, "what to do": advice})
    return pd.DataFrame(rows, columns=["notebook", "activity", "answers", "status", "what to do"])


_MARK = {"ready": "✓ ready", "save it": "! save it", "not started": "– not started", "missing": "? missing",
         "problem": "! problem"}


def show_submission_status(case: Case | None = None) -> pd.io.formats.style.Styler:
    """``submission_status`` as a readable table: left-aligned, full advice, status marked in words."""
    table = submission_status(case).drop(columns=["activity"])
    table["status"] = table["status"].map(lambda s: _MARK.get(s, s))
    return (
        table.style.hide(axis="index")
        .set_properties(**{"text-align": "left", "white-space": "normal"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    )


def zip_submission(folder: Path | None = None) -> Path:
    """Zip the kit notebooks and their autosaves into ``kit-files/submission-<name>.zip`` beside them.

    The zip keeps the folder's layout (autosaves under ``kit-files/``, an earlier release's beside the
    notebooks), so a teacher who unpacks it and grades the folder finds every copy. Only named notebooks and
    autosaves go in (never an earlier zip, never a link). Saves nothing itself: the hand-in button
    (``widgets.hand_in``) checks first that the notebooks are saved. ``PackError`` says in plain words why
    the zip could not be made.
    """
    folder = folder or _folder()
    name = "".join(ch if ch.isalnum() else "-" for ch in (student_name() or "student")).strip("-").lower()
    kit = kit_folder(folder)
    target = kit / f"submission-{name or 'student'}.zip"
    problem = kit_folder_problem(kit)
    if problem is not None:
        raise PackError(f"the zip could not be made in the folder {kit} because {problem}")
    partial = target.with_suffix(".zip.part")
    try:
        kit.mkdir(exist_ok=True)
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for stem, entries in notebooks().items():
                notebook = folder / f"{stem}.ipynb"
                if notebook.is_file():
                    archive.write(notebook, notebook.name)
                for entry in entries:
                    current = autosave_path(entry.id, notebook)
                    for copy in autosave_copies(entry.id, notebook):
                        if copy.is_file() and not copy.is_symlink():
                            archive.write(copy, f"{KIT_FOLDER}/{copy.name}" if copy == current else copy.name)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise PackError(f"the zip could not be made in the folder {kit} because {why(exc)}") from exc
    return target
