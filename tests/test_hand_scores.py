"""Hand scores survive regrades, and levels become scores."""

from __future__ import annotations

import csv
import io

import pytest

from helpers.grading.hand import (
    CHANGED,
    GONE,
    hand_scores,
    merge_hand_rows,
    read_hand_csv,
    score_level,
    write_hand_csv,
)

LEVELS = {"Proficient": 100, "Emergent": 60, "Basic": 20}


def _row(row_id: str, answer: str, level: str = "", comment: str = "") -> dict[str, str]:
    student, activity, item = row_id.split(":")
    return {"row_id": row_id, "student_id": student, "name": student, "activity": activity, "item": item,
            "prompt": "Why?", "answer": answer, "level": level, "comment": comment}


def test_a_regrade_keeps_every_level_and_comment_the_teacher_typed(tmp_path) -> None:
    path = tmp_path / "first-read.csv"
    first = merge_hand_rows([], [_row("ks:first-read:q1", "A"), _row("jd:first-read:q1", "B")])
    path.write_bytes(write_hand_csv(first))
    typed = read_hand_csv(path)
    typed[0]["level"], typed[0]["comment"] = "proficient", "Good use of paragraph 3"
    path.write_bytes(write_hand_csv(typed))
    again = merge_hand_rows(read_hand_csv(path), [_row("ks:first-read:q1", "A"), _row("jd:first-read:q1", "B")])
    assert again[0]["level"] == "proficient" and again[0]["comment"] == "Good use of paragraph 3"
    assert again[0]["status"] == ""


def test_a_changed_answer_keeps_the_level_and_is_flagged() -> None:
    merged = merge_hand_rows([_row("ks:wrap-up:q1", "old", "Basic")], [_row("ks:wrap-up:q1", "new")])
    assert merged[0]["level"] == "Basic" and merged[0]["status"] == CHANGED


def test_a_scored_row_whose_submission_is_gone_is_kept_and_marked() -> None:
    merged = merge_hand_rows([_row("ks:wrap-up:q1", "x", "Basic"), _row("ks:wrap-up:q2", "y")], [])
    assert [(r["row_id"], r["status"]) for r in merged] == [("ks:wrap-up:q1", GONE)]


def test_levels_by_name_or_number_and_unknown_levels_are_reported() -> None:
    assert score_level("PROFICIENT", LEVELS) == 100
    assert score_level("75", LEVELS) == 75
    assert score_level("", LEVELS) is None
    with pytest.raises(ValueError, match="not one of"):
        score_level("great", LEVELS)
    with pytest.raises(ValueError, match="outside"):
        score_level("140", LEVELS)


def test_hand_scores_average_scored_rows_and_count_what_is_left_to_read() -> None:
    rows = [_row("ks:first-read:q1", "a", "Proficient"), _row("ks:first-read:q2", "b", "Basic"),
            _row("ks:first-read:q3", "c"), _row("jd:first-read:q1", "d", "great")]
    scores = hand_scores(rows, LEVELS)
    assert scores[("ks", "first-read")].score == 60 and scores[("ks", "first-read")].to_read == 1
    assert scores[("jd", "first-read")].score is None and scores[("jd", "first-read")].problems


def test_student_text_cannot_run_as_a_spreadsheet_formula() -> None:
    data = write_hand_csv(merge_hand_rows([], [_row("ks:wrap-up:q1", "=HYPERLINK(\"http://x\")")]))
    row = next(csv.DictReader(io.StringIO(data.decode())))
    assert row["answer"].startswith("'=")
