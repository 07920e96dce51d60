"""The teacher's commands: new-case (article → case folder), use-case (switch the kit), release --case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from helpers.case.check import find_problems
from helpers.case.new import article_markdown, new_case
from helpers.cli import main

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "tests" / "fixtures" / "cases" / "millbrook-library"

PLAIN = """The Duty of the Hour

By A. Writer

The first paragraph
wraps over two lines.

The second paragraph.

---

A. Writer teaches history.
"""


def test_article_markdown_lays_out_a_plain_text_article() -> None:
    text, headline, author = article_markdown(PLAIN)
    assert (headline, author) == ("The Duty of the Hour", "A. Writer")
    assert text == ("# The Duty of the Hour\n\nThe first paragraph wraps over two lines.\n\nThe second paragraph.\n\n"
                    "---\n\nA. Writer teaches history.\n")


def test_article_markdown_keeps_a_markdown_dek() -> None:
    text, headline, _ = article_markdown("# Head\n\n> The dek\n\nBody one.\n")
    assert text == "# Head\n\n> The dek\n\nBody one.\n" and headline == "Head"


def test_new_case_writes_every_file_and_check_case_lists_only_the_todos(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(PLAIN, encoding="utf-8")
    folder = new_case("duty-1898", article, tmp_path / "cases")
    for name in ("article.md", "case.yaml", "teaching.yaml", "guide.md", "sources.csv", "timeline.csv",
                 "key/claims.csv", "key/devices.csv"):
        assert (folder / name).is_file(), name
    assert (folder / "key" / "claims.csv").read_text(encoding="utf-8").strip().endswith(",explanation,core")
    meta = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    assert meta["id"] == "duty-1898" and meta["author"] == "A. Writer" and meta["title"] == "The Duty of the Hour"
    problems = [str(p) for p in find_problems(folder)]
    assert problems == ["case.yaml: the field 'outlet' still says TODO: fill it in",
                        "case.yaml: the field 'published' still says TODO: fill it in",
                        "case.yaml: the field 'rights_note' still says TODO: fill it in or empty it"]


def test_new_case_refuses_an_existing_folder_and_a_bad_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(PLAIN, encoding="utf-8")
    assert main(["new-case", "Bad_Id", "--article", str(article), "--cases-dir", str(tmp_path)]) == 2
    assert main(["new-case", "ok", "--article", str(article), "--cases-dir", str(tmp_path)]) == 0
    assert main(["new-case", "ok", "--article", str(article), "--cases-dir", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    """A lessons folder with two cases and a kit.yaml naming the first."""
    lessons = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons" / "cases" / "sochi-2015", lessons / "cases" / "sochi-2015")
    shutil.copytree(SECOND, lessons / "cases" / SECOND.name)
    shutil.copytree(ROOT / "lessons" / "taxonomy", lessons / "taxonomy")
    (lessons / "kit.yaml").write_text("# which case\ncase: sochi-2015\n", encoding="utf-8")
    return lessons


def test_use_case_switches_the_kit_and_says_what_changed(kit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["use-case", SECOND.name, "--lessons-dir", str(kit)]) == 0
    out = capsys.readouterr().out
    assert "now teaches millbrook-library: “The Council’s Cowardly Raid on Our Libraries” by Pat Morgan" in out
    assert "case: sochi-2015 → millbrook-library" in out
    assert (kit / "kit.yaml").read_text(encoding="utf-8") == "# which case\ncase: millbrook-library\n"
    assert main(["use-case", SECOND.name, "--lessons-dir", str(kit)]) == 0
    assert "Nothing changed" in capsys.readouterr().out


def test_use_case_refuses_a_broken_case(kit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case_yaml = kit / "cases" / SECOND.name / "case.yaml"
    case_yaml.write_text(case_yaml.read_text(encoding="utf-8").replace("author: Pat Morgan\n", ""), encoding="utf-8")
    assert main(["use-case", SECOND.name, "--lessons-dir", str(kit)]) == 1
    captured = capsys.readouterr()
    assert "the field 'author' is missing" in captured.out and "still teaches its current case" in captured.err
    assert "case: sochi-2015" in (kit / "kit.yaml").read_text(encoding="utf-8")


def test_use_case_names_the_cases_there_are(kit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["use-case", "nowhere", "--lessons-dir", str(kit)]) == 2
    assert "millbrook-library, sochi-2015" in capsys.readouterr().err


def test_the_kit_reads_its_case_from_kit_yaml_unless_mlkit_case_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.case import current_case_id, load_case

    monkeypatch.delenv("MLKIT_CASE", raising=False)
    named = yaml.safe_load((ROOT / "lessons" / "kit.yaml").read_text(encoding="utf-8"))["case"]
    assert current_case_id() == named
    monkeypatch.setenv("MLKIT_CASE", str(SECOND))
    assert load_case().id == "millbrook-library"


def test_no_notebook_names_a_case() -> None:
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        text = notebook.read_text(encoding="utf-8")
        assert "load_case(\"" not in text and "load_case('" not in text, notebook.name
        assert "sochi" not in text.lower(), notebook.name
