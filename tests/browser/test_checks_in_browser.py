"""A student checks a claim in notebook 03 in JupyterLab: links an event, gives a verdict and a reason,
commits; the answer survives a kernel restart, the key is shown after the commit, and the saved notebook grades.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest
from jupyter_steps import grade_handed_in, open_and_run_all, restart_and_run_all
from playwright.sync_api import Page, expect

from helpers.activities.checks import claims_to_check
from helpers.case import load_case
from helpers.case.timeline import filter_events, load_timeline

WIDGET = ".mlkit-check"
EVENT = "e-2015-05-12-kerry-no-substitute"
REASON = "AP quoted these words from Kerry's press conference in Sochi on 12 May 2015."
# With nothing tagged in 02, the checker offers the claims the assignment asks for; the fourth is Kerry's
# "important visit" quotation (accurate, the key says).
TARGET = "c-07-important-visit"
CLAIMS = claims_to_check(load_case("sochi-2015"), tags=[])
STEPS = [c.id for c in CLAIMS].index(TARGET)
ACCURATE = '.mlkit-check-verdict button[data-value="Accurate"]'
SHOTS = Path(os.environ.get("MLKIT_SCREENSHOTS", "/tmp"))


def choose_second_claim(page: Page) -> None:
    """Move to the "important visit" claim in the list with the keyboard, as a student would."""
    claims = page.locator(".mlkit-check-claims select")
    claims.focus()
    for _ in range(STEPS):
        page.keyboard.press("ArrowDown")
    expect(page.locator(WIDGET + " blockquote mark")).to_have_text(CLAIMS[STEPS].exact)


def screenshot(page: Page, name: str) -> None:
    """The whole widget, in a window tall enough to show it all (JupyterLab scrolls its own panel)."""
    page.set_viewport_size({"width": 1280, "height": 3000})
    page.locator(WIDGET).scroll_into_view_if_needed()
    page.locator(WIDGET).screenshot(path=str(SHOTS / name))
    page.set_viewport_size({"width": 1280, "height": 1000})


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_check_restart_save_and_grade(flavour: str, lab, workdir: Path, page: Page, tmp_path: Path):
    relative = f"{workdir.name}/03_check_the_timeline.ipynb"
    url = lab.lab(relative) if flavour == "lab" else lab.notebook7(relative)
    open_and_run_all(page, url, flavour, widget=WIDGET)
    choose_second_claim(page)

    # find the event by filtering, link it and say what it does
    page.locator(WIDGET).get_by_placeholder("e.g. sanctions, Minsk, S-300").fill("substitute")
    shown = len(filter_events(load_timeline(load_case("sochi-2015")), words="substitute"))
    expect(page.locator(WIDGET).get_by_text(f"Showing {shown} of")).to_be_visible()
    row = page.locator(".widget-hbox", has=page.locator(f".mlkit-event-{EVENT}"))
    row.locator("input[type=checkbox]").check()
    row.locator(".mlkit-check-role select").select_option(label="supports the claim")
    expect(page.locator(".mlkit-check-linked")).to_contain_text("Kerry no substitute (supports the claim)")

    # the verdict by its letter (a = accurate); committing without a reason is refused, with a message
    page.locator(".mlkit-check-claims select").focus()
    page.keyboard.press("a")
    expect(page.locator(ACCURATE)).to_have_class(re.compile(r"\bmod-active\b"))
    page.locator(".mlkit-check-commit").click()
    expect(page.locator(".mlkit-check-message")).to_contain_text("Write your reason first")

    page.locator(".mlkit-check-confidence .noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.locator(".mlkit-check-reason textarea").fill(REASON)
    page.locator(".mlkit-check-commit").click()
    expect(page.locator(".mlkit-check-message")).to_contain_text("Committed")
    expect(page.locator(".mlkit-check-status")).to_contain_text(re.compile("saved to disk", re.IGNORECASE))
    expect(page.locator(".mlkit-check-progress")).to_contain_text("1 of")
    screenshot(page, "mlkit-check-widget.png")

    # Run All reveals nothing and locks nothing: "check my work" is a button now
    restart_and_run_all(page, widget=WIDGET)
    expect(page.locator(".mlkit-check-progress")).to_contain_text("1 of")
    choose_second_claim(page)
    expect(page.locator(".mlkit-check-reason textarea")).to_have_value(REASON)
    expect(page.locator(ACCURATE)).to_have_class(
        re.compile(r"\bmod-active\b"))
    expect(page.locator(f".mlkit-event-{EVENT} input[type=checkbox]")).to_be_checked()

    expect(page.locator(".mlkit-check-reason textarea")).to_be_enabled()
    expect(page.locator(".mlkit-check-key")).to_have_count(0)
    page.locator(".mlkit-check-reveal").click()
    expect(page.locator(".mlkit-check-message")).to_contain_text("as the key does")
    expect(page.locator(".mlkit-check-reason textarea")).to_be_disabled()
    screenshot(page, "mlkit-check-widget-key.png")

    # Ctrl+S must save even while a keyboard-guarded control (the claims list) has the focus
    page.locator(".mlkit-check-claims select").focus()
    with page.expect_response(lambda r: r.request.method == "PUT" and relative in r.url and r.ok, timeout=30_000):
        page.keyboard.press("Control+s")
    row, report = grade_handed_in(workdir / "03_check_the_timeline.ipynb", tmp_path)
    assert report.errors == 0 and row["answers_from"] == "notebook"
    assert (row["checks_checked"], row["checks_verdict_score"], row["checks_hits"]) == ("1", "100.0", "0")
    assert float(row["checks_evidence_score"]) > 50 and row["checks_brier"] == "0.04"
    with (tmp_path / "grades" / "hand" / "checks-reasons.csv").open(encoding="utf-8") as handle:
        reason = next(csv.DictReader(handle))
    assert (reason["item"], reason["answer"]) == (TARGET, REASON) and "sure: 80%" in reason["context"]
