"""The quick check before the lessons (notebook 00) in JupyterLab and Notebook 7, by keyboard alone: a student rates
two statements with Tab, Space and the arrow keys, sees where the focus is, saves, restarts the kernel, and finds
both restored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from jupyter_steps import open_and_run_all, restart_and_run_all, save
from playwright.sync_api import Page, expect

from helpers.activities.prepost import form_items
from helpers.case import load_case
from helpers.record import find_in_notebook

WIDGET = ".mlkit-pp-list"
SHOTS = Path(os.environ.get("MLKIT_SCREENSHOTS", "/tmp"))
PRE = form_items(load_case("sochi-2015"), "pre")


def checked(page: Page, number: int) -> list[str]:
    """The labels of the checked choices of statement ``number`` (1-based)."""
    item = page.locator(".mlkit-pp-item").nth(number - 1)
    return item.locator("label.mlkit-pp-choice:has(input:checked)").all_inner_texts()


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_two_statements_rated_by_keyboard_survive_a_restart(flavour: str, lab, workdir: Path, page: Page):
    relative = f"{workdir.name}/00_welcome.ipynb"
    open_and_run_all(page, lab.lab(relative) if flavour == "lab" else lab.notebook7(relative), flavour, widget=WIDGET)
    first = page.locator(".mlkit-pp-item").first
    expect(first.locator(".mlkit-pp-statement")).to_contain_text(PRE[0].statement)
    expect(page.locator(".mlkit-pp")).not_to_contain_text(PRE[0].explanation[:40])  # statements only
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, context={"include": [[".mlkit-pp"]]}, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}, "resultTypes": ["violations"]})
    assert found.response.get("violations", []) == []
    assert first.locator("fieldset legend").all_inner_texts() == ["Sound or flawed?", "How sure are you?"]

    # Statement 1: Space picks "Sound", → moves to "Flawed"; Tab to "How sure?", Space, → "Fairly sure".
    first.locator("input[value=sound]").focus()
    for key in ("Space", "ArrowRight", "Tab", "Space", "ArrowRight"):
        page.keyboard.press(key)
    focused = first.locator("label.mlkit-pp-choice:has(input:focus-visible)")
    expect(focused).to_have_text("Fairly sure")
    assert focused.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # a visible focus ring
    # Statement 2: Tab to its "Sound or flawed?", Space = "Sound"; Tab, → → = "Very sure".
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    status = page.locator(".mlkit-pp-status")
    expect(status).to_contain_text("2 of 10 statements rated saved to disk")
    expect(page.locator(".mlkit-pp-unsaved")).to_be_empty()  # the kernel confirmed both
    assert checked(page, 1) == ["Flawed", "Fairly sure"]
    assert checked(page, 2) == ["Sound", "Very sure"]

    page.set_viewport_size({"width": 1024, "height": 1400})
    page.locator(".mlkit-pp").scroll_into_view_if_needed()
    page.locator(".mlkit-pp").screenshot(path=str(SHOTS / f"mlkit-prepost-widget-{flavour}-1024.png"))
    page.set_viewport_size({"width": 1280, "height": 1000})

    save(page, relative)
    expect(status).to_contain_text("holds them too")
    restart_and_run_all(page, widget=WIDGET)
    expect(page.locator(".mlkit-pp-status")).to_contain_text("Restored 2 answers")
    assert checked(page, 1) == ["Flawed", "Fairly sure"]
    assert checked(page, 2) == ["Sound", "Very sure"]
    assert checked(page, 3) == []

    saved = find_in_notebook(json.loads((workdir / "00_welcome.ipynb").read_text(encoding="utf-8")), "pre-check")
    assert saved is not None
    assert sorted((i["id"], i["verdict"], i["confidence"]) for i in saved["items"]) == sorted(
        [(PRE[0].id, "flawed", 0.7), (PRE[1].id, "sound", 0.9)])
