"""A student release carries claims_to_check.csv (quotes only) so notebook 03 works without the key."""

import csv
from pathlib import Path

from helpers.activities.checks import claims_to_check
from helpers.case import load_case
from helpers.case.check import find_problems
from helpers.release import make_release


def test_release_writes_the_checkable_claims_without_verdicts(tmp_path: Path):
    out = make_release(tmp_path / "student")
    path = out / "lessons" / "cases" / "sochi-2015" / "claims_to_check.csv"
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == ["id", "paragraph", "quote", "assigned"] and len(rows) > 20
    assert 5 <= sum(row["assigned"] == "yes" for row in rows) < len(rows)
    assert not list(out.rglob("key"))


def test_the_released_case_passes_check_case(tmp_path: Path):
    out = make_release(tmp_path / "student")
    assert find_problems(out / "lessons" / "cases" / "sochi-2015") == []


def test_notebook_03_offers_the_released_claims(tmp_path: Path):
    out = make_release(tmp_path / "student")
    case = load_case(out / "lessons" / "cases" / "sochi-2015")
    claims = claims_to_check(case, tags=[])
    assert not case.has_key and len(claims) >= 5 and all(c.source == "key" and c.assigned for c in claims)


def test_check_case_reports_a_leaked_verdict_column(tmp_path: Path):
    out = make_release(tmp_path / "student")
    path = out / "lessons" / "cases" / "sochi-2015" / "claims_to_check.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",verdict", *(line + ",accurate" for line in lines[1:])]) + "\n",
                    encoding="utf-8")
    problems = [str(p) for p in find_problems(out / "lessons" / "cases" / "sochi-2015")]
    assert any("would show students the key" in p for p in problems)
