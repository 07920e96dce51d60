"""Wrap-up helpers: show earlier answers again, tell the student what is ready to hand in, and pack it.

Why: the commonest way to lose work is not a crash but handing in a notebook saved before the last
answers. This module compares, for every kit notebook in the folder, the answers inside the saved
``.ipynb`` with the newer autosave beside it, and says in plain words what still needs saving.
"""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

import orjson
import pandas as pd
from IPython.display import HTML

from .answers import AnswerError, AnswerStore, autosave_path, find_in_notebook, notebook_path, read_autosave
from .profile import student_name
from .questions import questions_for

__all__ = ["NOTEBOOK_ACTIVITIES", "pack_submission", "show_answers", "show_submission_status", "submission_status"]

# Which activities each notebook records, in the order students meet them.
NOTEBOOK_ACTIVITIES: dict[str, tuple[str, ...]] = {
    "00_welcome": ("welcome",),
    "01_first_read": ("first-read",),
    "02_tag_claims": ("claims",),
    "03_check_the_timeline": ("checks",),
    "04_rhetorical_devices": ("devices", "rewrite"),
    "05_wrap_up": ("wrap-up",),
}


def _folder() -> Path:
    here = notebook_path()
    return here.parent if here else Path.cwd()


def show_answers(activity: str, case: str = "sochi-2015", notebook: str = "01_first_read") -> HTML:
    """The student's saved written answers for ``activity`` beside their questions (escaped)."""
    store = AnswerStore(activity, case, notebook=_folder() / f"{notebook}.ipynb")
    answers = {item["id"]: item["text"] for item in store.items}
    rows = []
    for question in questions_for(activity):
        text = answers.get(str(question["id"]), "")
        shown = html.escape(text).replace("\n", "<br>") if text.strip() else "<i>(no answer saved)</i>"
        rows.append(f"<dt><b>{html.escape(str(question['prompt']))}</b></dt><dd>{shown}</dd>")
    return HTML(f'<dl style="max-width:48rem">{"".join(rows)}</dl>')


def _status_of(folder: Path, stem: str, activity: str, case: str) -> tuple[str, str]:
    notebook = folder / f"{stem}.ipynb"
    embedded = None
    if notebook.is_file():
        try:
            embedded = find_in_notebook(orjson.loads(notebook.read_bytes()), activity, case)
        except (OSError, orjson.JSONDecodeError):
            return "problem", "the notebook file cannot be read: ask your teacher for help"
    try:
        saved = read_autosave(autosave_path(activity, notebook))
    except AnswerError:
        saved = None
    if not notebook.is_file():
        return "missing", "this notebook is not in the folder"
    if embedded is None and saved is None:
        return "not started", "no answers yet"
    if embedded is None or (saved is not None and saved["revision"] > embedded["revision"]):
        return "save it", "open this notebook, run its cells, and save it (Ctrl+S): newer answers are not in the file"
    count = len(embedded["items"])
    return "ready", f"{count} answer{'s' if count != 1 else ''} saved inside the notebook"


def submission_status(case: str = "sochi-2015") -> pd.DataFrame:
    """One row per kit notebook and activity: ready, save it, not started, or missing."""
    folder = _folder()
    rows = []
    for stem, activities in NOTEBOOK_ACTIVITIES.items():
        for activity in activities:
            status, advice = _status_of(folder, stem, activity, case)
            rows.append({"notebook": f"{stem}.ipynb", "activity": activity, "status": status, "what to do": advice})
    return pd.DataFrame(rows)


_MARK = {"ready": "✓ ready", "save it": "! save it", "not started": "– not started", "missing": "? missing",
         "problem": "! problem"}


def show_submission_status(case: str = "sochi-2015") -> pd.io.formats.style.Styler:
    """``submission_status`` as a readable table: left-aligned, full advice, status marked in words."""
    table = submission_status(case)
    table["status"] = table["status"].map(lambda s: _MARK.get(s, s))
    return (
        table.style.hide(axis="index")
        .set_properties(**{"text-align": "left", "white-space": "normal"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    )


def pack_submission(case: str = "sochi-2015") -> Path:
    """Zip the kit notebooks and their autosaves into ``submission-<name>.zip`` beside them, for an LMS.

    Saves nothing itself: run it after saving the notebooks, so the zip holds their latest answers.
    """
    folder = _folder()
    name = "".join(ch if ch.isalnum() else "-" for ch in (student_name() or "student")).strip("-").lower()
    target = autosave_path("wrap-up", folder / "05_wrap_up.ipynb").parent / f"submission-{name or 'student'}.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for stem, activities in NOTEBOOK_ACTIVITIES.items():
            notebook = folder / f"{stem}.ipynb"
            if notebook.is_file():
                archive.write(notebook, notebook.name)
            for activity in activities:
                backup = autosave_path(activity, notebook)
                if backup.is_file():
                    archive.write(backup, backup.name)
    return target
