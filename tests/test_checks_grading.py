"""Scoring notebook 03's checks: verdict credit, evidence, discernment, calibration, and the grader's files."""

import csv
from pathlib import Path

import pytest
from factories import KEY_EVENTS, KEY_VERDICTS, check, saved_checks_notebook, verdict_case

from helpers.case import load_case
from helpers.case.key import claims_key
from helpers.grading import grade_folder
from helpers.scoring.checks import score_checks, verdict_credit


@pytest.fixture
def case(tmp_path: Path):
    return load_case(verdict_case(tmp_path))


def key_span(case, ident: str):
    return next(k for k in claims_key(case) if k.id == ident)


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def perfect() -> list[dict]:
    return [check(k, v, KEY_EVENTS[k], confidence=1.0) for k, v in KEY_VERDICTS.items()]


def test_the_keys_verdict_earns_full_credit(case):
    assert verdict_credit("misleading", key_span(case, "c-sanctions")) == 1.0


def test_an_accepted_alternative_earns_partial_credit(case):
    assert verdict_credit("inaccurate", key_span(case, "c-sanctions")) == 0.75


def test_a_nearer_wrong_verdict_earns_more_than_a_far_one(case):
    k = key_span(case, "c-seven")  # mostly accurate; accepts accurate
    assert verdict_credit("misleading", k) > verdict_credit("inaccurate", k) > 0


def test_unverifiable_against_a_verdict_on_the_line_earns_nothing(case):
    assert verdict_credit("unverifiable", key_span(case, "c-first")) == 0.0


def test_a_perfect_student_scores_full_marks_and_full_discernment(case):
    scored = score_checks(perfect(), case)
    assert (scored.verdict_score, scored.evidence_score, scored.discernment, scored.brier) == (100.0, 100.0, 1.0, 0.0)


def test_calling_every_claim_inaccurate_scores_poorly(case):
    scored = score_checks([check(k, "inaccurate", KEY_EVENTS[k], confidence=1.0) for k in KEY_VERDICTS], case)
    assert scored.verdict_score < 40
    assert (scored.hits, scored.flawed, scored.false_alarms, scored.sound) == (2, 2, 3, 3)
    assert scored.discernment == 0.0
    assert scored.brier > 0.5


def test_calling_every_claim_inaccurate_scores_poorly_on_the_real_key():
    sochi = load_case("sochi-2015")
    items = []
    for k in claims_key(sochi):
        if k.row["verdict"]:
            item = check("c-first", "inaccurate")
            item.update(id=k.id, claim={**item["claim"], "key_id": k.id})
            items.append(item)
    scored = score_checks(items, sochi)
    assert scored.verdict_score < 30 and scored.discernment == 0.0 and scored.false_alarms == scored.sound > 10


def test_evidence_is_the_overlap_with_the_keys_events(case):
    linked = ["e-2015-05-12-lavrov-talks", "e-2009-03-06-reset-button"]  # one of two right, one extra
    scored = score_checks([check("c-seven", "mostly-accurate", linked)], case)
    assert scored.evidence_score == 50.0


def test_only_committed_checks_with_a_verdict_are_scored(case):
    items = [check("c-first", "accurate", committed=False), check("c-seven", "", committed=True)]
    assert score_checks(items, case).checked == 0


def test_a_claim_the_key_does_not_list_is_kept_apart(case):
    item = check("c-first", "accurate")
    item.update(id="t-abc12345", claim={**item["claim"], "source": "tag"})
    item["claim"].pop("key_id")
    scored = score_checks([item], case)
    assert (scored.checked, len(scored.scored), len(scored.unmatched)) == (1, 0, 1)


def test_without_a_key_there_is_no_score(case):
    (case.path / "key" / "claims.csv").unlink()
    assert score_checks(perfect(), load_case(case.path)) is None


def test_the_gradebook_has_the_checks_columns(case, tmp_path: Path):
    folder = tmp_path / "subs"
    saved_checks_notebook(folder / "ada.ipynb", "Ada", perfect())
    report = grade_folder(folder, tmp_path / "out", case)
    row = rows(report.gradebook)[0]
    assert row["checks_checked"] == "6" and row["checks_verdict_score"] == "100.0"
    assert row["checks_hits"] == "2" and row["checks_false_alarms"] == "0" and row["checks_brier"] == "0.0"
    assert row["checks_reasons"] == "6" and row["answers_from"] == "notebook"


def test_reasons_are_listed_for_hand_scoring_with_a_rubric(case, tmp_path: Path):
    folder = tmp_path / "subs"
    hostile = check("c-first", "accurate", reason='=HYPERLINK("http://evil") <b>it was May 2013</b>')
    saved_checks_notebook(folder / "mallory.ipynb", "Mallory", [hostile])
    report = grade_folder(folder, tmp_path / "out", case)
    reasons = rows(report.reasons_file)
    assert reasons[0]["claim"] == "c-first" and reasons[0]["key_verdict"] == "Accurate"
    assert reasons[0]["reason"].startswith("'=") and reasons[0]["rubric_level"] == ""
    rubric = (tmp_path / "out" / "rubric.md").read_text(encoding="utf-8")
    assert all(level in rubric for level in ("Proficient", "Emergent", "Basic", "Civic Online Reasoning"))


def test_feedback_escapes_student_text(case, tmp_path: Path):
    folder = tmp_path / "subs"
    item = check("c-first", "accurate")
    item.update(id="t-x1", claim={"source": "tag", "paragraph": 1, "exact": "<script>alert(1)</script>", "start": 0,
                                  "end": 9})
    saved_checks_notebook(folder / "x.ipynb", "X", [item])
    report = grade_folder(folder, tmp_path / "out", case)
    feedback = (report.feedback_dir / "x.md").read_text(encoding="utf-8")
    assert "<script>" not in feedback and "&lt;script&gt;" in feedback
