"""A student tags rhetorical devices in notebook 04 (one span with two devices), restarts, saves, and grades."""

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


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_tag_devices_with_two_labels_restart_save_and_grade(
    flavour: str, lab, workdir: Path, page: Page, tmp_path: Path
):
    relative = f"{workdir.name}/04_rhetorical_devices.ipynb"
    open_and_run_all(page, lab.lab(relative) if flavour == "lab" else lab.notebook7(relative), flavour)

    select_with_mouse(page, 10, "useless placation")
    expect(page.locator(".mlkit-hl-menu-title")).to_have_text("Tag: “useless placation”")
    choose_label(page, "Loaded language")

    # a second device on the same words: click the highlight, then add another label
    page.locator("mark.mlkit-hl-seg", has_text="useless placation").first.click()
    expect(page.locator(".mlkit-hl-menu-title")).to_contain_text("Change tag")
    choose_label(page, "Exaggeration or minimisation")

    select_with_mouse(page, 11, "Typically for a man of the Left")
    choose_label(page, "Stereotyping or over-generalisation")

    expected = ["Loaded language + Exaggeration or minimisation", "Stereotyping or over-generalisation"]
    assert badges(page) == expected
    expect(page.locator(".mlkit-hl-status")).to_contain_text("saved to disk")

    restart_and_run_all(page)
    assert badges(page) == expected
    expect(page.locator(".mlkit-hl-status")).to_contain_text("Restored 2 answers")

    save(page, relative)
    row, report = grade_handed_in(workdir / "04_rhetorical_devices.ipynb", tmp_path)
    assert report.errors == 0
    assert row["answers_from"] == "notebook"
    assert row["devices_tags"] == "3"  # two spans, one of them with two devices
    assert float(row["devices_precision"]) > 0


def test_the_device_legend_keeps_the_keyed_devices_in_view_and_folds_the_rest_by_family(lab, workdir: Path,
                                                                                       page: Page):
    """23 devices in one legend pushed the article a screen down: the ones with a shortcut key stay in view, the
    whole list folds away, by family, every device with its colour and name in words."""
    open_and_run_all(page, lab.lab(f"{workdir.name}/04_rhetorical_devices.ipynb"), "lab")
    keyed = page.locator(".mlkit-hl-legend > .mlkit-hl-legend-row .mlkit-hl-chip")
    expect(keyed.first).to_be_visible()
    assert 0 < keyed.count() < 23 and all(keyed.nth(i).locator("kbd").count() for i in range(keyed.count()))
    folded = page.locator(".mlkit-hl-legend-all")
    expect(folded.locator(".mlkit-hl-chip").first).to_be_hidden()
    folded.locator("summary").focus()
    page.keyboard.press("Enter")  # opens with the keyboard like any <details>
    expect(folded.locator(".mlkit-hl-chip")).to_have_count(23)
    expect(folded.locator(".mlkit-hl-legend-name").first).to_have_text("Attack on reputation")
    expect(folded.locator(".mlkit-hl-chip", has_text="Loaded language")).to_be_visible()
