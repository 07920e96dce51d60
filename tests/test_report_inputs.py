"""Reading a folder of saved notebooks for the class report: identity, autosaves, damaged files, nothing executed."""

from __future__ import annotations

import inspect
from pathlib import Path

from factories import check, saved_checks_notebook, saved_notebook, span, verdict_case

from helpers.report.inputs import iter_students, load_case, load_class

QUOTE = (1, "met for seven hours with President Vladimir Putin")


def test_student_id_is_the_first_folder_and_files_of_one_student_merge(tmp_path: Path) -> None:
    case = load_case(verdict_case(tmp_path))
    subs = tmp_path / "subs"
    saved_notebook(subs / "kim" / "assignment" / "02_tag_claims.ipynb", "Kim Lee",
                   [span(*QUOTE, "checkable-fact", "a")])
    saved_checks_notebook(subs / "kim" / "assignment" / "03_check_the_timeline.ipynb", "Kim Lee",
                          [check("c-first", "accurate")])
    saved_notebook(subs / "ola" / "02_tag_claims.ipynb", "Ola", [])
    students = list(load_class(subs, case).students)
    assert [(s.student_id, s.name, sorted(s.records)) for s in students] == [
        ("kim", "Kim Lee", ["checks", "claims"]), ("ola", "Ola", ["claims"])]
    assert students[0].sources == {"claims": "notebook", "checks": "notebook"}


def test_loose_notebooks_are_grouped_by_the_name_entered(tmp_path: Path) -> None:
    case = load_case(verdict_case(tmp_path))
    saved_notebook(tmp_path / "subs" / "a.ipynb", "Ana", [span(*QUOTE, "checkable-fact", "a")])
    saved_checks_notebook(tmp_path / "subs" / "b.ipynb", "Ana", [check("c-first", "accurate")])
    saved_notebook(tmp_path / "subs" / "c.ipynb", "Ben", [span(*QUOTE, "opinion", "a")])
    students = list(load_class(tmp_path / "subs", case).students)
    assert [(s.student_id, sorted(s.records)) for s in students] == [("Ana", ["checks", "claims"]),
                                                                     ("Ben", ["claims"])]


def test_an_autosave_beside_a_notebook_without_answers_is_read_and_marked(tmp_path: Path) -> None:
    case = load_case(verdict_case(tmp_path))
    path = saved_notebook(tmp_path / "subs" / "kim" / "02_tag_claims.ipynb", "Kim", [span(*QUOTE, "opinion", "a")])
    text = path.read_text(encoding="utf-8")
    import json

    notebook = json.loads(text)
    record = next(o["data"]["application/vnd.mlkit.answers+json"] for c in notebook["cells"]
                  for o in c.get("outputs", []) if "application/vnd.mlkit.answers+json" in o.get("data", {}))
    for cell in notebook["cells"]:
        cell["outputs"] = [] if cell["cell_type"] == "code" else cell.get("outputs", [])
    path.write_text(json.dumps(notebook), encoding="utf-8")
    path.with_name("02_tag_claims.claims.answers.json").write_text(json.dumps(record), encoding="utf-8")
    (student,) = load_class(tmp_path / "subs", case).students
    assert student.sources == {"claims": "autosave"}
    assert len(student.records["claims"]["items"]) == 1


def test_a_damaged_notebook_is_a_problem_of_its_student_not_a_crash(tmp_path: Path) -> None:
    case = load_case(verdict_case(tmp_path))
    bad = tmp_path / "subs" / "zed" / "02_tag_claims.ipynb"
    bad.parent.mkdir(parents=True)
    bad.write_text("{not json", encoding="utf-8")
    (student,) = load_class(tmp_path / "subs", case).students
    assert student.records == {}
    assert "not valid JSON" in student.problems[0]


def test_students_are_read_lazily_one_at_a_time(tmp_path: Path) -> None:
    # Memory stays flat: the walk is a generator, so a report holds one student's records at a time.
    assert inspect.isgeneratorfunction(iter_students)


def _strip_record(path: Path) -> dict:
    """Remove the answer record from a saved notebook (as if never saved after answering); return the record."""
    import json

    notebook = json.loads(path.read_text(encoding="utf-8"))
    record = next(o["data"]["application/vnd.mlkit.answers+json"] for c in notebook["cells"]
                  for o in c.get("outputs", []) if "application/vnd.mlkit.answers+json" in o.get("data", {}))
    for cell in notebook["cells"]:
        cell["outputs"] = [] if cell["cell_type"] == "code" else cell.get("outputs", [])
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return record


def test_autosaves_in_kit_files_are_found_through_the_folder_listing(tmp_path: Path) -> None:
    """The folder and its kit-files are listed once and only autosaves named there are opened: one in kit-files
    is still read (for the right notebook only), and a second student's folder is listed afresh."""
    import json

    case = load_case(verdict_case(tmp_path))
    subs = tmp_path / "subs"
    kim = saved_notebook(subs / "kim" / "02_tag_claims.ipynb", "Kim", [span(*QUOTE, "opinion", "a")])
    saved_checks_notebook(subs / "kim" / "03_check_the_timeline.ipynb", "Kim", [check("c-first", "accurate")])
    ola = saved_notebook(subs / "ola" / "02_tag_claims.ipynb", "Ola", [span(*QUOTE, "opinion", "a")])
    for path in (kim, ola):
        record = _strip_record(path)
        (path.parent / "kit-files").mkdir()
        (path.parent / "kit-files" / "02_tag_claims.claims.answers.json").write_text(json.dumps(record),
                                                                                      encoding="utf-8")
    students = list(load_class(subs, case).students)
    assert [(s.student_id, s.sources) for s in students] == [
        ("kim", {"claims": "autosave", "checks": "notebook"}), ("ola", {"claims": "autosave"})]


def test_a_kit_files_link_is_still_not_followed(tmp_path: Path) -> None:
    import json

    case = load_case(verdict_case(tmp_path))
    path = saved_notebook(tmp_path / "subs" / "kim" / "02_tag_claims.ipynb", "Kim", [span(*QUOTE, "opinion", "a")])
    record = _strip_record(path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "02_tag_claims.claims.answers.json").write_text(json.dumps(record), encoding="utf-8")
    (path.parent / "kit-files").symlink_to(elsewhere, target_is_directory=True)
    (student,) = load_class(tmp_path / "subs", case).students
    assert student.records == {}
