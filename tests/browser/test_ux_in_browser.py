"""No traps, undo, keyboard-only work, teacher switches: a student's and a teacher's view in a real browser.

Run All must reveal nothing and lock nothing; the hand-in is packed only on request and ends with a link
that downloads the zip; every activity works without a mouse; a class file changes what students see.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from jupyter_steps import badges, menu, open_and_run_all, wait_until_idle
from playwright.sync_api import Page, expect

from helpers.activities.checks import claims_to_check
from helpers.case import load_case
from helpers.record.store import read_autosave

CHECKER = ".mlkit-check"
ACCURATE = '.mlkit-check-verdict button[data-value="Accurate"]'
REASON = "Kerry's previous visit to Russia was to Moscow in May 2013, two years before Sochi."


def url_of(lab, workdir: Path, notebook: str, flavour: str) -> str:
    relative = f"{workdir.name}/{notebook}"
    return lab.lab(relative) if flavour == "lab" else lab.notebook7(relative)


def test_run_all_in_03_reveals_and_locks_nothing(lab, workdir: Path, page: Page):
    """Commit a verdict with the keyboard alone, Run All again: the key stays hidden and the answer open;
    only the "Check my work" button reveals it (and then locks it)."""
    open_and_run_all(page, url_of(lab, workdir, "03_check_the_timeline.ipynb", "lab"), "lab", widget=CHECKER)
    expect(page.locator(".mlkit-review-button")).to_be_visible()
    expect(page.locator(".mlkit-review-output")).to_have_text("")

    # keyboard only: the claims list, ↓ to the second claim, "a" for accurate, the reason, Enter on Commit
    page.locator(".mlkit-check-claims select").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator(CHECKER + " blockquote mark")).to_have_text(claims_to_check(load_case(), tags=[])[1].exact)
    page.keyboard.press("a")
    expect(page.locator(ACCURATE)).to_have_class(re.compile(r"\bmod-active\b"))
    page.locator(".mlkit-check-reason textarea").focus()
    page.keyboard.insert_text(REASON)
    page.locator(".mlkit-check-commit").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".mlkit-check-message")).to_contain_text("Committed")

    menu(page, "Run", "Run All Cells")
    page.locator(CHECKER).first.wait_for()
    wait_until_idle(page)
    page.locator(".mlkit-check-claims select").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".mlkit-check-reason textarea")).to_have_value(REASON)
    expect(page.locator(".mlkit-check-reason textarea")).to_be_enabled()
    expect(page.locator(".mlkit-check-key")).to_have_count(0)
    expect(page.locator(".mlkit-review-output")).to_have_text("")
    record = read_autosave(workdir / "kit-files" / "03_check_the_timeline.checks.answers.json")
    assert record and record["items"] and not any(item.get("key_shown_at") for item in record["items"])

    # the button, pressed from the keyboard, gives the feedback and locks the committed claim
    page.locator(".mlkit-review-button").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".mlkit-review-output")).not_to_have_text("", timeout=30_000)
    record = read_autosave(workdir / "kit-files" / "03_check_the_timeline.checks.answers.json")
    assert record and any(item.get("key_shown_at") for item in record["items"])


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_the_hand_in_is_packed_only_when_asked_and_downloads(flavour: str, lab, workdir: Path, page: Page):
    open_and_run_all(page, url_of(lab, workdir, "05_wrap_up.ipynb", flavour), flavour, widget=".mlkit-pack")
    assert not list(workdir.glob("kit-files/*.zip")), "Run All packed the hand-in"
    page.locator(".mlkit-pack-button").click()
    expect(page.locator(".mlkit-pack-wait")).to_contain_text("Not packed yet")
    assert not list(workdir.glob("kit-files/*.zip"))
    page.locator(".mlkit-pack-anyway").click()
    link = page.locator("a.mlkit-download")
    expect(link).to_be_visible(timeout=30_000)
    href = link.get_attribute("href") or ""
    assert "/files/" in href and urlparse(href).path.endswith("/kit-files/submission-student.zip"), href
    response = page.request.get(href if href.startswith("http") else lab.url + href)
    assert response.ok and response.body()[:2] == b"PK"
    assert (workdir / "kit-files" / "submission-student.zip").is_file()


def test_keyboard_tag_relabel_undo_and_redo(lab, workdir: Path, page: Page):
    open_and_run_all(page, url_of(lab, workdir, "02_tag_claims.ipynb", "lab"), "lab")
    article = page.locator(".mlkit-hl-article")
    article.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("f")  # checkable fact
    expect(page.locator(".mlkit-hl-count")).to_have_text("1 tag so far.")
    assert badges(page) == ["Checkable fact"]

    # relabel from the menu: Enter opens it on the sentence's tag; ↓ to "Quoted…", Enter
    page.keyboard.press("Enter")
    expect(page.locator(".mlkit-hl-menu [role=menu]")).to_be_visible()
    expect(page.locator(".mlkit-hl-menu [aria-pressed]")).to_have_count(0)
    expect(page.locator('.mlkit-hl-menu [role=menuitemradio][aria-checked="true"]')).to_have_text(
        re.compile("Checkable fact"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("mark.mlkit-hl-end")).to_have_attribute("data-badge", "Quoted or attributed claim")

    page.keyboard.press("Control+z")
    expect(page.locator("mark.mlkit-hl-end")).to_have_attribute("data-badge", "Checkable fact")
    page.keyboard.press("Control+z")
    expect(page.locator(".mlkit-hl-count")).to_have_text("0 tags so far.")
    page.keyboard.press("Control+Shift+z")
    expect(page.locator(".mlkit-hl-count")).to_have_text("1 tag so far.")
    page.locator(".mlkit-hl-undo").click()
    expect(page.locator(".mlkit-hl-count")).to_have_text("0 tags so far.")
    page.locator(".mlkit-hl-redo").click()
    expect(page.locator(".mlkit-hl-count")).to_have_text("1 tag so far.")
    expect(page.locator(".mlkit-hl-status")).to_contain_text("1 tagged claim saved")
    saved = read_autosave(workdir / "kit-files" / "02_tag_claims.claims.answers.json")
    assert saved and [item["labels"] for item in saved["items"]] == [["checkable-fact"]]


def test_select_a_span_without_dragging(lab, workdir: Path, page: Page):
    """WCAG 2.5.7: click the first word, then the last; the menu opens for the words between."""
    open_and_run_all(page, url_of(lab, workdir, "02_tag_claims.ipynb", "lab"), "lab")
    body = page.locator('.mlkit-hl-text[data-paragraph="2"]')
    body.scroll_into_view_if_needed()

    def click_word(word: str) -> None:
        box = page.evaluate(
            """([word]) => {
              const body = document.querySelector('.mlkit-hl-text[data-paragraph="2"]');
              const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
              let node;
              while ((node = walker.nextNode())) {
                const at = node.data.indexOf(word);
                if (at >= 0) {
                  const r = document.createRange(); r.setStart(node, at + 1); r.setEnd(node, at + 2);
                  const b = r.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2};
                }
              }
              throw new Error("not found: " + word);
            }""", [word])
        page.mouse.click(box["x"], box["y"])

    click_word("nothing")
    expect(page.locator(".mlkit-hl-start")).to_have_text("nothing")
    click_word("accomplished")
    expect(page.locator(".mlkit-hl-menu-title")).to_have_text("Tag: “nothing was accomplished”")
    page.locator(".mlkit-hl-menu button", has_text="Opinion or judgement").click()
    assert badges(page) == ["Opinion or judgement"]


def test_device_menu_fits_is_searchable_and_keyboard_only(lab, workdir: Path, page: Page):
    open_and_run_all(page, url_of(lab, workdir, "04_rhetorical_devices.ipynb", "lab"), "lab")
    page.locator(".mlkit-hl-article").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    search = page.locator(".mlkit-hl-search")
    expect(search).to_be_focused()
    first_group = page.locator(".mlkit-hl-menu-group").first
    expect(first_group).to_have_text("Most used")
    box = page.locator(".mlkit-hl-menu").bounding_box()
    assert box and box["y"] + box["height"] <= page.viewport_size["height"] + 1, box
    page.keyboard.type("loaded")
    expect(page.locator(".mlkit-hl-menu button[data-label]:visible")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.locator("mark.mlkit-hl-end")).to_have_attribute("data-badge", "Loaded language")
    page.keyboard.press("Control+z")
    expect(page.locator(".mlkit-hl-count")).to_have_text("0 tags so far.")


def test_teacher_switches_shorten_the_activities(lab, workdir: Path, page: Page):
    (workdir / "class.yaml").write_text(
        "paragraphs: [1, 5]\ndevices: [loaded-language, doubt]\nskip: [loaded-words]\n", encoding="utf-8")
    open_and_run_all(page, url_of(lab, workdir, "04_rhetorical_devices.ipynb", "lab"), "lab")
    expect(page.locator(".mlkit-hl-para")).to_have_count(2)
    expect(page.locator(".mlkit-hl-note")).to_contain_text("paragraphs 1 and 5")
    expect(page.locator(".mlkit-left-out").first).to_be_visible()
    page.locator(".mlkit-hl-article").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator(".mlkit-hl-menu button[data-label]")).to_have_count(2)
