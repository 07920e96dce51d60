"""A teacher's own article, from `new-case` to a graded class (issue 10): what the walkthrough with an essay
that has nothing to fact-check found. Its case has no timeline events and no claim with a verdict."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
import yaml
from factories import saved_notebook, span

from helpers.case import load_case
from helpers.case.check import find_problems
from helpers.case.new import new_case

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "tests" / "fixtures" / "cases" / "millbrook-library"
FIRST_ARTICLE = re.compile(r"Kerry|Putin|Lavrov|Sochi|Russia|Carson|FrontPage|Seven Hours of Weakness|Poroshenko|"
                           r"Trenin|Iran|Ukrain|Minsk|Donetsk|S-300|Syria", re.IGNORECASE)

ESSAY = """On Walking

Everyone should walk to school. Walking is the best part of any day.

A town without pavements would be a sad town. Cars make us forget our own streets.
"""
CLAIMS = """id,paragraph,quote,type,also_accepted_types,verdict,accepted_verdicts,event_ids,explanation,core
c-01-everyone,1,Everyone should walk to school,opinion,,,,,A judgement about what people ought to do.,yes
c-02-sad-town,2,A town without pavements would be a sad town,counterfactual,opinion,,,,Imagines another town.,yes
"""
DEVICES = """id,paragraph,quote,device,also_accepted,explanation,core
d-01-best,1,the best part of any day,exaggeration-or-minimisation,,Makes one habit outweigh the whole day.,yes
"""


def essay_case(cases: Path, ident: str = "walking-essay") -> Path:
    """A case as a teacher makes it for an essay: new-case, case.yaml filled in, a key with no verdicts, and
    sources and timeline left with their header rows only."""
    article = cases.parent / "essay.txt"
    article.write_text(ESSAY, encoding="utf-8")
    folder = new_case(ident, article, cases)
    meta = (folder / "case.yaml").read_text(encoding="utf-8")
    meta = meta.replace("author: TODO", 'author: "A. Walker"').replace("outlet: TODO", "outlet: Test Gazette")
    meta = meta.replace('published: "TODO"', 'published: "2024-03-05"')
    meta = re.sub(r"rights_note: >-\n  TODO.*\n.*\n", "rights_note: Written for the kit's tests.\n", meta)
    (folder / "case.yaml").write_text(meta, encoding="utf-8")
    (folder / "key" / "claims.csv").write_text(CLAIMS, encoding="utf-8")
    (folder / "key" / "devices.csv").write_text(DEVICES, encoding="utf-8")
    return folder


def test_check_case_warns_about_an_empty_key_and_timeline_and_stops_on_a_todo_rights_note(tmp_path: Path) -> None:
    article = tmp_path / "essay.txt"
    article.write_text(ESSAY, encoding="utf-8")
    fresh = new_case("fresh-essay", article, tmp_path / "cases")
    shown = [str(p) for p in find_problems(fresh, warnings=True)]
    assert "case.yaml: the field 'rights_note' still says TODO: fill it in or empty it" in shown
    assert any(p.startswith("timeline.csv: warning: no events yet: notebook 03 shows an empty timeline") for p in shown)
    assert any(p.startswith("key/claims.csv: warning: no key rows yet") for p in shown)
    assert any(p.startswith("key/devices.csv: warning: no key rows yet") for p in shown)

    filled = essay_case(tmp_path / "cases")
    assert find_problems(filled) == []  # warnings only: the case works
    warnings = [str(p) for p in find_problems(filled, warnings=True)]
    assert [w.split(":")[0] for w in warnings] == ["timeline.csv", "key/claims.csv"]
    assert "no claim has a verdict" in warnings[1]


def test_the_first_cases_and_the_fixtures_check_as_before() -> None:
    for folder in (ROOT / "lessons" / "cases" / "sochi-2015", SECOND):
        assert not [p for p in find_problems(folder, warnings=True)
                    if "no events yet" in p.message or "no key rows" in p.message or "no claim has a verdict"
                    in p.message or "TODO" in p.message]


def test_keys_added_below_the_teaching_template_are_read(tmp_path: Path) -> None:
    folder = essay_case(tmp_path / "cases")
    with (folder / "teaching.yaml").open("a", encoding="utf-8") as out:
        out.write('examples:\n  devices:\n    metaphor: {paragraph: 2, quote: "Cars make us forget our own streets"}\n'
                  "about: >-\n  about walking to school\n")
    assert find_problems(folder) == []
    from helpers.case.teaching import about_case, label_example

    case = load_case(folder)
    assert label_example(case, "devices", "metaphor") is not None
    assert "walking to school" in about_case(case)
    # the template itself is comments only, and the notebooks read it as "no case-specific teaching"
    template = (tmp_path / "t.yaml")
    from helpers.case.new import TEACHING_YAML

    template.write_text(TEACHING_YAML, encoding="utf-8")
    assert yaml.safe_load(template.read_text(encoding="utf-8")) is None
    assert "time_words_note" in TEACHING_YAML and "about:" in TEACHING_YAML


def test_notebook_03_opens_on_a_case_without_events(tmp_path: Path) -> None:
    from helpers.widgets.checking import check_claims_against_timeline
    from helpers.widgets.timeline import NO_EVENTS, explore_timeline

    case = load_case(essay_case(tmp_path / "cases"))
    box = explore_timeline(case)  # raised "date '—' is not an ISO date" before
    assert box.children[0].value == NO_EVENTS
    checker = check_claims_against_timeline(case)
    checker.events.filter()  # the event filter raised the same error on an empty timeline
    checker.events.words.value = "walk"
    assert checker.claims == []  # nothing in the key to check; students' own checkable tags would be offered
    # the student reads what to do, not "0 of 0 claims checked" over an empty list and filters over nothing
    from helpers.widgets.checking import NOTHING_TO_CHECK
    from helpers.widgets.event_picker import NO_EVENTS_TO_LINK

    assert checker.progress.value == NOTHING_TO_CHECK
    assert [w.value for w in checker.events.widget.children] == [NO_EVENTS_TO_LINK]


def test_the_chart_explanation_names_the_cases_own_subject() -> None:
    from helpers.widgets.timeline import how_to_read

    second = how_to_read(load_case(SECOND))
    assert "The council vote, 3 March 2026" in second and not FIRST_ARTICLE.search(second)
    assert "Kerry in Sochi, 12 May 2015" in how_to_read(load_case("sochi-2015"))


def test_a_case_without_a_subject_draws_no_black_line_in_the_explanation(tmp_path: Path) -> None:
    from helpers.widgets.timeline import how_to_read

    text = how_to_read(load_case(essay_case(tmp_path / "cases")))
    assert "black line" not in text and "The grey band" in text


def test_widget_and_grader_texts_name_nothing_of_the_first_article() -> None:
    from helpers.activities.checks import RUBRIC

    assert not FIRST_ARTICLE.search(RUBRIC)
    for path in sorted((ROOT / "helpers" / "widgets").glob("*.py")):
        placeholders = re.findall(r'placeholder="([^"]*)"', path.read_text(encoding="utf-8"))
        assert not [p for p in placeholders if FIRST_ARTICLE.search(p)], path.name


def test_a_case_with_nothing_to_check_leaves_notebook_03_out_of_the_total(tmp_path: Path) -> None:
    from helpers.grading.folder import grade_folder

    cases = tmp_path / "cases"
    folder = essay_case(cases)
    shutil.copytree(ROOT / "lessons" / "cases" / "sochi-2015", cases / "sochi-2015")
    subs = tmp_path / "subs"
    items = [span(1, "Everyone should walk to school", "opinion", "t1", folder),
             span(2, "A town without pavements would be a sad town", "counterfactual", "t2", folder)]
    saved_notebook(subs / "ana" / "02_tag_claims.ipynb", "Ana", items, case_id="walking-essay")
    devices = [span(1, "the best part of any day", "exaggeration-or-minimisation", "t3", folder)]
    saved_notebook(subs / "ana" / "04_rhetorical_devices.ipynb", "Ana", devices, "devices", case_id="walking-essay")
    sochi = [span(1, "the first in two years", "checkable-fact", "s1")]
    saved_notebook(subs / "bo" / "02_tag_claims.ipynb", "Bo", sochi)
    report = grade_folder(subs, tmp_path / "grades", cases_dir=cases)
    assert report.left_out == {"walking-essay": ["checks", "checks-reasons"]}  # the command's summary says so
    with (tmp_path / "grades" / "gradebook.csv").open(encoding="utf-8") as book:
        rows = {r["student_id"]: r for r in csv.DictReader(book)}
    ana, bo = rows["ana"], rows["bo"]
    assert (ana["claims_score"], ana["devices_score"], ana["case"]) == ("100.0", "100.0", "walking-essay")
    # claims 25 + devices 25 + first-read, rewrite and wrap-up 5 each: the checks (25) and reasons (10) are left out
    assert float(ana["total"]) == round((25 * 100 + 25 * 100) / 65, 1)
    assert "not in the total: checks, checks-reasons" in ana["notes"]
    # the first case still totals every part
    assert "not in the total" not in bo["notes"]
    assert float(bo["total"]) == round(25 * float(bo["claims_score"]) / 100, 1)


def test_the_word_filters_hint_comes_from_the_case(tmp_path: Path) -> None:
    from helpers.case.teaching import words_hint
    from helpers.widgets.checking import ClaimChecker
    from helpers.widgets.timeline import explore_timeline

    sochi = load_case("sochi-2015")
    assert words_hint(sochi) == "e.g. sanctions, Minsk, S-300"  # as before, now from its teaching.yaml
    assert explore_timeline(sochi).children[1].children[0].placeholder == "e.g. sanctions, Minsk, S-300"
    assert ClaimChecker(sochi).events.words.placeholder == "e.g. sanctions, Minsk, S-300"
    second = load_case(SECOND)
    assert words_hint(second) == "a word from the article"
    assert ClaimChecker(second).events.words.placeholder == "a word from the article"


def test_the_grade_command_says_which_cases_leave_notebook_03_out(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from helpers.cli import main

    cases = tmp_path / "cases"
    folder = essay_case(cases)
    items = [span(1, "Everyone should walk to school", "opinion", "t1", folder)]
    saved_notebook(tmp_path / "subs" / "ana" / "02_tag_claims.ipynb", "Ana", items, case_id="walking-essay")
    assert main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "grades"), "--cases", str(cases)]) == 0
    out = capsys.readouterr().out
    assert "Case 'walking-essay': its key gives no claim a verdict, so checks and checks-reasons (notebook 03)" in out
