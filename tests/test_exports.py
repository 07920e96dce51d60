"""Exports: verdicts as schema.org ClaimReview and tags as W3C Web Annotations, checked against their shapes."""

import copy
from pathlib import Path

import jsonschema
import pytest
from factories import check, span

from helpers.case import load_case
from helpers.exports import claim_review_jsonld, validate_export, web_annotation_jsonld
from helpers.record import new_document

SOCHI = load_case("sochi-2015")


def checks_record(*items: dict) -> dict:
    record = new_document("checks", "sochi-2015", list(items))
    record["student"]["name"] = "Ada"
    return record


def test_claim_reviews_have_the_published_shape():
    reviews = claim_review_jsonld(checks_record(check("c-s300", "inaccurate", ["e-2015-05-12-kerry-s300"])), SOCHI)
    validate_export(reviews, "claimreview")
    review = reviews[0]
    assert (review["@context"], review["@type"], review["author"]) == ("https://schema.org", "ClaimReview",
                                                                       {"@type": "Person", "name": "Ada"})
    assert review["claimReviewed"].startswith("There was no mention")
    appearance = review["itemReviewed"]["appearance"]
    assert appearance["@type"] == "OpinionNewsArticle" and appearance["headline"] == SOCHI.headline
    assert appearance["publisher"]["name"] == "FrontPage Magazine"


def test_the_rating_uses_the_verdict_scale():
    rating = claim_review_jsonld(checks_record(check("c-s300", "inaccurate")), SOCHI)[0]["reviewRating"]
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"], rating["alternateName"]) == (
        1, 4, 1, "Inaccurate")
    best = claim_review_jsonld(checks_record(check("c-first", "accurate")), SOCHI)[0]["reviewRating"]
    assert best["ratingValue"] == 4


def test_unverifiable_has_a_name_but_no_value_on_the_line():
    rating = claim_review_jsonld(checks_record(check("c-trenin", "unverifiable")), SOCHI)[0]["reviewRating"]
    assert rating["alternateName"] == "Unverifiable" and "ratingValue" not in rating


def test_linked_events_become_citations_of_their_sources():
    review = claim_review_jsonld(checks_record(check("c-first", "accurate", ["e-2013-05-07-kerry-moscow"])), SOCHI)[0]
    assert len(review["citation"]) == 3 and all(c["@type"] == "CreativeWork" for c in review["citation"])


def test_only_committed_verdicts_are_exported():
    assert claim_review_jsonld(checks_record(check("c-first", "accurate", committed=False)), SOCHI) == []


def test_the_claimreview_schema_rejects_a_rating_without_a_name():
    review = claim_review_jsonld(checks_record(check("c-first", "accurate")), SOCHI)
    broken = copy.deepcopy(review)
    del broken[0]["reviewRating"]["alternateName"]
    with pytest.raises(jsonschema.ValidationError):
        validate_export(broken, "claimreview")


def test_tags_become_web_annotations_with_both_selectors():
    record = new_document("claims", "sochi-2015", [span(1, "the first in two years", "checkable-fact", "t-1")])
    annotations = validate_export(web_annotation_jsonld(record, SOCHI), "annotation")
    a = annotations[0]
    assert (a["@context"], a["type"], a["id"]) == ("http://www.w3.org/ns/anno.jsonld", "Annotation",
                                                   "urn:mlkit:sochi-2015:claims:t-1")
    assert a["body"] == [{"type": "TextualBody", "value": "Checkable fact", "purpose": "tagging"}]
    quote, position = a["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "the first in two years"
    text = Path(SOCHI.file("article.md")).read_text(encoding="utf-8")
    assert text[position["start"] : position["end"]] == "the first in two years"


def test_the_annotation_schema_rejects_a_negative_position():
    record = new_document("claims", "sochi-2015", [span(1, "the first in two years", "checkable-fact", "t-1")])
    annotations = web_annotation_jsonld(record, SOCHI)
    annotations[0]["target"]["selector"][1]["start"] = -1
    with pytest.raises(jsonschema.ValidationError):
        validate_export(annotations, "annotation")


def test_export_verdicts_writes_a_file_beside_the_answers(tmp_path: Path, answers_dir: Path):
    from helpers.exports import export_tags, export_verdicts
    from helpers.widgets.checking import ClaimChecker

    checker = ClaimChecker(load_case("sochi-2015"))
    checker.picker.value = "c-01-first-in-two-years"
    checker.verdict.value = "accurate"
    checker.reason.value = "His previous visit to Russia was in May 2013."
    checker.commit_current()
    path = export_verdicts(checker)
    assert path.parent == answers_dir and path.suffix == ".jsonld"
    assert '"ClaimReview"' in path.read_text(encoding="utf-8")
    assert export_tags(checker).read_text(encoding="utf-8").strip() == "[]"
