"""Loading a case: numbered paragraphs, sentences, offsets, and clear errors naming file and line."""

import re
import shutil
from pathlib import Path

import pytest
from factories import SOCHI

from helpers.case import CaseError, load_case, split_sentences
from helpers.case.files import read_csv


def test_sochi_has_twelve_numbered_body_paragraphs():
    case = load_case("sochi-2015")
    assert [p.number for p in case.paragraphs] == list(range(1, 13))
    assert case.paragraph(1).text.startswith("Last week, Secretary of State John Kerry")
    assert case.paragraph(12).text.endswith("But it was not to be.")


def test_headline_dek_and_author_note_are_not_body_paragraphs():
    case = load_case("sochi-2015")
    assert case.headline == "John Kerry’s Seven Hours of Weakness in Russia"
    assert case.dek.startswith("Re-setting the")
    assert case.author_note.startswith("Christopher S. Carson, a lawyer")
    assert all("Freedom Center pamphlets" not in p.text for p in case.paragraphs)


def test_site_furniture_is_left_out_of_the_text():
    case = load_case("sochi-2015")
    assert "/sites/default/files" not in case.paragraph(1).text
    assert "Kindle" not in case.author_note


def test_sentences_do_not_split_on_titles_or_initials():
    spans = split_sentences("Maybe it was too embarrassing for Sec. Kerry: yes. Mr. Putin, too.")
    assert len(spans) == 2


def test_paragraph_six_has_three_sentences_with_exact_offsets():
    para = load_case("sochi-2015").paragraph(6)
    assert len(para.sentences) == 3
    start, end = para.sentences[1]
    assert para.text[start:end].startswith("Maybe it was too embarrassing for Sec. Kerry")
    assert para.text[start:end].endswith("“red-line.”")


def test_locate_forgives_straight_quotes():
    case = load_case("sochi-2015")
    where = case.locate('"no substitute" for direct talks', 7)
    assert where.paragraph == 7
    assert case.paragraph(7).text[where.start : where.end] == "“no substitute” for direct talks"


def test_locate_rejects_an_ambiguous_quote():
    with pytest.raises(KeyError, match="occurs"):
        load_case("sochi-2015").locate("Kerry")


def test_unknown_case_is_a_clear_error():
    with pytest.raises(CaseError, match="no case called"):
        load_case("no-such-case")


def test_broken_yaml_names_file_and_line(tmp_path: Path):
    folder = tmp_path / "broken"
    shutil.copytree(SOCHI, folder)
    (folder / "case.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"case\.yaml:\d+"):
        load_case(folder)


def test_missing_article_is_named(tmp_path: Path):
    folder = tmp_path / "noarticle"
    shutil.copytree(SOCHI, folder)
    (folder / "article.md").unlink()
    with pytest.raises(CaseError, match=r"article\.md: file is missing"):
        load_case(folder)


def test_csv_rows_carry_their_line_numbers(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text('id,name\na,1\nb,"two\nlines"\nc,3\n', encoding="utf-8")
    rows = read_csv(path)
    assert [r["_line"] for r in rows] == ["2", "4", "5"]


def test_csv_missing_column_is_named(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text("name\nx\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"t\.csv:1: missing column\(s\) id"):
        read_csv(path)


def test_a_wrapped_paragraph_is_one_paragraph_for_the_notebooks_and_check_case(tmp_path: Path):
    from helpers.case.check import _paragraphs, _Report

    folder = tmp_path / "wrapped"
    shutil.copytree(SOCHI, folder)
    article = folder / "article.md"
    text = article.read_text(encoding="utf-8")
    wrapped = re.sub(r"(Sergei Lavrov\.)\s+(The purpose)", "\\1\n\\2", text, count=1)
    assert wrapped != text
    article.write_text(wrapped, encoding="utf-8")
    case = load_case(folder)
    assert len(case.paragraphs) == 12
    assert case.paragraph(1).text.startswith("Last week") and "Sergei Lavrov. The purpose" in case.paragraph(1).text
    assert _paragraphs(article, _Report()) == [p.text for p in case.paragraphs]


def test_the_published_text_is_kept_exactly_when_not_wrapped():
    # double spaces and no-break spaces as published survive loading
    assert "accomplished.\u00a0 The joint" in load_case("sochi-2015").paragraph(2).text


def test_a_grading_run_reads_each_key_once_and_a_session_sees_an_edit(tmp_path: Path):
    from helpers.case.key import claims_key, keys_read_once

    folder = tmp_path / "sochi-2015"
    shutil.copytree(SOCHI, folder)
    case = load_case(folder)
    key_file = folder / "key" / "claims.csv"
    whole = claims_key(case)
    assert whole
    with keys_read_once():
        assert claims_key(case) is claims_key(case)
        key_file.unlink()
        assert claims_key(case) is not None  # the run goes on with the key it started with
    assert claims_key(case) is None  # outside a run, the file is looked at again
