"""The class report page: hostile student text escaped, names only when asked, every chart with a text alternative."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from factories import ROOT, saved_notebook, span
from report_class import ITEMS, report_case, simulated_class

from helpers.report.build import build_report
from helpers.report.inputs import ClassWork, StudentWork, load_case
from helpers.report.page import page


def _page(tmp_path: Path, names: bool = False, students: list[StudentWork] | None = None) -> str:
    case = load_case(report_case(tmp_path))
    return page(build_report(ClassWork(case, students or simulated_class()), names=names, items=ITEMS))


def test_hostile_answer_text_is_escaped(tmp_path: Path) -> None:
    html = _page(tmp_path)
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_hostile_student_ids_and_names_are_escaped(tmp_path: Path) -> None:
    students = simulated_class()
    students[0].student_id = "<b onmouseover=alert(1)>x</b>"
    students[0].name = "<i>Eve</i>"
    html = _page(tmp_path, names=True, students=students)
    assert "<b onmouseover" not in html and "<i>Eve</i>" not in html
    assert "&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;" in html


def test_names_appear_only_when_asked(tmp_path: Path) -> None:
    assert "Student 1" not in _page(tmp_path / "a")
    assert "Student 1" in _page(tmp_path / "b", names=True)


def test_every_chart_has_a_title_and_a_description(tmp_path: Path) -> None:
    html = _page(tmp_path)
    charts = re.findall(r"<svg [^>]*>", html)
    assert len(charts) >= 8
    for tag in charts:
        assert 'role="img"' in tag and "aria-labelledby" in tag
    assert len(re.findall(r"<desc id=", html)) == len(charts)
    assert not re.search(r"<desc id=\"[^\"]+\"></desc>", html)


def test_the_page_is_self_contained(tmp_path: Path) -> None:
    html = _page(tmp_path)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html and "<script" not in html


def test_an_empty_class_still_makes_a_page(tmp_path: Path) -> None:
    html = _page(tmp_path, students=[StudentWork("nobody", "", {})])
    assert "No student has tagged any claims yet." in html


def test_command_line_writes_the_page(tmp_path: Path) -> None:
    saved_notebook(tmp_path / "subs" / "kim" / "02_tag_claims.ipynb", "Kim",
                   [span(1, "the first in two years", "checkable-fact", "a")])
    result = subprocess.run([sys.executable, "-m", "helpers.report", str(tmp_path / "subs"), "--out",
                             str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert "1 student(s)" in result.stdout
    assert "class_report.html" in result.stdout
    assert (tmp_path / "out" / "class_report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_command_line_refuses_a_missing_folder(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "helpers.report", str(tmp_path / "nope"), "--out",
                             str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_the_report_counts_only_the_key_items_the_class_file_showed(tmp_path: Path, monkeypatch) -> None:
    """Under ``paragraphs: [1]`` a key claim in paragraph 5 was never shown: the report, like ``grade``, leaves it
    out of "found" and "missed" (and says what it compared with); ``--whole-key`` puts it back."""
    monkeypatch.delenv("MLKIT_CLASS", raising=False)
    saved_notebook(tmp_path / "subs" / "kim" / "02_tag_claims.ipynb", "Kim",
                   [span(1, "the first in two years", "checkable-fact", "a")])
    (tmp_path / "class.yaml").write_text("paragraphs: [1]\n", encoding="utf-8")
    from helpers.report.build import class_switches, report_folder

    case = load_case("sochi-2015")
    part = report_folder(tmp_path / "subs", case, switches=class_switches(case, tmp_path / "class.yaml"))
    whole = report_folder(tmp_path / "subs", case, switches=class_switches(case, tmp_path / "class.yaml", True))
    assert {t.key.paragraph for t in part.claims.items} == {1}
    assert len(part.claims.items) < len(whole.claims.items)
    assert "paragraphs 1" in page(part) and "Compared with the key items students were shown" not in page(whole)
    result = subprocess.run([sys.executable, "-m", "helpers", "report", str(tmp_path / "subs"), "--out",
                             str(tmp_path / "out"), "--class", str(tmp_path / "class.yaml")],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert "Following the class file" in result.stdout and "paragraphs 1" in result.stdout
