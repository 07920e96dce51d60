"""The kit's own files live in ``kit-files/`` beside the notebooks; what earlier releases left beside the
notebooks is still read and merged by every reader, and never written, removed or resurrected.

Every test works on real files in ``tmp_path`` with ``MLKIT_ANSWERS_DIR`` unset (the layout a student
has), except where a test points the store at one place on purpose to make a file as a given release did.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from factories import ROOT, SMALL_KEY, case_with_claims_key, saved_notebook, span, template

from helpers.distribute.collect import collect
from helpers.grading import grade_folder
from helpers.grading.grade import CaseCache, submission_records
from helpers.record import AnswerStore, read_autosave
from helpers.record.layout import KIT_FOLDER
from helpers.record.profile import set_student_name, student_name
from helpers.release import IGNORE, make_release
from helpers.report.inputs import load_case, load_class
from helpers.views.submission import PackError, submission_status, zip_submission
from helpers.widgets.hand_in import HandIn
from helpers.widgets.questions import QuestionForm, enter_name
from helpers.widgets.tagging import ClaimTagger

NAME = "02_tag_claims.claims.answers.json"
X = span(1, "met for seven hours with President Vladimir Putin", "checkable-fact", "t-x")
Y = span(2, "Of course, nothing was accomplished.", "opinion", "t-y")
Z = span(8, "“For Putin, this is a mark of respect,” said Dmitri Trenin", "quoted-claim", "t-z")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A student's notebooks folder, as the kernel sees it: its working folder, no ``MLKIT_ANSWERS_DIR``."""
    here = tmp_path / "student" / "notebooks"
    here.mkdir(parents=True)
    monkeypatch.delenv("MLKIT_ANSWERS_DIR")
    monkeypatch.chdir(here)
    return here


def clean_notebook(path: Path, activity: str = "claims") -> Path:
    """The activity's notebook as committed (no answers inside: a student who never saved after answering)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(template(activity)), encoding="utf-8")
    return path


def written_at(place: Path, notebook: Path, items: list[dict], monkeypatch: pytest.MonkeyPatch,
               before: list[dict] | None = None) -> Path:
    """Save ``items`` with the store pointed at ``place`` alone: the beside-the-notebook file an earlier
    release wrote (``place`` = the notebooks folder), or a kit-files copy written without seeing the other."""
    with monkeypatch.context() as patch:
        patch.setenv("MLKIT_ANSWERS_DIR", str(place))
        store = AnswerStore("claims", "sochi-2015", notebook=notebook)
        store.update(items, before)
    return store.path


def ids(items: list) -> list[str]:
    return sorted(str(i["id"]) for i in items)


# ---- the widgets' store ------------------------------------------------------------------------------------

def test_a_new_autosave_is_written_in_kit_files_and_nothing_beside_the_notebook(folder: Path):
    notebook = clean_notebook(folder / "02_tag_claims.ipynb")
    store = AnswerStore("claims", "sochi-2015", notebook=notebook)
    assert not (folder / KIT_FOLDER).exists()  # made on the first write, not before
    store.update([X])
    assert store.path == folder / KIT_FOLDER / NAME
    assert ids(read_autosave(store.path)["items"]) == ["t-x"]
    assert sorted(p.name for p in folder.iterdir()) == ["02_tag_claims.ipynb", KIT_FOLDER]
    assert not [p for p in (folder / KIT_FOLDER).iterdir() if p.name.endswith(".tmp")]


def test_an_earlier_releases_autosave_is_restored_merged_and_never_rewritten(folder: Path, monkeypatch):
    notebook = clean_notebook(folder / "02_tag_claims.ipynb")
    legacy = written_at(folder, notebook, [X], monkeypatch)
    assert legacy == folder / NAME
    before = legacy.read_bytes()
    store = AnswerStore("claims", "sochi-2015", notebook=notebook)
    assert ids(store.items) == ["t-x"] and store.messages == ["Restored 1 answer from the autosave copy."]
    store.update([*store.adopt(), Y])
    assert ids(read_autosave(folder / KIT_FOLDER / NAME)["items"]) == ["t-x", "t-y"]
    assert legacy.read_bytes() == before  # student data: read, never written
    assert ids(AnswerStore("claims", "sochi-2015", notebook=notebook).items) == ["t-x", "t-y"]


def test_a_tag_removed_after_the_move_does_not_come_back_from_the_earlier_file(folder: Path, monkeypatch):
    notebook = clean_notebook(folder / "02_tag_claims.ipynb")
    legacy = written_at(folder, notebook, [X, Y], monkeypatch)
    before = legacy.read_bytes()
    store = AnswerStore("claims", "sochi-2015", notebook=notebook)
    store.update([Y], store.adopt())  # the student deletes X
    assert ids(store.items) == ["t-y"]
    again = AnswerStore("claims", "sochi-2015", notebook=notebook)  # a new session reads both files
    assert ids(again.items) == ["t-y"]
    again.update([Y, Z], again.adopt())
    assert ids(read_autosave(folder / KIT_FOLDER / NAME)["items"]) == ["t-y", "t-z"]
    assert legacy.read_bytes() == before and ids(read_autosave(legacy)["items"]) == ["t-x", "t-y"]
    # every reader agrees: the tombstone in kit-files beats the older X beside the notebook
    found = submission_records(notebook, CaseCache())
    assert ids(found.found["claims"][0]["items"]) == ["t-y", "t-z"]
    (student,) = load_class(folder, load_case("sochi-2015")).students
    assert ids(student.records["claims"]["items"]) == ["t-y", "t-z"]


def test_an_earlier_v1_autosave_loses_to_the_newer_kit_files_copy(folder: Path):
    notebook = clean_notebook(folder / "02_tag_claims.ipynb")
    v1 = {"kit": "media-literacy-notebook-kit", "schema_version": 1, "activity": "claims", "case": "sochi-2015",
          "revision": 2, "saved_at": "2025-05-01T10:00:00.000Z", "student": {"name": "Ana"}, "items": [X, Y]}
    (folder / NAME).write_text(json.dumps(v1), encoding="utf-8")
    store = AnswerStore("claims", "sochi-2015", notebook=notebook)
    assert ids(store.items) == ["t-x", "t-y"]
    store.update([Y], store.adopt())
    assert ids(AnswerStore("claims", "sochi-2015", notebook=notebook).items) == ["t-y"]
    assert ids(submission_records(notebook, CaseCache()).found["claims"][0]["items"]) == ["t-y"]
    assert json.loads((folder / NAME).read_text(encoding="utf-8")) == v1


def test_both_copies_written_apart_are_merged_by_every_reader(folder: Path, monkeypatch):
    """An old kernel kept writing beside the notebook while a new one wrote kit-files: the union, everywhere."""
    notebook = clean_notebook(folder / "02_tag_claims.ipynb")
    written_at(folder, notebook, [X], monkeypatch)
    written_at(folder / KIT_FOLDER, notebook, [Y], monkeypatch)
    assert ids(AnswerStore("claims", "sochi-2015", notebook=notebook).items) == ["t-x", "t-y"]
    record, source, _ = submission_records(notebook, CaseCache()).found["claims"]
    assert source == "autosave" and ids(record["items"]) == ["t-x", "t-y"]
    (student,) = load_class(folder, load_case("sochi-2015")).students
    assert ids(student.records["claims"]["items"]) == ["t-x", "t-y"] and student.sources["claims"] == "autosave"
    table = submission_status()
    assert table.loc[table["activity"] == "claims", "status"].item() == "save it"


def test_an_old_kernel_writing_beside_the_notebook_is_merged_into_the_next_save(folder: Path, monkeypatch):
    notebook = clean_notebook(folder / "02_tag_claims.ipynb")
    store = AnswerStore("claims", "sochi-2015", notebook=notebook)
    store.update([X])
    written_at(folder, notebook, [Z], monkeypatch)  # a kernel started before the update, still running
    assert store.refresh() is True and ids(store.items) == ["t-x", "t-z"]
    store.update([*store.adopt(), Y])
    assert ids(read_autosave(store.path)["items"]) == ["t-x", "t-y", "t-z"]


def test_a_damaged_earlier_autosave_is_left_as_it_is(folder: Path):
    notebook = clean_notebook(folder / "02_tag_claims.ipynb")
    (folder / NAME).write_text("{not json", encoding="utf-8")
    store = AnswerStore("claims", "sochi-2015", notebook=notebook)
    assert "left as it is" in store.messages[0] and store.items == []
    store.update([X])
    assert (folder / NAME).read_text(encoding="utf-8") == "{not json"
    assert not list(folder.glob("*.damaged-*"))


# ---- a kit-files that is not a folder ------------------------------------------------------------------------

def test_a_file_named_kit_files_is_reported_in_plain_words_and_never_overwritten(folder: Path, monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "02_tag_claims.ipynb")
    clean_notebook(folder / "02_tag_claims.ipynb")
    (folder / KIT_FOLDER).write_text("my notes", encoding="utf-8")
    tagger = ClaimTagger()
    tagger.widget.spans = [X]
    status = tagger.widget.status
    assert "could not be saved" in status and "a file named kit-files is in the way of the folder" in status
    assert "Ctrl+S" in status and "saved to disk" not in status
    assert ids(tagger.store.items) == ["t-x"]  # kept in memory and in the notebook copy
    assert (folder / KIT_FOLDER).read_text(encoding="utf-8") == "my notes"
    (folder / KIT_FOLDER).unlink()
    assert tagger.store.retry() is True
    assert ids(read_autosave(folder / KIT_FOLDER / NAME)["items"]) == ["t-x"]


def test_a_kit_files_folder_that_cannot_be_made_is_reported_like_a_failed_write(folder: Path, monkeypatch):
    """Root may write anywhere, so the read-only disk is played by ``mkdir`` alone; the write itself is real."""
    import errno

    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    notebook = clean_notebook(folder / "02_tag_claims.ipynb")
    store = AnswerStore("claims", "sochi-2015", notebook=notebook)
    with monkeypatch.context() as patch:
        patch.setattr(Path, "mkdir", read_only)
        store.update([X])
    assert store.write_error is not None
    assert f"the folder {folder / KIT_FOLDER} because you are not allowed to write in it" in store.write_error
    assert ids(store.items) == ["t-x"] and not (folder / KIT_FOLDER).exists()
    assert store.retry() is True and ids(read_autosave(folder / KIT_FOLDER / NAME)["items"]) == ["t-x"]


def test_a_kit_files_link_is_never_written_through(folder: Path, tmp_path: Path, monkeypatch):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    notebook = clean_notebook(folder / "02_tag_claims.ipynb")
    (folder / KIT_FOLDER).symlink_to(outside, target_is_directory=True)
    store = AnswerStore("claims", "sochi-2015", notebook=notebook)
    store.update([X])
    assert store.write_error is not None and "link" in store.write_error and "Ctrl+S" in store.write_error
    assert list(outside.iterdir()) == []
    # the student's name, entered while the folder is unusable, still signs this kernel's records
    form = QuestionForm("welcome")
    form.boxes["name"].value = "Ada"
    assert student_name() == "Ada" and list(outside.iterdir()) == []
    assert form.store.write_error is not None and "link" in form.status.value


def test_grading_and_the_report_do_not_follow_a_kit_files_link(folder: Path, tmp_path: Path, monkeypatch):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    notebook = clean_notebook(folder / "02_tag_claims.ipynb")
    written_at(outside, notebook, [Z], monkeypatch)  # answers outside the folder, named like an autosave
    written_at(folder, notebook, [X], monkeypatch)
    (folder / KIT_FOLDER).symlink_to(outside, target_is_directory=True)
    read = submission_records(notebook, CaseCache())
    assert ids(read.found["claims"][0]["items"]) == ["t-x"]
    assert any("link or a file" in note for note in read.notes)
    (student,) = load_class(folder, load_case("sochi-2015")).students
    assert ids(student.records["claims"]["items"]) == ["t-x"]


# ---- the grader, end to end --------------------------------------------------------------------------------

def test_the_grader_scores_an_autosave_in_kit_files(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("MLKIT_ANSWERS_DIR")
    subs = tmp_path / "subs" / "ada"
    notebook = clean_notebook(subs / "02_tag_claims.ipynb")
    written_at(subs / KIT_FOLDER, notebook, [span(1, "met for seven hours with President Vladimir Putin",
                                                  "checkable-fact", "t-1")], monkeypatch)
    written_at(subs, notebook, [span(2, "Of course, nothing was accomplished.", "opinion", "t-2"),
                                span(8, "“For Putin, this is a mark of respect,” said Dmitri Trenin",
                                     "quoted-claim", "t-3")], monkeypatch)
    small = case_with_claims_key(tmp_path, SMALL_KEY)
    report = grade_folder(tmp_path / "subs", tmp_path / "out", cases_dir=small.parent)
    with report.gradebook.open(encoding="utf-8") as handle:
        (row,) = list(__import__("csv").DictReader(handle))
    assert row["answers_from"] == "autosave" and row["claims_score"] == "100.0" and row["claims_tags"] == "3"


def test_a_regrade_in_the_same_process_sees_an_autosave_written_since(tmp_path: Path, monkeypatch):
    """The grader lists each folder once per run; a second run (an instructor's notebook, a long session) lists
    again, so a student's autosave written between the runs is graded."""
    monkeypatch.delenv("MLKIT_ANSWERS_DIR")
    subs = tmp_path / "subs" / "ada"
    notebook = clean_notebook(subs / "02_tag_claims.ipynb")
    small = case_with_claims_key(tmp_path, SMALL_KEY)
    first = grade_folder(tmp_path / "subs", tmp_path / "out1", cases_dir=small.parent)
    assert first.graded == 0
    written_at(subs / KIT_FOLDER, notebook, [span(1, "met for seven hours with President Vladimir Putin",
                                                  "checkable-fact", "t-1")], monkeypatch)
    again = grade_folder(tmp_path / "subs", tmp_path / "out2", cases_dir=small.parent)
    assert again.graded == 1


def test_the_teacher_export_reads_both_autosaves(tmp_path: Path, monkeypatch):
    from helpers.exports import export_folder

    monkeypatch.delenv("MLKIT_ANSWERS_DIR")
    ada = tmp_path / "subs" / "ada"
    notebook = clean_notebook(ada / "02_tag_claims.ipynb")
    written_at(ada, notebook, [X], monkeypatch)
    written_at(ada / KIT_FOLDER, notebook, [Y], monkeypatch)
    export_folder(tmp_path / "subs", tmp_path / "exports")
    tags = json.loads((tmp_path / "exports" / "ada" / "claim-tags.annotations.jsonld").read_text(encoding="utf-8"))
    assert sorted(t["target"]["selector"][0]["exact"] for t in tags) == sorted(
        [X["target"]["exact"], Y["target"]["exact"]])


def test_the_hand_in_check_sees_an_earlier_autosave_newer_than_the_notebook(folder: Path, monkeypatch):
    notebook = saved_notebook(folder / "02_tag_claims.ipynb", "Ada", [X])
    table = submission_status()
    assert table.loc[table["activity"] == "claims", "status"].item() == "ready"
    written_at(folder, notebook, [X, Y], monkeypatch)  # an earlier release's kernel saved Y after the notebook
    table = submission_status()
    assert table.loc[table["activity"] == "claims", "status"].item() == "save it"


# ---- collect -------------------------------------------------------------------------------------------------

def test_collect_copies_kit_files_autosaves_and_the_earlier_ones_but_no_zip_or_link(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("MLKIT_ANSWERS_DIR")
    homes = tmp_path / "homes"
    alice = homes / "alice" / "media-literacy-kit" / "notebooks"
    notebook = clean_notebook(alice / "02_tag_claims.ipynb")
    written_at(alice, notebook, [X], monkeypatch)
    written_at(alice / KIT_FOLDER, notebook, [Y], monkeypatch)
    (alice / KIT_FOLDER / "submission-alice.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (alice / KIT_FOLDER / "student.json").write_text('{"name": "Alice"}', encoding="utf-8")
    outside = tmp_path / "elsewhere"
    written_at(outside, notebook, [Z], monkeypatch)
    bob = homes / "bob" / "media-literacy-kit" / "notebooks"
    clean_notebook(bob / "02_tag_claims.ipynb")
    (bob / KIT_FOLDER).symlink_to(outside, target_is_directory=True)
    before = {p: p.read_bytes() for p in alice.rglob("*") if p.is_file()}

    report = collect(homes, tmp_path / "out")
    got = sorted(str(d.relative_to(tmp_path / "out")) for _, d in report.collected)
    assert got == ["alice/media-literacy-kit/notebooks/02_tag_claims.claims.answers.json",
                   "alice/media-literacy-kit/notebooks/02_tag_claims.ipynb",
                   f"alice/media-literacy-kit/notebooks/{KIT_FOLDER}/{NAME}",
                   "bob/media-literacy-kit/notebooks/02_tag_claims.ipynb"]
    assert (bob / KIT_FOLDER, "symbolic link to a folder (not followed)") in report.skipped
    assert before == {p: p.read_bytes() for p in alice.rglob("*") if p.is_file()}  # read-only
    collected = tmp_path / "out" / "alice" / "media-literacy-kit" / "notebooks" / "02_tag_claims.ipynb"
    assert ids(submission_records(collected, CaseCache()).found["claims"][0]["items"]) == ["t-x", "t-y"]


# ---- the hand-in ---------------------------------------------------------------------------------------------

def test_the_hand_in_zip_holds_both_autosaves_in_place_and_never_a_zip(folder: Path, monkeypatch):
    notebook = saved_notebook(folder / "02_tag_claims.ipynb", "Ada", [X])
    written_at(folder, notebook, [Y], monkeypatch)
    AnswerStore("claims", "sochi-2015", notebook=notebook).update([X, Y, Z])
    zip_submission()
    target = zip_submission()  # a second pack must not swallow the first zip
    with zipfile.ZipFile(target) as archive:
        names = sorted(archive.namelist())
    assert names == ["02_tag_claims.claims.answers.json", "02_tag_claims.ipynb", f"{KIT_FOLDER}/{NAME}"]
    assert not list((folder / KIT_FOLDER).glob("*.part"))


def test_the_hand_in_says_in_plain_words_when_kit_files_is_in_the_way(folder: Path):
    saved_notebook(folder / "02_tag_claims.ipynb", "Ada", [X])
    shutil.rmtree(folder / KIT_FOLDER)  # the profile saved there; now a file takes the folder's name
    (folder / KIT_FOLDER).write_text("not a folder", encoding="utf-8")
    with pytest.raises(PackError, match="a file named kit-files is in the way"):
        zip_submission()
    hand_in = HandIn()
    assert hand_in.pack_now() is None
    assert (folder / KIT_FOLDER).read_text(encoding="utf-8") == "not a folder"


# ---- the profile ---------------------------------------------------------------------------------------------

def test_the_profile_moves_to_kit_files_and_the_earlier_one_is_still_read(folder: Path):
    legacy = folder / ".mlkit" / "student.json"
    legacy.parent.mkdir()
    legacy.write_text('{"name": "Ana Earlier"}', encoding="utf-8")
    assert student_name() == "Ana Earlier"
    set_student_name("Ana Now")
    assert json.loads((folder / KIT_FOLDER / "student.json").read_text(encoding="utf-8")) == {"name": "Ana Now"}
    assert student_name() == "Ana Now"
    assert legacy.read_text(encoding="utf-8") == '{"name": "Ana Earlier"}'


# ---- a whole session -----------------------------------------------------------------------------------------

def test_after_a_session_the_student_folder_holds_only_notebooks_and_kit_files(folder: Path, monkeypatch):
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, folder / notebook.name)
    monkeypatch.setenv("JPY_SESSION_NAME", "00_welcome.ipynb")
    enter_name().boxes["name"].value = "Ada Lovelace"
    monkeypatch.setenv("JPY_SESSION_NAME", "01_first_read.ipynb")
    QuestionForm("first-read").boxes["feeling"].value = "uneasy"
    monkeypatch.setenv("JPY_SESSION_NAME", "02_tag_claims.ipynb")
    ClaimTagger().widget.spans = [X]
    monkeypatch.setenv("JPY_SESSION_NAME", "05_wrap_up.ipynb")
    target = HandIn().pack_now()
    assert target == folder / KIT_FOLDER / "submission-ada-lovelace.zip"
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(os.listdir(folder)) == sorted([*notebooks, KIT_FOLDER])
    assert sorted(os.listdir(folder / KIT_FOLDER)) == [
        "00_welcome.welcome.answers.json", "01_first_read.first-read.answers.json", NAME, "student.json",
        "submission-ada-lovelace.zip"]


# ---- the release ---------------------------------------------------------------------------------------------

def test_a_release_leaves_out_kit_files_and_earlier_autosaves(tmp_path: Path, monkeypatch):
    root = tmp_path / "kit"
    root.mkdir()
    for name in ("lessons", "helpers", "requirements.txt", "pyproject.toml", "README.md", "Makefile"):
        (root / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=IGNORE)
    (root / "notebooks" / KIT_FOLDER).mkdir()
    (root / "notebooks" / KIT_FOLDER / NAME).write_text("{}", encoding="utf-8")
    (root / "notebooks" / NAME).write_text("{}", encoding="utf-8")
    (root / "notebooks" / ".mlkit").mkdir()
    monkeypatch.setattr("helpers.release.ROOT", root)
    out = make_release(tmp_path / "release")
    assert (out / "notebooks" / "02_tag_claims.ipynb").is_file()
    assert not list(out.rglob(KIT_FOLDER)) and not list(out.rglob("*.answers.json")) and not list(out.rglob(".mlkit"))
