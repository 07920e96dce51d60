"""A student tags claims in notebook 02 in a real browser; the answers survive a restart and grade.

The same flow runs in JupyterLab and in Notebook 7.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jupyter_steps import (
    badges,
    choose_label,
    grade_handed_in,
    open_and_run_all,
    restart_and_run_all,
    save,
    select_with_mouse,
)
from playwright.sync_api import Page, expect

from helpers.case import load_case


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_tag_restart_save_and_grade(flavour: str, lab, workdir: Path, page: Page, tmp_path: Path):
    relative = f"{workdir.name}/02_tag_claims.ipynb"
    url = lab.lab(relative) if flavour == "lab" else lab.notebook7(relative)
    open_and_run_all(page, url, flavour)

    # claims with the mouse; the second follows the first at once in the same paragraph, while the
    # kernel is still echoing the first tag back (a redraw then used to move the selection)
    for paragraph, quote, label in [
        (1, "met for seven hours with President Vladimir Putin", "Checkable fact"),
        (1, "the first in two years", "Checkable fact"),
        (2, "nothing was accomplished", "Opinion or judgement"),
    ]:
        select_with_mouse(page, paragraph, quote)
        expect(page.locator(".mlkit-hl-menu-title")).to_have_text(f"Tag: “{quote}”")
        choose_label(page, label)

    # one with the keyboard: paragraph 8's second sentence is the Trenin quotation
    article = page.locator(".mlkit-hl-article")
    article.focus()
    case = load_case("sochi-2015")
    # the first press lands on the headline's one sentence; the standfirst follows, then paragraph 1
    presses = sum(len(p.sentences) for p in (*case.parts(), *case.paragraphs[:7])) + 2
    for _ in range(presses):
        page.keyboard.press("ArrowDown")
    expect(page.locator(".mlkit-hl-focus").first).to_contain_text("For Putin, this is a mark of respect")
    page.keyboard.press("q")

    expect(page.locator(".mlkit-hl-count")).to_have_text("4 tags so far.")
    # the widget must not have been folded into a scroll box by the front end (Notebook 7 does that to
    # outputs taller than ~1,800 px when they change)
    expect(page.locator(".jp-CodeCell.jp-mod-outputsScrolled")).to_have_count(0)
    assert badges(page) == ["Checkable fact", "Checkable fact", "Opinion or judgement", "Quoted or attributed claim"]
    expect(page.locator(".mlkit-hl-status")).to_contain_text("saved to disk")

    restart_and_run_all(page)
    expect(page.locator(".mlkit-hl-count")).to_have_text("4 tags so far.")
    assert badges(page) == ["Checkable fact", "Checkable fact", "Opinion or judgement", "Quoted or attributed claim"]
    expect(page.locator(".mlkit-hl-status")).to_contain_text("Restored 4 answers")

    expect(page.locator(".mlkit-hl-status")).to_contain_text("Not yet in the notebook file")
    save(page, relative)
    # the kernel notices the saved file now holds the latest answers, and says so
    expect(page.locator(".mlkit-hl-status")).to_contain_text("the notebook file holds them too", timeout=10_000)

    # The saved notebook alone is enough: grade a copy with no autosave beside it.
    row, report = grade_handed_in(workdir / "02_tag_claims.ipynb", tmp_path)
    assert row["answers_from"] == "notebook"
    assert row["claims_tags"] == "4"
    assert float(row["claims_precision"]) > 0.5
    assert report.errors == 0
