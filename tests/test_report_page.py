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


def _texts_fit(svg: str) -> list[str]:
    """The texts of a chart that would run past its right edge (estimated as the chart reserves room)."""
    from html import unescape

    from helpers.report.svg import text_width

    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    over = []
    for x, anchor, size, text in re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)" font-size="(\d+)"'
                                             r'[^>]*>([^<]*)</text>', svg):
        start = float(x) - (text_width(unescape(text), int(size)) / 2 if anchor == "middle" else 0)
        if anchor != "end" and start + text_width(unescape(text), int(size)) > width:
            over.append(unescape(text))
    return over


def test_notes_and_values_after_the_bars_are_never_cut_off() -> None:
    """At 5 students "key: Mostly accurate · 100% right" ran past the verdict chart's edge; at 1,000 a share
    written as "100% (1000/1000)" would run past the found chart's."""
    from helpers.report.svg import hbars, stacked_bars

    colours = {"accurate": "#0072B2", "mostly-accurate": "#56B4E9"}
    svg = stacked_bars([("¶1 a claim", [("accurate", 3), ("mostly-accurate", 1)],
                         "key: Mostly accurate · 100% right")] * 3, colours, {}, "t", "d")
    assert "key: Mostly accurate · 100% right" in svg and _texts_fit(svg) == []
    svg = hbars([("¶1 a key item", 1.0, "100% (1000/1000)"), ("¶2 another", 0.0, "0% (0/1000)")], "t", "d")
    assert "100% (1000/1000)" in svg and _texts_fit(svg) == []


def test_the_summary_says_in_words_whether_the_change_could_be_chance(tmp_path: Path) -> None:
    from helpers.report.class_sections import prepost_verdict

    html = _page(tmp_path)
    glance = html[html.index('id="glance"'):html.index('id="claims"')]
    # the simulated class: six of eight students gain 1, two gain 0; the interval is above zero
    assert "over 8 students who answered both" in glance
    assert "the class got better at telling sound claims from flawed ones" in glance
    assert "could be chance" in prepost_verdict((-0.1, 0.3))
    assert "got worse" in prepost_verdict((-0.4, -0.1))  # was "includes zero", which it does not
    assert "no change can be estimated" in prepost_verdict(None)


def test_the_summary_counts_the_missed_key_items_and_verdict_agreement_in_students(tmp_path: Path) -> None:
    html = _page(tmp_path)
    glance = html[html.index('id="glance"'):html.index('id="claims"')]
    # 8 students tagged claims; of the seven key claims, four were found by fewer than half (c-trenin, c-territory
    # by one student each, c-placation by three, c-sanctions by three)
    assert re.search(r"\d+ of 7 were found by fewer than half of the 8 students who tagged claims", glance)
    assert re.search(r"\d+ of the \d+ students who checked it agreed \(\d+%\)", glance)


def test_students_to_follow_up_are_listed_without_opening_the_whole_class(tmp_path: Path) -> None:
    html = _page(tmp_path)
    assert 'href="#follow-up"' in html and 'id="follow-up"' in html
    follow = html[html.index('id="follow-up"'):]
    follow = follow[:follow.index("</div>")]
    assert "Students to follow up (3 of 10)" in follow
    # s09 opened notebook 02 and tagged nothing, s10 handed in nothing
    assert "<b>No answers at all</b> (2 students): <ul class=\"ids\"><li>s09</li><li>s10</li></ul>" in follow
    assert "<b>Answers not saved in the notebook: checks</b> (1 student): <ul class=\"ids\"><li>s04</li>" in follow
    assert "s01<" not in follow
    assert "Student 4" not in html  # names only with --names
    named = _page(tmp_path / "named", names=True)
    assert "<li>s04 (Student 4)</li>" in named


def test_lists_with_a_line_per_student_fold_and_do_not_print(tmp_path: Path) -> None:
    """The analysis tables print folded or not; the lists that grow with the class (written answers, every
    student's progress) do not, so 1,000 students print on as many pages as 30 (they printed onto 129)."""
    from helpers.report.markup import CSS

    many = [StudentWork(f"s{n:03d}", "", {"first-read": {"activity": "first-read", "items": [
        {"id": "first-impression", "text": f"Answer {n}"}]}}) for n in range(70)]
    html = _page(tmp_path, students=many)
    assert html.count('<details class="per-student">') == 2  # 70 answers, 70 students
    assert '<summary>Show all 70 answers</summary>' in html and '<summary>Show all 70 students</summary>' in html
    printing = CSS[CSS.index("@media print"):]
    assert "details::details-content { content-visibility: visible" in printing
    assert "details.per-student::details-content { content-visibility: hidden; display: none; }" in printing


def test_the_calibration_chart_is_also_said_in_words(tmp_path: Path) -> None:
    from helpers.report.class_sections import calibration_words

    assert calibration_words([("80%–100%", 17, 0.9, 0.76)]) == (
        "In words: when students said they were 80%–100% sure (17 verdicts, 90% on average), they were right 76% of "
        "the time: more sure than right (over-confident).")
    assert calibration_words([("40%–60%", 4, 0.55, 0.75), ("80%–100%", 0, None, None)]).endswith(
        "less sure than right (under-confident).")
    assert calibration_words([("0%–20%", 0, None, None)]) == ""
    # the simulated class: s01–s04 90% sure, s05–s07 60% sure
    assert "In words: when students said they were 80%–100% sure" in _page(tmp_path)


def test_a_small_class_is_told_that_its_shares_move_in_big_steps(tmp_path: Path) -> None:
    five = _page(tmp_path / "five", students=simulated_class()[:5])
    assert "<b>A small class:</b> with 5 students, one student is 20% of the class" in five
    ten = _page(tmp_path / "ten")
    assert "A small class" not in ten  # the simulated class has ten
    assert re.search(r"<b>Key review:</b> \d+ places? where", ten)
