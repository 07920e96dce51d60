"""Which claims notebook 03 offers: the student's checkable tags, topped up from the key or claims_to_check.csv."""

from pathlib import Path

from factories import span, verdict_case

from helpers.activities.checks import claims_to_check, claims_to_check_csv
from helpers.case import load_case

SEVEN = "met for seven hours with President Vladimir Putin"


def test_without_tags_the_keys_checkable_claims_are_offered_without_verdicts(tmp_path: Path):
    case = load_case(verdict_case(tmp_path))
    claims = claims_to_check(case, tags=[])
    assert [c.id for c in claims] == ["c-seven", "c-first", "c-s300", "c-trenin", "c-sanctions", "c-territory"]
    assert all(c.source == "key" for c in claims)


def test_a_tag_overlapping_a_key_claim_takes_its_id(tmp_path: Path):
    case = load_case(verdict_case(tmp_path))
    claims = claims_to_check(case, tags=[span(1, "met for seven hours", "checkable-fact", "t-1")])
    mine = next(c for c in claims if c.source == "tag")
    assert (mine.id, mine.key_id, mine.exact) == ("c-seven", "c-seven", "met for seven hours")
    assert [c.id for c in claims].count("c-seven") == 1


def test_opinion_tags_are_not_offered(tmp_path: Path):
    case = load_case(verdict_case(tmp_path))
    claims = claims_to_check(case, tags=[span(2, "Of course, nothing was accomplished.", "opinion", "t-2")])
    assert all(c.source == "key" for c in claims)


def test_enough_checkable_tags_replace_the_key(tmp_path: Path):
    case = load_case(verdict_case(tmp_path))
    tags = [span(1, SEVEN, "checkable-fact", "t-1"), span(1, "the first in two years", "checkable-fact", "t-2"),
            span(2, "Of course, nothing was accomplished.", "quoted-claim", "t-3"),
            span(4, "Kerry showing up in Sochi, Russia", "checkable-fact", "t-4"),
            span(9, "no territory grabbed by separatists has been returned", "checkable-fact", "t-5")]
    claims = claims_to_check(case, tags=tags)
    assert all(c.source == "tag" for c in claims) and len(claims) == 5
    assert {c.id for c in claims} == {"c-seven", "c-first", "t-3", "t-4", "c-territory"}


def test_the_tags_are_read_from_notebook_02s_answers(tmp_path: Path):
    from helpers.activities.checks import tagged_claims_notebook
    from helpers.record import AnswerStore

    AnswerStore("claims", "sochi-2015", notebook=tagged_claims_notebook()).update(
        [span(1, SEVEN, "checkable-fact", "t-1")])
    claims = claims_to_check(load_case(verdict_case(tmp_path)))
    assert next(c for c in claims if c.id == "c-seven").source == "tag"


def test_a_release_list_has_quotes_only(tmp_path: Path):
    text = claims_to_check_csv(load_case(verdict_case(tmp_path)))
    assert text.splitlines()[0] == "id,paragraph,quote"
    assert len(text.splitlines()) == 7 and "c-placation" not in text and "accurate" not in text


def test_without_a_key_claims_to_check_csv_is_read(tmp_path: Path):
    folder = verdict_case(tmp_path)
    (folder / "claims_to_check.csv").write_text(claims_to_check_csv(load_case(folder)), encoding="utf-8")
    (folder / "key" / "claims.csv").unlink()
    claims = claims_to_check(load_case(folder), tags=[])
    assert [c.id for c in claims][:2] == ["c-seven", "c-first"] and claims[0].exact == SEVEN
