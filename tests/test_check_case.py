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
    assert any("claim_types.yaml: file is missing" in str(p) for p in find_problems(case, tmp_path / "nowhere"))


# ---- what the notebooks and the grader need, and the fact-checker's rules ----------------------------------

def first(path: Path, **where: str) -> int:
    """Index of the first row of a CSV file whose cells match ``where``."""
    return next(i for i, r in enumerate(rows(path)) if all(r[k] == v for k, v in where.items()))


def set_yaml_field(case: Path, field: str, value: str | None) -> None:
    lines = (case / "case.yaml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(f"{field}:")]
    if value is not None:
        kept.append(f"{field}: {value}")
    (case / "case.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")


@pytest.mark.parametrize("field", ["id", "author", "published", "outlet", "title"])
def test_required_case_yaml_field(case: Path, field: str) -> None:
    set_yaml_field(case, field, None)
    assert f"case.yaml: the field {field!r} is missing or empty" in messages(find_problems(case), "case.yaml")


def test_case_id_must_be_the_folder_name(case: Path) -> None:
    set_yaml_field(case, "id", "another-case")
    assert any("must be the folder's name" in m for m in messages(find_problems(case), "case.yaml"))


def test_published_must_match_its_precision(case: Path) -> None:
    set_yaml_field(case, "published", '"2015-05-12"')
    assert any(m.startswith("case.yaml: published: date '2015-05-12' does not match precision 'month'")
               for m in messages(find_problems(case), "case.yaml"))


def test_taxonomy_is_found_from_the_kit_wherever_the_folder_is(tmp_path: Path) -> None:
    folder = tmp_path / "drafts" / "sochi-2015"
    shutil.copytree(SOCHI, folder)
    assert find_problems(folder) == find_problems(SOCHI)


def test_missing_key_and_guide_are_warnings(case: Path) -> None:
    shutil.rmtree(case / "key")
    (case / "guide.md").unlink()
    assert find_problems(case) == find_problems(SOCHI)  # no errors added
    warned = [str(p) for p in find_problems(case, warnings=True) if p.warning]
    assert any(w.startswith("key/claims.csv: warning: no answer key") for w in warned)
    assert any(w.startswith("guide.md: warning: file is missing") for w in warned)


def test_verdict_only_on_checkable_types(case: Path) -> None:
    line = edit(case / "key" / "claims.csv", first(case / "key" / "claims.csv", type="opinion"),
                verdict="inaccurate", event_ids=rows(case / "timeline.csv")[0]["id"])
    assert any(m.startswith(f"key/claims.csv:{line}: a opinion claim is not checkable")
               for m in messages(find_problems(case), "key/claims.csv"))


def test_accepted_verdicts_span_both_ends(case: Path) -> None:
    line = edit(case / "key" / "claims.csv", first(case / "key" / "claims.csv", verdict="accurate"),
                accepted_verdicts="inaccurate")
    assert any(m.startswith(f"key/claims.csv:{line}: verdict and accepted_verdicts span both ends")
               for m in messages(find_problems(case), "key/claims.csv"))


def test_accepted_verdicts_without_verdict(case: Path) -> None:
    index = first(case / "key" / "claims.csv", type="checkable-fact")
    line = edit(case / "key" / "claims.csv", index, verdict="", accepted_verdicts="misleading")
    assert f"key/claims.csv:{line}: accepted_verdicts without a verdict: give the key's verdict first" in \
        messages(find_problems(case), "key/claims.csv")


def test_accepted_verdicts_repeating_the_verdict(case: Path) -> None:
    index = first(case / "key" / "claims.csv", verdict="misleading")
    line = edit(case / "key" / "claims.csv", index, accepted_verdicts="misleading")
    assert f"key/claims.csv:{line}: accepted_verdicts repeats the verdict 'misleading'" in \
        messages(find_problems(case), "key/claims.csv")


def test_every_verdict_cites_an_event(case: Path) -> None:
    index = first(case / "key" / "claims.csv", type="quoted-claim")
    records = rows(case / "key" / "claims.csv")
    if not records[index]["verdict"]:
        edit(case / "key" / "claims.csv", index, verdict="unverifiable")
    line = edit(case / "key" / "claims.csv", index, event_ids="", accepted_verdicts="")
    assert f"key/claims.csv:{line}: a checkable claim with a verdict must link at least one event" in \
        messages(find_problems(case), "key/claims.csv")


def test_event_needs_a_source_dated_on_or_after_it(case: Path) -> None:
    records = rows(case / "timeline.csv")
    index = first(case / "timeline.csv", precision="day")
    line = edit(case / "timeline.csv", index, date="2030-01-01")
    assert any(m.startswith(f"timeline.csv:{line}: no source it cites is dated on or after the event (2030-01-01)")
               for m in messages(find_problems(case), "timeline.csv"))
    assert records  # a month-dated source covers a day-dated event in the same month:
    from helpers.case.check import _on_or_after
    assert _on_or_after("2015-05", "2015-05-12") and _on_or_after("2015", "2015-05") and \
        not _on_or_after("2015-04-30", "2015-05")


def test_high_confidence_on_one_secondary_source_is_a_warning(case: Path) -> None:
    news = next(r["id"] for r in rows(case / "sources.csv") if r["kind"] == "news" and r["date"] >= "2016")
    index = first(case / "timeline.csv", precision="day")
    line = edit(case / "timeline.csv", index, source_ids=news, confidence="high", date="2015-05-12")
    found = [str(p) for p in find_problems(case, warnings=True)]
    assert any(m.startswith(f"timeline.csv:{line}: warning: high confidence rests on one source") for m in found)


def test_orphan_source_is_a_warning(case: Path) -> None:
    records = rows(case / "sources.csv")
    records.append({**records[0], "id": "s-orphan"})
    write(case / "sources.csv", records)
    found = [str(p) for p in find_problems(case, warnings=True)]
    assert f"sources.csv:{len(records) + 1}: warning: source 's-orphan' is cited by no event in timeline.csv" in found


def test_verdicts_must_appear_in_review_when_present(case: Path) -> None:
    claims = [r for r in rows(case / "key" / "claims.csv") if r["verdict"]]
    (case / "key" / "review.md").write_text("\n".join(f"- {r['id']}: ok" for r in claims[1:]) + "\n", encoding="utf-8")
    found = messages(find_problems(case), "key/review.md")
    assert len(found) == 1 and repr(claims[0]["id"]) in found[0]


@pytest.mark.parametrize("key", ["claims.csv", "devices.csv"])
def test_core_is_yes_or_empty(case: Path, key: str) -> None:
    records = [{**r, "core": ""} for r in rows(case / "key" / key)]
    records[0]["core"] = "maybe"
    write(case / "key" / key, records)
    assert f"key/{key}:2: core 'maybe' must be 'yes' or empty" in messages(find_problems(case), f"key/{key}")


@pytest.mark.parametrize("key", ["claims.csv", "devices.csv"])
def test_explanation_is_not_empty(case: Path, key: str) -> None:
    line = edit(case / "key" / key, 0, explanation="")
    found = messages(find_problems(case), f"key/{key}")
    assert any(m.startswith(f"key/{key}:{line}: explanation is empty") for m in found)


@pytest.mark.parametrize("url", ["https://test.example.org/a", "http://staging.example.org/", "http://localhost:8888/x",
                                 "http://192.168.0.1/doc"])
def test_no_test_or_local_urls(case: Path, url: str) -> None:
    line = edit(case / "sources.csv", 1, url=url)
    found = [str(p) for p in find_problems(case, warnings=True) if p.file == "sources.csv"]
    assert any(m.startswith(f"sources.csv:{line}: url {url!r} points at a test, staging or local address")
               for m in found)


@pytest.mark.parametrize(("key", "label"), [("claims.csv", "type"), ("devices.csv", "device")])
def test_no_duplicate_key_rows(case: Path, key: str, label: str) -> None:
    records = rows(case / "key" / key)
    records.append({**records[0], "id": "x-duplicate"})
    write(case / "key" / key, records)
    assert any(m.startswith(f"key/{key}:{len(records) + 1}: same paragraph, quote and {label} as line 2")
               for m in messages(find_problems(case), f"key/{key}"))


def test_headline_and_dek_can_be_keyed(case: Path) -> None:
    records = rows(case / "key" / "devices.csv")
    records.append({**records[0], "id": "d-headline", "paragraph": "headline", "quote": "Weakness in Russia"})
    records.append({**records[0], "id": "d-dek", "paragraph": "dek", "quote": "words not in the dek"})
    write(case / "key" / "devices.csv", records)
    found = messages(find_problems(case), "key/devices.csv")
    assert found == [f"key/devices.csv:{len(records) + 1}: quote not found in the dek: 'words not in the dek'"]


def test_a_dek_the_article_lacks_is_an_error(case: Path) -> None:
    article = case / "article.md"
    article.write_text("\n".join(line for line in article.read_text(encoding="utf-8").splitlines()
                                 if not line.startswith(">")) + "\n", encoding="utf-8")
    dek_rows = [n for n, row in enumerate(rows(case / "key" / "devices.csv"), 2) if row["paragraph"] == "dek"]
    assert dek_rows  # the Sochi key has rows on its dek
    assert messages(find_problems(case), "key/devices.csv") == [
        f"key/devices.csv:{n}: paragraph 'dek': the article has no dek (article.md)" for n in dek_rows]


def test_a_headline_quote_must_be_in_the_headline(case: Path) -> None:
    line = edit(case / "key" / "devices.csv", 0, quote="Weakness in Sochi")
    assert messages(find_problems(case), "key/devices.csv") == [
        f"key/devices.csv:{line}: quote not found in the headline: 'Weakness in Sochi'"]


def test_warnings_do_not_fail_the_command(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = rows(case / "sources.csv")
    records.append({**records[0], "id": "s-orphan"})
    write(case / "sources.csv", records)
    code = main([str(case)])
    out = capsys.readouterr().out
    assert "warning: source 's-orphan'" in out
    assert code == main([str(SOCHI)])


# ---- prepost.csv: the pre/post check's items are sourced to the same standard as the key ----

def test_prepost_item_must_cite_real_events_and_sources(case: Path) -> None:
    path = case / "prepost.csv"
    line = edit(path, 0, event_ids="e-no-such-event", source_ids="s-nowhere")
    found = messages(find_problems(case), "prepost.csv")
    assert any(m.startswith(f"prepost.csv:{line}: event 'e-no-such-event' is not a timeline.csv id") for m in found)
    assert any(m.startswith(f"prepost.csv:{line}: source 's-nowhere' is not a sources.csv id") for m in found)


def test_prepost_item_without_events_or_sources(case: Path) -> None:
    line = edit(case / "prepost.csv", 1, event_ids="", source_ids="")
    assert f"prepost.csv:{line}: every item needs event_ids and source_ids: its verdict must come from the record" \
        in messages(find_problems(case), "prepost.csv")


def test_prepost_sources_must_be_dated_on_or_after_the_event(case: Path) -> None:
    early = next(r for r in rows(case / "sources.csv") if r["date"] < "2014")
    line = edit(case / "prepost.csv", 0, event_ids="e-2015-05-12-putin-talks", source_ids=early["id"])
    assert f"prepost.csv:{line}: no source it cites is dated on or after event 'e-2015-05-12-putin-talks' " \
        "(2015-05-12): a source cannot report what had not yet happened" in messages(find_problems(case), "prepost.csv")


def test_prepost_values_ids_and_forms(case: Path) -> None:
    path = case / "prepost.csv"
    records = rows(path)
    records[1]["id"] = records[0]["id"]
    records[2].update(form="during", verdict="true", difficulty="tricky", explanation="")
    write(path, records)
    found = messages(find_problems(case), "prepost.csv")
    assert f"prepost.csv:3: id {records[0]['id']!r} is already used on line 2" in found
    assert "prepost.csv:4: form 'during' must be one of pre, post" in found
    assert "prepost.csv:4: verdict 'true' must be one of sound, flawed" in found
    assert "prepost.csv:4: difficulty 'tricky' must be one of easy, medium, hard" in found
    assert "prepost.csv:4: explanation is empty" in found


def test_prepost_forms_need_both_verdicts_and_the_same_mix(case: Path) -> None:
    path = case / "prepost.csv"
    write(path, [{**r, "verdict": "flawed"} if r["form"] == "post" else r for r in rows(path)])
    problems = find_problems(case, warnings=True)
    assert "prepost.csv: the post form needs both sound and flawed items" in messages(problems, "prepost.csv")
    assert any(p.warning and "same mix" in p.message for p in problems)
    assert not any(p.warning and "same mix" in p.message for p in find_problems(SOCHI, warnings=True))


def test_prepost_statement_in_both_forms(case: Path) -> None:
    path = case / "prepost.csv"
    records = rows(path)
    post = next(n for n, r in enumerate(records) if r["form"] == "post")
    records[post]["statement"] = records[0]["statement"]
    write(path, records)
    assert f"prepost.csv: the same statement is in both forms: {records[0]['statement']!r}" in \
        messages(find_problems(case), "prepost.csv")


def test_prepost_statements_file_holds_no_answers(case: Path) -> None:
    (case / "prepost_statements.csv").write_text("id,form,statement,verdict\np-1,pre,A statement.,sound\n",
                                                 encoding="utf-8")
    assert "prepost_statements.csv:1: only id, form and statement belong here; verdict would show students the " \
        "answers" in messages(find_problems(case), "prepost_statements.csv")


def test_prepost_switch_in_case_yaml_is_a_boolean(case: Path) -> None:
    with (case / "case.yaml").open("a", encoding="utf-8") as handle:
        handle.write("prepost: no-thanks\n")
    assert "case.yaml: prepost 'no-thanks' must be true or false (false turns the check off)" in \
        messages(find_problems(case), "case.yaml")
