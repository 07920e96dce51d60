"""The headline and standfirst in a real browser: named rows in the highlighters of 02 and 04, tagged with the
mouse, with clicks (no dragging) and with the keyboard, saved in the notebook and graded from it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ARTIFACTS
from jupyter_steps import badges, choose_label, grade_handed_in, open_and_run_all, save, select_with_mouse
from playwright.sync_api import Page, expect

WIDTH = 1024  # a school laptop


def shoot(page: Page, name: str) -> None:
    """A screenshot of the top of the highlighter (headline, standfirst, byline, paragraph 1) at 1024 px."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".mlkit-hl-article").first.evaluate("e => { e.scrollTop = 0; e.scrollIntoView({block: 'start'}); }")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_tag_the_headline_and_standfirst_in_04_save_and_grade(lab, workdir: Path, page: Page, tmp_path: Path):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    relative = f"{workdir.name}/04_rhetorical_devices.ipynb"
    open_and_run_all(page, lab.lab(relative), "lab")
    expect(page.locator(".mlkit-hl-headline .mlkit-hl-partname")).to_have_text("Headline")
    expect(page.locator(".mlkit-hl-dek .mlkit-hl-partname")).to_have_text("Standfirst")
    headline = page.locator(".mlkit-hl-headline .mlkit-hl-text")
    expect(headline).to_have_text("John Kerry’s Seven Hours of Weakness in Russia")

    # the headline with the mouse
    select_with_mouse(page, 0, "Seven Hours of Weakness")
    expect(page.locator(".mlkit-hl-menu-title")).to_have_text("Tag: “Seven Hours of Weakness”")
    choose_label(page, "Loaded language")

    # the standfirst without dragging: click the first word, then the last
    dek = page.locator('.mlkit-hl-text[data-paragraph="-1"]')
    dek.get_by_text("with the same results").first.wait_for()
    for word in ("with", "results"):
        box = page.evaluate(
            """(word) => {
              const body = document.querySelector('.mlkit-hl-text[data-paragraph="-1"]');
              const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
              let node;
              while ((node = walker.nextNode()) && !node.data.includes(word));  // each word occurs once there
              const at = node.data.indexOf(word);
              const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + word.length);
              const b = r.getClientRects()[0];
              return {x: b.left + b.width / 2, y: b.top + b.height / 2};
            }""", word)
        page.mouse.click(box["x"], box["y"])
    expect(page.locator(".mlkit-hl-menu-title")).to_have_text("Tag: “with the same results”")
    choose_label(page, "Sarcasm or irony")

    assert badges(page) == ["Loaded language", "Sarcasm or irony"]
    expect(page.locator(".mlkit-hl-status")).to_contain_text("saved to disk")
    shoot(page, "headline-04-1024")
    save(page, relative)

    autosave = workdir / "kit-files" / "04_rhetorical_devices.devices.answers.json"
    saved = json.loads(autosave.read_text(encoding="utf-8"))
    assert sorted((i["target"]["paragraph"], i["target"]["exact"]) for i in saved["items"]) == [
        (-1, "with the same results"), (0, "Seven Hours of Weakness")]
    row, report = grade_handed_in(workdir / "04_rhetorical_devices.ipynb", tmp_path)
    assert report.errors == 0 and row["answers_from"] == "notebook"
    assert row["devices_tags"] == "2" and row["devices_off_key"] == "0"
    assert row["devices_other_found"] == "2"  # both are key items of the Sochi key (not core ones)
    feedback = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "grades" / "feedback").glob("*.md"))
    assert "Headline “Seven Hours of Weakness” — device matches" in feedback
    assert "Standfirst “with the same results” — device matches" in feedback


def test_tag_the_headline_in_02_with_the_keyboard(lab, workdir: Path, page: Page):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    relative = f"{workdir.name}/02_tag_claims.ipynb"
    open_and_run_all(page, lab.lab(relative), "lab")
    page.locator(".mlkit-hl-article").focus()
    page.keyboard.press("ArrowDown")  # the first sentence is the headline
    expect(page.locator(".mlkit-hl-focus").first).to_have_text("John Kerry’s Seven Hours of Weakness in Russia")
    page.keyboard.press("o")  # opinion or judgement
    assert badges(page) == ["Opinion or judgement"]
    expect(page.locator(".mlkit-hl-status")).to_contain_text("saved to disk")
    shoot(page, "headline-02-1024")
    save(page, relative)
    saved = json.loads((workdir / "kit-files" / "02_tag_claims.claims.answers.json").read_text(encoding="utf-8"))
    assert [(i["target"]["paragraph"], i["labels"]) for i in saved["items"]] == [(0, ["opinion"])]
