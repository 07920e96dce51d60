"""A student release carries everything but the answer keys."""

from pathlib import Path

import pytest

from helpers.release import make_release


def test_release_has_notebooks_and_cases_but_no_keys(tmp_path: Path):
    out = make_release(tmp_path / "student")
    assert (out / "notebooks" / "02_tag_claims.ipynb").is_file()
    assert (out / "lessons" / "cases" / "sochi-2015" / "article.md").is_file()
    assert not list(out.rglob("key"))
    assert not list(out.rglob("claims.csv"))


def test_release_refuses_to_overwrite_without_force(tmp_path: Path):
    make_release(tmp_path / "student")
    with pytest.raises(FileExistsError):
        make_release(tmp_path / "student")
    make_release(tmp_path / "student", force=True)


def yaml_load(path: Path):
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_release_withholds_plans_guides_and_verdict_examples(tmp_path: Path):
    out = make_release(tmp_path / "student")
    plan = (out / "lessons" / "plans" / "03_check_the_timeline.md").read_text(encoding="utf-8")
    assert "part of the instructor copy" in plan and "mostly-accurate" not in plan
    assert not list(out.rglob("guide.md")) and not list(out.rglob("plans.md"))
    teaching = yaml_load(out / "lessons" / "cases" / "sochi-2015" / "teaching.yaml")
    assert "verdicts" not in teaching["examples"] and "devices" in teaching["examples"]
    import yaml

    verdicts = yaml.safe_load((out / "lessons" / "taxonomy" / "verdicts.yaml").read_text(encoding="utf-8"))
    assert all("example" not in v for v in verdicts["verdicts"])
    assert all("truthfulness" in v for v in verdicts["verdicts"])  # the scale itself stays


def test_release_leaves_out_the_pre_post_items_and_their_verdicts(tmp_path: Path):
    assert (Path(__file__).resolve().parent.parent / "lessons" / "cases" / "sochi-2015" / "prepost.csv").is_file()
    out = make_release(tmp_path / "student")
    assert not list(out.rglob("prepost.csv"))


def test_release_ships_the_pre_post_statements_and_no_answer_to_them(tmp_path: Path):
    from helpers.case import load_case
    from helpers.case.prepost import load_items, load_statements
    from helpers.widgets.prepost import PrePostCheck

    bank = load_items(load_case("sochi-2015"))
    assert bank is not None and len(bank) == 20
    out = make_release(tmp_path / "student")
    released = load_case(out / "lessons" / "cases" / "sochi-2015")
    statements = load_statements(released)
    assert statements is not None
    assert [(i.id, i.form, i.statement) for i in statements] == [(i.id, i.form, i.statement) for i in bank]
    assert {(i.verdict, i.explanation, i.event_ids, i.source_ids, i.difficulty) for i in statements} == {
        ("", "", (), (), "")}
    # grep the whole release: no explanation travels, and the item ids appear only in the statements file
    # (the timeline may state the same facts: it is what students check against)
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file()}
    for item in bank:
        leaks = [str(p.relative_to(out)) for p, text in texts.items() if item.explanation in text]
        assert not leaks, f"{item.id}'s explanation is in {leaks}"
        holders = [str(p.relative_to(out)) for p, text in texts.items() if item.id in text]
        assert holders == ["lessons/cases/sochi-2015/prepost_statements.csv"], holders
    header = (out / "lessons" / "cases" / "sochi-2015" / "prepost_statements.csv").read_text(encoding="utf-8")
    assert header.splitlines()[0] == "id,form,statement"
    assert not any(line.rstrip().endswith((",sound", ",flawed")) for line in header.splitlines())
    # the widget in the release shows the statements, and its synced state holds no answer
    check = PrePostCheck("post", released)
    assert [s["text"] for s in check.widget.statements] == [i.statement for i in bank if i.form == "post"]
    state = str(check.widget.get_state())
    assert all(item.explanation[:40] not in state for item in bank)


def test_release_case_passes_check_case(tmp_path: Path):
    from helpers.case.check import find_problems

    out = make_release(tmp_path / "student")
    assert find_problems(out / "lessons" / "cases" / "sochi-2015") == []


def test_release_notebooks_run_without_keys_on_a_fresh_kernel(tmp_path: Path):
    """Classroom use: the student copy's notebooks run top to bottom, against the copy's own files."""
    import os

    import nbformat
    from nbclient import NotebookClient

    out = make_release(tmp_path / "student")
    env_before = dict(os.environ)
    os.environ["PYTHONPATH"] = str(out)  # the kernel imports the release's helpers, as an install there would
    try:
        for name in ("02_tag_claims", "03_check_the_timeline"):
            notebook = nbformat.read(out / "notebooks" / f"{name}.ipynb", as_version=4)
            NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(out / "notebooks")}}).execute()
            text = "\n".join(
                str(output.get("data", {}).get("text/markdown", "")) + str(output.get("text", ""))
                for cell in notebook.cells
                for output in cell.get("outputs", [])
            )
            # Run All gives no feedback: "check my work" is a button, which says the key is absent
            assert "Claims you did not tag" not in text and "Locked" not in text
    finally:
        os.environ.clear()
        os.environ.update(env_before)


def test_release_of_one_case_ships_only_it_and_introduces_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import shutil

    import helpers.release as release

    # a kit with two cases: the real one and the tests' second case
    kit = tmp_path / "kit"
    for name in release.INCLUDE:
        source = release.ROOT / name
        if source.is_dir():
            shutil.copytree(source, kit / name, ignore=release.IGNORE)
        elif source.is_file():
            shutil.copy2(source, kit / name)
    second = release.ROOT / "tests" / "fixtures" / "cases" / "millbrook-library"
    shutil.copytree(second, kit / "lessons" / "cases" / second.name)
    monkeypatch.setattr(release, "ROOT", kit)
    out = release.make_release(tmp_path / "student", case="millbrook-library")
    assert sorted(p.name for p in (out / "lessons" / "cases").iterdir()) == ["millbrook-library"]
    assert "case: millbrook-library" in (out / "lessons" / "kit.yaml").read_text(encoding="utf-8")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "*“The Council’s Cowardly Raid on Our Libraries”* by Pat Morgan" in readme
    assert "Kerry" not in readme and "sochi" not in readme.lower()
    assert (out / "lessons" / "cases" / "millbrook-library" / "claims_to_check.csv").is_file()
    assert not list(out.rglob("key"))


def test_release_refuses_an_unknown_case(tmp_path: Path):
    from helpers.case import CaseError

    with pytest.raises(CaseError):
        make_release(tmp_path / "student", case="no-such-case")
