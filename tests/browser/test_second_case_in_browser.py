"""Notebook 02 on a second case, in a real browser: the kit shows that article, and a claim is tagged in it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, Lab, running_lab
from jupyter_steps import badges, choose_label, open_and_run_all, save, select_with_mouse
from playwright.sync_api import Page, expect

SECOND = ROOT / "tests" / "fixtures" / "cases" / "millbrook-library"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A server whose kernels teach the second case (as after `python -m helpers use-case`)."""
    yield from running_lab(tmp_path_factory.mktemp("lab-second-case"), {"MLKIT_CASE": str(SECOND)})


def test_tag_a_claim_in_the_second_case(lab: Lab, workdir: Path, page: Page):
    relative = f"{workdir.name}/02_tag_claims.ipynb"
    open_and_run_all(page, lab.lab(relative), "lab")
    headline = page.locator(".mlkit-hl-headline .mlkit-hl-text")
    expect(headline).to_have_text("The Council’s Cowardly Raid on Our Libraries")
    expect(page.locator(".mlkit-hl-article")).not_to_contain_text("Kerry")

    quote = "The councillors who voted for closure are cowards"
    select_with_mouse(page, 2, quote)
    expect(page.locator(".mlkit-hl-menu-title")).to_have_text(f"Tag: “{quote}”")
    choose_label(page, "Opinion or judgement")
    expect(page.locator(".mlkit-hl-count")).to_have_text("1 tag so far.")
    assert badges(page) == ["Opinion or judgement"]
    save(page, relative)

    saved = json.loads((workdir / "kit-files" / "02_tag_claims.claims.answers.json").read_text(encoding="utf-8"))
    assert saved["case"] == "millbrook-library"
    assert [item["target"]["exact"] for item in saved["items"]] == [quote]
