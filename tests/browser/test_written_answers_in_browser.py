"""A student types first impressions in notebook 01; they survive a restart, and the save is confirmed."""

from __future__ import annotations

import json
from pathlib import Path

from jupyter_steps import open_and_run_all, restart_and_run_all, save
from playwright.sync_api import Page, expect

from helpers.record import find_in_notebook

ANSWER = "It argues that talking to Putin without conditions looked weak. <b>not bold</b>"


def test_first_impressions_survive_a_restart_and_reach_the_saved_file(lab, workdir: Path, page: Page, tmp_path: Path):
    relative = f"{workdir.name}/01_first_read.ipynb"
    open_and_run_all(page, lab.lab(relative), "lab", widget=".widget-textarea textarea")
    box = page.locator(".widget-textarea textarea").first
    box.fill(ANSWER)
    status = page.locator("[role=status]", has_text="saved to disk").first
    expect(status).to_contain_text("Not yet in the notebook file")

    restart_and_run_all(page, widget=".widget-textarea textarea")
    expect(page.locator(".widget-textarea textarea").first).to_have_value(ANSWER)
    expect(page.locator("[role=status]", has_text="Restored 1 answer").first).to_contain_text("Not yet in the notebook")

    save(page, relative)
    expect(page.locator("[role=status]", has_text="holds them too").first).to_be_visible()
    saved = find_in_notebook(json.loads((workdir / "01_first_read.ipynb").read_text(encoding="utf-8")), "first-read")
    assert saved is not None
    assert [{"id": i["id"], "text": i["text"]} for i in saved["items"]] == [{"id": "first-impression", "text": ANSWER}]
