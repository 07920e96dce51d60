"""Exports: verdicts as schema.org ClaimReview and tags as W3C Web Annotations, checked against their shapes."""

import copy
import csv
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from factories import ROOT, check, saved_checks_notebook, saved_notebook, span

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


def test_device_tags_become_annotations_named_by_device():
    record = new_document("devices", "sochi-2015", [span(2, "Of course, nothing was accomplished.", "doubt", "t-1")])
    a = validate_export(web_annotation_jsonld(record, SOCHI, activity="devices"), "annotation")[0]
    assert a["id"] == "urn:mlkit:sochi-2015:devices:t-1" and a["body"][0]["value"] == "Doubt"


@pytest.fixture
def handed_in(tmp_path: Path) -> Path:
    """A class folder (one folder per student) with notebook 02 and 03 work, and a file that is not a notebook."""
    folder = tmp_path / "submissions"
    saved_notebook(folder / "ada" / "02_tag_claims.ipynb", "Ada", [span(1, "the first in two years",
                                                                         "checkable-fact", "t-1")])
    saved_checks_notebook(folder / "ada" / "03_check_the_timeline.ipynb", "Ada",
                          [check("c-first", "accurate", ["e-2013-05-07-kerry-moscow"]),
                           check("c-s300", "inaccurate", committed=False)])
    saved_notebook(folder / "grace" / "02_tag_claims.ipynb", "Grace", [])
    (folder / "grace" / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    return folder


def test_export_writes_each_students_json_ld_without_running_anything(handed_in: Path, tmp_path: Path):
    from helpers.exports import export_folder

    out = tmp_path / "exports"
    report = export_folder(handed_in, out)
    assert (report.files, report.students) == (4, 2)
    reviews = json.loads((out / "ada" / "verdicts.claimreview.jsonld").read_text(encoding="utf-8"))
    assert [r["@type"] for r in reviews] == ["ClaimReview"]  # only the committed verdict
    assert reviews[0]["author"]["name"] == "Ada" and reviews[0]["reviewRating"]["alternateName"] == "Accurate"
    tags = json.loads((out / "ada" / "claim-tags.annotations.jsonld").read_text(encoding="utf-8"))
    assert tags[0]["target"]["selector"][0]["exact"] == "the first in two years"
    assert json.loads((out / "grace" / "claim-tags.annotations.jsonld").read_text(encoding="utf-8")) == []
    with (out / "index.csv").open(encoding="utf-8") as handle:
        index = {(r["student_id"], r["file"]): r["items"] for r in csv.DictReader(handle)}
    assert index == {("ada", "ada/claim-tags.annotations.jsonld"): "1",
                     ("ada", "ada/verdicts.claimreview.jsonld"): "1",
                     ("grace", "grace/claim-tags.annotations.jsonld"): "0"}
    with (out / "errors.csv").open(encoding="utf-8") as handle:
        assert [r["file"] for r in csv.DictReader(handle)] == ["grace/broken.ipynb"]


def test_export_never_executes_a_notebooks_code(handed_in: Path, tmp_path: Path):
    from helpers.exports import export_folder

    marker = tmp_path / "ran"
    notebook = handed_in / "ada" / "02_tag_claims.ipynb"
    data = json.loads(notebook.read_text(encoding="utf-8"))
    data["cells"].insert(0, {"cell_type": "code", "id": "evil", "metadata": {}, "outputs": [], "execution_count": 1,
                             "source": f"open({str(marker)!r}, 'w').write('x')"})
    notebook.write_text(json.dumps(data), encoding="utf-8")
    export_folder(handed_in, tmp_path / "exports")
    assert not marker.exists()


def test_the_export_command_reports_what_it_wrote(handed_in: Path, tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "helpers", "export", str(handed_in), "--out",
                             str(tmp_path / "exports")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "wrote 3 JSON-LD file(s)" in result.stdout and "errors.csv (1;" in result.stdout


def test_no_student_notebook_carries_an_export_or_a_teachers_link():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])
        for word in ("export_", "ClaimReview", "Web Annotation", "Teachers:", "lessons/plans/"):
            assert word not in text, f"{path.name} still has {word!r}"
