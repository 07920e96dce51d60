"""python -m helpers handouts: printable article, who's-who and glossary card, question cards, teacher's answers."""

from pathlib import Path

from helpers.case import load_case
from helpers.cli import main
from helpers.handouts import write_handouts


def test_handouts_write_every_page_with_numbered_paragraphs(tmp_path: Path):
    written = write_handouts(tmp_path, load_case("sochi-2015"), pdf=False)
    assert sorted(p.name for p in written) == ["article.html", "question-cards.html", "teacher-answers.html",
                                               "who-and-glossary.html"]
    article = (tmp_path / "article.html").read_text(encoding="utf-8")
    assert '<span class="n">9</span>' in article and "Seven Hours of Weakness" in article
    card = (tmp_path / "who-and-glossary.html").read_text(encoding="utf-8")
    assert "Sergei Lavrov" in card and "Checkable fact" in card
    assert "The article says" in (tmp_path / "question-cards.html").read_text(encoding="utf-8")


def test_without_a_key_there_is_no_teacher_page(tmp_path: Path):
    import shutil

    case = tmp_path / "case"
    shutil.copytree(load_case("sochi-2015").path, case, ignore=shutil.ignore_patterns("key"))
    written = write_handouts(tmp_path / "out", load_case(case), pdf=False)
    assert "teacher-answers.html" not in {p.name for p in written}


def test_the_command_reports_what_it_wrote(tmp_path: Path, capsys):
    assert main(["handouts", "--out", str(tmp_path), "--no-pdf"]) == 0
    assert "article.html" in capsys.readouterr().out
