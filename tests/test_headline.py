"""The headline and standfirst (dek) as places to tag: named in words, stored, anchored, keyed, scored, reported."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from factories import saved_notebook, span

from helpers.case import load_case
from helpers.case.article import place, place_short, places, reading_order
from helpers.case.key import devices_key
from helpers.record.anchor import clean_spans
from helpers.record.schema import AnswerError, new_document, schema, validate

SOCHI = load_case("sochi-2015")
HEADLINE_ITEM = "d-00-headline-weakness"


def headline_span(quote: str = "Seven Hours of Weakness", label: str = "loaded-language", ident: str = "t-head",
                  paragraph: int = 0) -> dict:
    """A span in the headline (0) or dek (-1) as the browser sends it."""
    text = SOCHI.paragraph(paragraph).text
    start = text.index(quote)
    end = start + len(quote)
    return {"id": ident, "labels": [label], "target": {"paragraph": paragraph, "exact": quote, "start": start,
                                                       "end": end, "prefix": text[:start][-32:],
                                                       "suffix": text[end:][:32]}}


# ---- case: words for where a span is --------------------------------------------------------------------------
def test_places_are_named_in_words_never_paragraph_0() -> None:
    assert (place(0), place(-1), place(4)) == ("the headline", "the standfirst", "paragraph 4")
    assert (place_short(0), place_short(-1), place_short(4)) == ("Headline", "Standfirst", "¶4")
    assert places([5, 0, 9]) == "the headline and paragraphs 5 and 9"
    assert places([9, 0, -1, 5]) == "the headline, the standfirst and paragraphs 5 and 9"
    assert places([-1, 0]) == "the headline and the standfirst"
    assert places([3]) == "paragraph 3"
    assert sorted([3, -1, 1, 0], key=reading_order) == [0, -1, 1, 3]


def test_a_quote_is_found_in_the_headline_and_the_dek() -> None:
    assert SOCHI.locate("Weakness", 0).quote == "Weakness"
    assert SOCHI.locate("same results", -1).paragraph == -1
    assert [p.number for p in SOCHI.parts()] == [0, -1]
    with pytest.raises(KeyError, match="not found in the headline"):
        SOCHI.locate("Sochi", 0)


# ---- record: the schema and the anchor ---------------------------------------------------------------------------
def test_schema_v2_takes_the_headline_and_dek_and_v1_stays_as_it_was() -> None:
    record = new_document("devices", "sochi-2015", [headline_span(), headline_span("with the same results",
                                                                                   "sarcasm-or-irony", "t-dek", -1)])
    assert validate(record)["items"][0]["target"]["paragraph"] == 0
    too_far = copy.deepcopy(record)
    too_far["items"][0]["target"]["paragraph"] = -2
    with pytest.raises(AnswerError, match="paragraph"):
        validate(too_far)
    # v1 is the format earlier releases wrote, which could not tag the headline: it is frozen as it was.
    assert schema(1)["$defs"]["span"]["properties"]["target"]["properties"]["paragraph"]["minimum"] == 1


def test_a_headline_span_is_anchored_and_re_anchored_by_its_quote() -> None:
    moved = headline_span()
    moved["target"]["start"] += 3  # offsets from an older wording of the headline
    moved["target"]["end"] += 3
    placed, unplaced = clean_spans(SOCHI, [headline_span(ident="t-a"), {**moved, "id": "t-b"}],
                                   {"loaded-language"}, False)
    assert not unplaced
    assert {(s["target"]["paragraph"], s["target"]["exact"]) for s in placed} == {(0, "Seven Hours of Weakness")}
    assert placed[0]["target"]["prefix"] == "John Kerry’s "


def test_a_dek_span_on_an_article_without_a_dek_is_kept_unplaced(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "no-dek"
    shutil.copytree(SOCHI.path, folder)
    article = folder / "article.md"
    article.write_text("\n".join(line for line in article.read_text(encoding="utf-8").splitlines()
                                 if not line.startswith(">")) + "\n", encoding="utf-8")
    case = load_case(folder)
    placed, unplaced = clean_spans(case, [headline_span("with the same results", "sarcasm-or-irony", "t-dek", -1)],
                                   {"sarcasm-or-irony"}, False)
    assert (placed, [s["id"] for s in unplaced]) == ([], ["t-dek"])


# ---- key and scoring ---------------------------------------------------------------------------------------------
def test_the_sochi_key_scores_the_headline() -> None:
    key = {k.id: k for k in devices_key(SOCHI) or ()}
    item = key[HEADLINE_ITEM]
    # not core: the core is one instance of each of twelve techniques, and loaded language has its own
    assert (item.paragraph, item.quote, item.label, item.core) == (0, "Seven Hours of Weakness", "loaded-language",
                                                                   False)
    assert {k.paragraph for k in key.values()} >= {0, -1}


def test_tagging_the_headline_earns_its_key_item() -> None:
    from helpers.activities.devices import grade_device_tags

    without = grade_device_tags([], SOCHI)
    with_headline = grade_device_tags([headline_span()], SOCHI)
    assert without is not None and with_headline is not None
    found = {i.key_id: i.found for i in with_headline.items}
    assert found[HEADLINE_ITEM] and with_headline.extra_found == 1
    assert with_headline.score > without.score


# ---- feedback: words, never "paragraph 0" -------------------------------------------------------------------------
def test_feedback_says_the_headline_not_paragraph_0() -> None:
    from helpers.activities.devices import devices_feedback

    found = devices_feedback(SOCHI, [headline_span()])
    assert "- Headline “Seven Hours of Weakness” — device matches." in found
    assert "You also found 1 of the key's" in found
    missed = devices_feedback(SOCHI, [span(12, "is weak, and weakness", "repetition", "t-12")])
    assert "- Headline “Seven Hours of Weakness” — *Loaded language*" in missed  # the key items not found
    assert "- Standfirst “with the same results” — *Sarcasm or irony*" in missed
    dek = devices_feedback(SOCHI, [headline_span("with the same results", "sarcasm-or-irony", "t-dek", -1)])
    assert "- Standfirst “with the same results” — device matches." in dek
    for text in (found, missed, dek):
        assert "¶0" not in text and "¶-1" not in text and "paragraph 0" not in text and "paragraph -1" not in text


# ---- grading a saved notebook, the class report, handouts -------------------------------------------------------
def test_a_saved_notebook_with_a_headline_tag_is_graded(tmp_path: Path) -> None:
    from helpers.grading import grade_folder

    folder = tmp_path / "submissions"
    saved_notebook(folder / "ada" / "04_rhetorical_devices.ipynb", "Ada", [headline_span()], "devices")
    report = grade_folder(folder, tmp_path / "out")
    text = (tmp_path / "out" / "gradebook.csv").read_text(encoding="utf-8")
    assert report is not None and "Ada" in text
    feedback = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "feedback").glob("*.md"))
    assert "Headline “Seven Hours of Weakness” — device matches" in feedback
    assert "point outside the article" not in (tmp_path / "out" / "flags.csv").read_text(encoding="utf-8")


def test_the_class_report_shows_the_headline_by_name(tmp_path: Path) -> None:
    from helpers.report.page import write_page
    from helpers.report.spans import SpanTally

    key = tuple(k for k in devices_key(SOCHI) or () if k.id == HEADLINE_ITEM)
    tally = SpanTally(SOCHI, key, ("loaded-language",))
    for _ in range(3):
        tally.add([headline_span()])
    assert [(t.found, t.agreed) for t in tally.items] == [(3, 3)]
    assert tally.shares()[0].max() == 1.0  # row 0 is the headline

    folder = tmp_path / "class"
    for name in ("Ada", "Grace", "Alan"):
        saved_notebook(folder / name.lower() / "04_rhetorical_devices.ipynb", name, [headline_span()], "devices")
    from helpers.report.build import report_folder

    page = write_page(report_folder(folder, SOCHI), tmp_path / "report").read_text(encoding="utf-8")
    assert ">Headline<" in page and ">Standfirst<" in page  # heat strip rows and table cells
    assert '<th scope="row">Headline</th>' in page  # the key items table
    assert "¶0" not in page and "¶-1" not in page and "paragraph 0" not in page


def test_the_printed_article_names_the_headline_and_standfirst(tmp_path: Path) -> None:
    from helpers.handouts import write_handouts

    written = {p.name: p.read_text(encoding="utf-8") for p in write_handouts(tmp_path, SOCHI, pdf=False)}
    article = next(text for name, text in written.items() if "article" in name)
    assert "<span class='n part'>Headline</span>John Kerry’s Seven Hours of Weakness in Russia" in article
    assert "<span class='n part'>Standfirst</span>" in article
    teacher = next(text for name, text in written.items() if "teacher" in name)
    assert "<td>Headline</td><td>“Seven Hours of Weakness”</td>" in teacher


def test_the_web_annotation_export_places_a_headline_span() -> None:
    from helpers.exports.jsonld import web_annotation_jsonld

    record = new_document("claims", "sochi-2015", [headline_span(label="opinion")])
    (annotation,) = web_annotation_jsonld(json.loads(json.dumps(record)), SOCHI)
    selectors = {s["type"]: s for s in annotation["target"]["selector"]}
    source = SOCHI.file("article.md").read_text(encoding="utf-8")
    position = selectors["TextPositionSelector"]
    assert source[position["start"] : position["end"]] == "Seven Hours of Weakness"


def test_the_students_chart_counts_the_headline_under_its_name() -> None:
    from helpers.case.taxonomy import load_claim_types
    from helpers.views.charts import counts_per_paragraph, plot_counts_per_paragraph

    labels = load_claim_types()
    records = [{"paragraph": 0, "label": "opinion"}, {"paragraph": 3, "label": "opinion"}]
    table = counts_per_paragraph(records, labels, len(SOCHI.paragraphs))
    assert list(table.index[:2]) == [0, 1] and table.loc[0, "Total"] == 1  # no dek row: nothing tagged there
    ticks = [t.get_text() for t in plot_counts_per_paragraph(table, labels, "Claims").axes[0].get_xticklabels()]
    assert ticks[:2] == ["Headline", "1"] and "0" not in ticks
    assert list(counts_per_paragraph(records[1:], labels, 3).index) == [1, 2, 3]  # as before without the headline
