"""helpers.check_case: the real Sochi case is clean, and each rule catches a deliberately broken copy."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from helpers.case.check import Problem, find_problems, main

ROOT = Path(__file__).resolve().parent.parent
SOCHI = ROOT / "lessons" / "cases" / "sochi-2015"
TAXONOMY = ROOT / "lessons" / "taxonomy"


@pytest.fixture
def case(tmp_path: Path) -> Path:
    """A copy of the real case and taxonomy laid out as in lessons/ (cases/<case>, taxonomy/)."""
    folder = tmp_path / "lessons" / "cases" / "sochi-2015"
    shutil.copytree(SOCHI, folder)
    shutil.copytree(TAXONOMY, tmp_path / "lessons" / "taxonomy")
    return folder


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, records: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def edit(path: Path, index: int, **changes: str) -> int:
    """Change row ``index`` of a CSV file; returns the line that row starts on (header = line 1)."""
    records = rows(path)
    records[index].update(changes)
    write(path, records)
    return index + 2  # one-line rows: header is line 1


def messages(problems: list[Problem], file: str) -> list[str]:
    return [str(p) for p in problems if p.file == file]


def test_real_case_is_clean() -> None:
    assert find_problems(SOCHI) == []


def test_main_exits_zero_on_clean_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SOCHI)]) == 0
    assert "no problems" in capsys.readouterr().out


def test_main_exits_nonzero_and_prints_problems(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(case / "timeline.csv", 0, category="weather")
    assert main([str(case)]) == 1
    out = capsys.readouterr().out
    assert "timeline.csv:2: category 'weather'" in out
    assert "1 problem(s)" in out


def test_problem_str_names_file_and_line() -> None:
    assert str(Problem("timeline.csv", 7, "bad")) == "timeline.csv:7: bad"
    assert str(Problem("article.md", None, "file is missing")) == "article.md: file is missing"


def test_claim_quote_not_in_its_paragraph(case: Path) -> None:
    line = edit(case / "key" / "claims.csv", 0, paragraph="2")
    assert any(m.startswith(f"key/claims.csv:{line}: quote not found in paragraph 2")
               for m in messages(find_problems(case), "key/claims.csv"))


def test_claim_quote_found_twice(case: Path) -> None:
    line = edit(case / "key" / "claims.csv", 0, paragraph="1", quote="Putin")
    assert any(m.startswith(f"key/claims.csv:{line}: quote found") and "times" in m
               for m in messages(find_problems(case), "key/claims.csv"))


def test_device_quote_is_checked(case: Path) -> None:
    line = edit(case / "key" / "devices.csv", 0, quote="words that are not in the article")
    assert any(m.startswith(f"key/devices.csv:{line}: quote not found")
               for m in messages(find_problems(case), "key/devices.csv"))


def test_paragraph_out_of_range(case: Path) -> None:
    line = edit(case / "key" / "claims.csv", 0, paragraph="13")
    assert f"key/claims.csv:{line}: paragraph 13 does not exist (the article has 12)" in \
        messages(find_problems(case), "key/claims.csv")


def test_date_disagrees_with_precision(case: Path) -> None:
    line = edit(case / "timeline.csv", 0, date="2015-05-12", precision="month")
    assert any(m.startswith(f"timeline.csv:{line}: date '2015-05-12' does not match precision 'month'")
               for m in messages(find_problems(case), "timeline.csv"))


def test_impossible_date(case: Path) -> None:
    line = edit(case / "sources.csv", 0, date="2015-02-30")
    assert f"sources.csv:{line}: date '2015-02-30' is not a real date" in messages(find_problems(case), "sources.csv")


def test_unknown_source_id(case: Path) -> None:
    line = edit(case / "timeline.csv", 0, source_ids="s-nowhere")
    assert any(m.startswith(f"timeline.csv:{line}: source 's-nowhere' is not a sources.csv id")
               for m in messages(find_problems(case), "timeline.csv"))


def test_event_without_source(case: Path) -> None:
    line = edit(case / "timeline.csv", 0, source_ids="")
    assert f"timeline.csv:{line}: event cites no source" in messages(find_problems(case), "timeline.csv")


def test_checkable_claim_with_verdict_needs_event(case: Path) -> None:
    records = rows(case / "key" / "claims.csv")
    index = next(i for i, r in enumerate(records) if r["type"] == "checkable-fact" and r["verdict"])
    line = edit(case / "key" / "claims.csv", index, event_ids="")
    assert f"key/claims.csv:{line}: a checkable claim with a verdict must link at least one event" in \
        messages(find_problems(case), "key/claims.csv")


def test_unknown_event_id(case: Path) -> None:
    line = edit(case / "key" / "claims.csv", 0, event_ids="e-never-happened")
    assert any(m.startswith(f"key/claims.csv:{line}: event 'e-never-happened' is not a timeline.csv id")
               for m in messages(find_problems(case), "key/claims.csv"))


def test_unknown_claim_type(case: Path) -> None:
    line = edit(case / "key" / "claims.csv", 0, type="rumour")
    assert any(m.startswith(f"key/claims.csv:{line}: type 'rumour' is not a claim type id")
               for m in messages(find_problems(case), "key/claims.csv"))


def test_unknown_verdict(case: Path) -> None:
    line = edit(case / "key" / "claims.csv", 0, accepted_verdicts="true-ish")
    assert any(m.startswith(f"key/claims.csv:{line}: accepted_verdicts 'true-ish' is not a verdict id")
               for m in messages(find_problems(case), "key/claims.csv"))


def test_unknown_device(case: Path) -> None:
    line = edit(case / "key" / "devices.csv", 0, device="mind-control")
    assert any(m.startswith(f"key/devices.csv:{line}: device 'mind-control' is not a device id")
               for m in messages(find_problems(case), "key/devices.csv"))


def test_unknown_timeline_category(case: Path) -> None:
    line = edit(case / "timeline.csv", 0, category="weather")
    assert any(m.startswith(f"timeline.csv:{line}: category 'weather' is not a timeline category id")
               for m in messages(find_problems(case), "timeline.csv"))


def test_duplicate_id(case: Path) -> None:
    first = rows(case / "sources.csv")[0]["id"]
    line = edit(case / "sources.csv", 1, id=first)
    assert f"sources.csv:{line}: id {first!r} is already used on line 2" in messages(find_problems(case), "sources.csv")


def test_malformed_id(case: Path) -> None:
    line = edit(case / "timeline.csv", 0, id="E_Reset Button")
    assert any(m.startswith(f"timeline.csv:{line}: id 'E_Reset Button' must be lowercase")
               for m in messages(find_problems(case), "timeline.csv"))


def test_malformed_url(case: Path) -> None:
    line = edit(case / "sources.csv", 0, url="www.state.gov/no-scheme")
    assert any(m.startswith(f"sources.csv:{line}: url 'www.state.gov/no-scheme' is not a well-formed")
               for m in messages(find_problems(case), "sources.csv"))


def test_missing_column(case: Path) -> None:
    records = [{k: v for k, v in r.items() if k != "confidence"} for r in rows(case / "timeline.csv")]
    write(case / "timeline.csv", records)
    assert "timeline.csv:1: missing column(s): confidence" in messages(find_problems(case), "timeline.csv")


def test_line_numbers_count_multiline_cells(case: Path) -> None:
    records = rows(case / "timeline.csv")
    records[0]["notes"] = "first line\nsecond line"
    records[1]["category"] = "weather"
    write(case / "timeline.csv", records)
    found = messages(find_problems(case), "timeline.csv")
    assert any(m.startswith("timeline.csv:4: category 'weather'") for m in found)


def test_taxonomy_dir_can_be_given(case: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "other-taxonomy"
    shutil.move(str(case.parent.parent / "taxonomy"), elsewhere)
    assert find_problems(case, elsewhere) == []
    assert any("claim_types.yaml: file is missing" in str(p) for p in find_problems(case))
