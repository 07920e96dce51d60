"""Teacher switches (lessons/class.yaml): paragraphs, a device palette, claims, pre-linked events, parts left out."""

from pathlib import Path

import pytest

from helpers.case import load_case
from helpers.case.files import CaseError
from helpers.case.switches import load_switches


def write(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "class.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("MLKIT_CLASS", str(path))
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(tmp_path))
    return path


def test_without_a_class_file_students_get_everything(monkeypatch, tmp_path):
    monkeypatch.delenv("MLKIT_CLASS", raising=False)
    monkeypatch.setattr("helpers.case.switches.CLASS_FILE", tmp_path / "absent.yaml")
    switches = load_switches()
    assert switches.shows_paragraph(7) and not switches.devices and not switches.skips("rewrite")


def test_the_example_file_is_valid():
    example = Path(__file__).resolve().parents[1] / "lessons" / "class.example.yaml"
    switches = load_switches(example, case=load_case("sochi-2015"))
    assert switches.paragraphs == (1, 5, 9) and len(switches.devices) == 5


def test_a_wrong_id_names_the_file_and_key(tmp_path, monkeypatch):
    path = write(tmp_path, "devices: [loaded-langauge]\n", monkeypatch)
    with pytest.raises(CaseError, match=f"{path}.*'devices:'.*loaded-langauge"):
        load_switches(case=load_case("sochi-2015"))


def test_an_unknown_key_is_named(tmp_path, monkeypatch):
    write(tmp_path, "paragrahps: [1]\n", monkeypatch)
    with pytest.raises(CaseError, match="paragrahps"):
        load_switches()


def test_the_highlighters_show_only_the_chosen_paragraphs_and_palette(tmp_path, monkeypatch):
    from helpers.widgets.tagging import ClaimTagger, DeviceTagger

    write(tmp_path, "paragraphs: [1, 5, 9]\ndevices: [loaded-language, doubt]\n", monkeypatch)
    tagger = ClaimTagger(load_case("sochi-2015"))
    assert [p["number"] for p in tagger.widget.paragraphs] == [1, 5, 9]
    assert "paragraphs 1, 5 and 9" in tagger.widget.header["note"]
    # the headline is not among the chosen rows, so it is shown as a plain title, not offered for tagging
    assert tagger.widget.header["headline"] == load_case("sochi-2015").headline
    devices = DeviceTagger(load_case("sochi-2015"))
    assert sorted(label["id"] for label in devices.widget.labels) == ["doubt", "loaded-language"]


def test_the_checker_offers_the_chosen_claims_with_events_linked(tmp_path, monkeypatch):
    from helpers.widgets.checking import ClaimChecker

    write(tmp_path, "claims: [c-01-first-in-two-years]\n"
                    "events: {c-01-first-in-two-years: [e-2013-05-07-kerry-moscow]}\n", monkeypatch)
    checker = ClaimChecker(load_case("sochi-2015"))
    assert [c.key_id or c.id for c in checker.claims] == ["c-01-first-in-two-years"]
    assert checker.events.linked() == [{"event_id": "e-2013-05-07-kerry-moscow", "role": "context"}]
    assert not checker.checks  # pre-linking saves nothing: the answer is still the student's to start


def test_a_skipped_part_shows_a_note_instead(tmp_path, monkeypatch):
    from helpers.views.timeline import show_time_phrases

    write(tmp_path, "skip: [time-words]\n", monkeypatch)
    assert "left this part out" in show_time_phrases(load_case("sochi-2015")).data


def test_check_my_work_compares_only_with_the_paragraphs_the_student_was_shown(tmp_path, monkeypatch):
    from factories import span

    from helpers.case.key import claims_key
    from helpers.widgets.review import review_claims
    from helpers.widgets.tagging import ClaimTagger

    write(tmp_path, "paragraphs: [1]\n", monkeypatch)
    case = load_case("sochi-2015")
    in_one = [k for k in claims_key(case) if k.paragraph == 1]
    tagger = ClaimTagger(case)
    tagger.widget.spans = [span(1, "the first in two years", "checkable-fact", "t-1")]
    text = review_claims(tagger).data
    core = sum(1 for k in in_one if k.core) or len(in_one)
    assert f"of the {core} core claims" in text and "in paragraph 1" in text
    assert "paragraphs 5" not in text and "paragraph 9" not in text  # never sent to paragraphs it did not show


def test_the_devices_feedback_leaves_out_devices_not_on_the_palette(tmp_path, monkeypatch):
    from helpers.activities.devices import grade_device_tags
    from helpers.case.key import devices_key

    path = write(tmp_path, "devices: [scare-quotes]\n", monkeypatch)
    case = load_case("sochi-2015")
    switches = load_switches(path, case=case)
    shown = switches.shown_key(devices_key(case), palette=True)
    assert shown and all("scare-quotes" in {k.label, *k.accepted} for k in shown)
    whole, part = grade_device_tags([], case), grade_device_tags([], case, switches)
    assert len(part.items) == len(shown) < len(whole.items)


def test_the_grader_follows_the_class_file_when_given_it(tmp_path, monkeypatch):
    from factories import saved_notebook, span

    from helpers.grading import grade_folder

    monkeypatch.delenv("MLKIT_CLASS", raising=False)
    path = tmp_path / "class.yaml"
    path.write_text("paragraphs: [1]\n", encoding="utf-8")
    folder = tmp_path / "submissions"
    saved_notebook(folder / "ada" / "02_tag_claims.ipynb", "Ada",
                   [span(1, "the first in two years", "checkable-fact", "t-1")])
    case = load_case("sochi-2015")
    whole = grade_folder(folder, tmp_path / "whole").rows[0]
    part = grade_folder(folder, tmp_path / "part", switches=load_switches(path, case=case)).rows[0]
    assert int(part["claims_core"]) < int(whole["claims_core"])
    assert float(part["claims_score"]) > float(whole["claims_score"])
    feedback = (tmp_path / "part" / "feedback" / "ada.md").read_text(encoding="utf-8")
    assert "Compared with the key's claims in paragraph 1" in feedback


def test_the_grade_command_reads_the_class_file_unless_told_to_use_the_whole_key(tmp_path, monkeypatch):
    import subprocess
    import sys

    from factories import ROOT, saved_notebook, span

    path = tmp_path / "class.yaml"
    path.write_text("paragraphs: [1]\n", encoding="utf-8")
    folder = tmp_path / "submissions"
    saved_notebook(folder / "ada" / "02_tag_claims.ipynb", "Ada",
                   [span(1, "the first in two years", "checkable-fact", "t-1")])
    env = {**__import__("os").environ, "MLKIT_CLASS": str(path)}
    followed = subprocess.run([sys.executable, "-m", "helpers", "grade", str(folder), "--out", str(tmp_path / "a")],
                              capture_output=True, text=True, cwd=ROOT, env=env)
    assert followed.returncode == 0, followed.stderr
    assert f"Following the class file {path}" in followed.stdout and "paragraphs 1" in followed.stdout
    whole = subprocess.run([sys.executable, "-m", "helpers", "grade", str(folder), "--out", str(tmp_path / "b"),
                            "--whole-key"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert whole.returncode == 0 and "Following" not in whole.stdout


def test_check_my_work_in_03_counts_the_claims_the_teacher_chose(tmp_path, monkeypatch):
    from helpers.widgets.checking import ClaimChecker
    from helpers.widgets.review import review_checks

    write(tmp_path, "claims: [c-01-first-in-two-years]\n", monkeypatch)
    checker = ClaimChecker(load_case("sochi-2015"))
    checker.picker.value = "c-01-first-in-two-years"
    checker.verdict.value = "accurate"
    checker.reason.value = "His previous visit to Russia was in May 2013, two years before."
    checker.commit_current()
    assert "1 of the 1 claims" in review_checks(checker).data


def test_statistics_reach_students_only_folded_for_the_curious(tmp_path, monkeypatch):
    """Precision, recall and the Brier score stay behind a "for the curious" fold in what students read."""
    import re

    from factories import span

    from helpers.activities.claims import claims_feedback

    monkeypatch.delenv("MLKIT_CLASS", raising=False)
    text = claims_feedback(load_case("sochi-2015"), [span(1, "the first in two years", "checkable-fact", "t-1")])
    visible = re.sub(r"<details>.*?</details>", "", text, flags=re.DOTALL)
    assert "precision" in text and "<summary>For the curious" in text
    assert not re.search(r"precision|recall|Brier|discernment", visible, flags=re.IGNORECASE)


def test_a_teacher_names_the_headline_and_dek_to_keep_them_taggable(tmp_path, monkeypatch):
    from helpers.widgets.tagging import ClaimTagger

    write(tmp_path, "paragraphs: [headline, dek, 5]\n", monkeypatch)
    assert load_switches(case=load_case("sochi-2015")).paragraphs == (0, -1, 5)
    tagger = ClaimTagger(load_case("sochi-2015"))
    assert [(p["number"], p.get("label")) for p in tagger.widget.paragraphs] == [
        (0, "Headline"), (-1, "Standfirst"), (5, None)]
    assert tagger.widget.header["headline"] == "" and tagger.widget.header["dek"] == ""  # not shown twice
    assert "the headline, the standfirst and paragraph 5" in tagger.widget.header["note"]


def test_without_a_choice_the_headline_and_dek_are_offered_first(tmp_path, monkeypatch):
    from helpers.widgets.tagging import ClaimTagger

    monkeypatch.delenv("MLKIT_CLASS", raising=False)
    monkeypatch.setattr("helpers.case.switches.CLASS_FILE", tmp_path / "absent.yaml")
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    tagger = ClaimTagger(load_case("sochi-2015"))
    assert [p["number"] for p in tagger.widget.paragraphs][:3] == [0, -1, 1]
    assert tagger.widget.header["headline"] == ""  # drawn once, as the row to tag


def test_a_dek_the_article_lacks_is_an_error(tmp_path, monkeypatch):
    import shutil

    folder = tmp_path / "no-dek"
    shutil.copytree(Path(__file__).parent / "fixtures" / "cases" / "millbrook-library", folder)
    article = folder / "article.md"
    article.write_text("\n".join(line for line in article.read_text(encoding="utf-8").splitlines()
                                 if not line.startswith(">")) + "\n", encoding="utf-8")
    write(tmp_path, "paragraphs: [dek, 1]\n", monkeypatch)
    with pytest.raises(CaseError, match="the article has no dek"):
        load_switches(case=load_case(folder))
    write(tmp_path, "paragraphs: [chorus]\n", monkeypatch)
    with pytest.raises(CaseError, match="'headline' and 'dek'"):
        load_switches()


def test_a_class_reading_some_paragraphs_is_asked_to_check_only_claims_in_them(tmp_path, monkeypatch):
    """``paragraphs: [1, 5]`` without ``claims:``: notebook 03 offers key claims from paragraphs 1 and 5 only,
    its assignment is the core claims there, and the grader (given the class file) asks the same."""
    from helpers.activities.checks import assigned_claim_ids
    from helpers.case.key import claims_key
    from helpers.widgets.checking import ClaimChecker

    write(tmp_path, "paragraphs: [1, 5]\n", monkeypatch)
    case = load_case("sochi-2015")
    checker = ClaimChecker(case)
    assert checker.claims and {c.paragraph for c in checker.claims} <= {1, 5}
    assigned = assigned_claim_ids(case, paragraphs=(1, 5))
    key = {k.id: k for k in claims_key(case) or ()}
    assert assigned and all(key[i].paragraph in (1, 5) and key[i].core for i in assigned)
    assert set(assigned) <= {c.key_id for c in checker.claims}
    everywhere = assigned_claim_ids(case)
    assert set(assigned) < set(everywhere)  # the whole class's assignment is larger: the switch narrowed it
    # a list the teacher wrote stands, whatever the paragraphs
    assert assigned_claim_ids(case, ["c-01-first-in-two-years"], (5,)) == ("c-01-first-in-two-years",)


def test_the_grader_asks_the_class_file_paragraphs_claims_only(tmp_path, monkeypatch):
    from factories import saved_checks_notebook

    from helpers.grading import grade_folder

    monkeypatch.delenv("MLKIT_CLASS", raising=False)
    path = tmp_path / "class.yaml"
    path.write_text("paragraphs: [1]\n", encoding="utf-8")
    case = load_case("sochi-2015")
    folder = tmp_path / "submissions"
    saved_checks_notebook(folder / "ada" / "03_check_the_timeline.ipynb", "Ada", [])
    whole = grade_folder(folder, tmp_path / "whole").rows[0]
    part = grade_folder(folder, tmp_path / "part", switches=load_switches(path, case=case)).rows[0]
    assert 0 < int(part["checks_assigned"]) < int(whole["checks_assigned"])
