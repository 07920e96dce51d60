"""No answer is lost: the faults of issue 13 in a real browser, JupyterLab 4 and Notebook 7.

Each scenario makes tags in notebook 02 under a fault — a second tab, a reopen without re-running, the
other front end in turn, a kernel restart or death right after a tag, a failed autosave write, outputs
cleared then saved — and then checks every copy: the autosave, the saved notebook (graded alone, as an
instructor would), and the widget after a re-run; and that the status claimed "saved" only when true.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import urllib.request
from pathlib import Path

import pytest
from jupyter_steps import (
    MENU_RUN_ALL,
    choose_label,
    menu,
    open_and_run_all,
    restart_and_run_all,
    select_with_mouse,
    wait_for_kernel,
    wait_until_idle,
)
from playwright.sync_api import Page, expect

from helpers.record import MIME_TYPE

pytestmark = pytest.mark.faults

NOTEBOOK = "02_tag_claims.ipynb"
AUTOSAVE = "02_tag_claims.claims.answers.json"
TAGS = {  # name: (paragraph, quote, label)
    "x": (1, "met for seven hours with President Vladimir Putin", "Checkable fact"),
    "y": (2, "nothing was accomplished", "Opinion or judgement"),
    "z": (1, "the first in two years", "Checkable fact"),
    "w": (4, "President Putin, however, showed no signs of weakening", "Opinion or judgement"),
}
ARTICLE = ".mlkit-hl-article"
STATUS = ".mlkit-hl-status"


# ---- steps ---------------------------------------------------------------------------------------------------
def url(lab, workdir: Path, flavour: str) -> str:
    relative = f"{workdir.name}/{NOTEBOOK}"
    return lab.lab(relative) if flavour == "lab" else lab.notebook7(relative)


def tag(page: Page, *names: str) -> None:
    for name in names:
        paragraph, quote, label = TAGS[name]
        select_with_mouse(page, paragraph, quote)
        choose_label(page, label)


def open_without_running(page: Page, address: str, flavour: str) -> None:
    """Open the notebook whose kernel is still running, and wait for the widget to come back live."""
    page.goto(address)
    wait_for_kernel(page, flavour)
    page.locator(ARTICLE).first.wait_for(timeout=60_000)


def save(page: Page) -> None:
    """Ctrl+S, accepting "overwrite" if another tab saved the file meanwhile; wait for the server's PUT."""
    page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
    with page.expect_response(lambda r: r.request.method == "PUT" and NOTEBOOK in r.url and r.ok, timeout=30_000):
        page.keyboard.press("Control+s")
        overwrite = page.locator(".jp-Dialog-button", has_text="Overwrite")
        try:
            overwrite.wait_for(timeout=1_500)
            overwrite.click()
        except Exception:
            pass


def shown(page: Page) -> int:
    return int(page.locator(".mlkit-hl-count").first.inner_text().split()[0])


def expect_tags(page: Page, count: int) -> None:
    expect(page.locator(".mlkit-hl-count").first).to_have_text(f"{count} tag{'s' if count != 1 else ''} so far.")


def quotes(items: list[dict]) -> set[str]:
    return {item["target"]["exact"] for item in items}


def wanted(*names: str) -> set[str]:
    return {TAGS[name][1] for name in names}


def in_autosave(workdir: Path) -> set[str]:
    return quotes(json.loads((workdir / AUTOSAVE).read_text(encoding="utf-8"))["items"])


def in_notebook(workdir: Path) -> set[str] | None:
    """The answers inside the saved notebook's own copy (None: it holds no copy)."""
    notebook = json.loads((workdir / NOTEBOOK).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(MIME_TYPE)
            if record and record["activity"] == "claims":
                return quotes(record["items"])
    return None


def kernel_of(lab, workdir: Path) -> str:
    with urllib.request.urlopen(f"{lab.url}/api/sessions?token={lab.token}", timeout=10) as response:
        sessions = json.load(response)
    return next(s["kernel"]["id"] for s in sessions if s["path"].endswith(f"{workdir.name}/{NOTEBOOK}"))


def kill_kernel(kernel: str) -> None:
    """SIGKILL the kernel process (found by its connection file), as the out-of-memory killer would."""
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if proc.name.isdigit() and f"kernel-{kernel}.json".encode() in cmdline:
            os.kill(int(proc.name), signal.SIGKILL)
            return
    raise AssertionError(f"no process for kernel {kernel}")


def restart_kernel(lab, kernel: str) -> None:
    request = urllib.request.Request(f"{lab.url}/api/kernels/{kernel}/restart?token={lab.token}", method="POST",
                                     data=b"")
    urllib.request.urlopen(request, timeout=60).read()


def run_all_again(page: Page, flavour: str) -> None:
    """After the kernel restarted (or died and was restarted): dismiss any notice and run every cell."""
    dialog = page.locator(".jp-Dialog-button.jp-mod-accept")
    try:
        dialog.wait_for(timeout=3_000)
        dialog.click()
    except Exception:
        pass
    try:
        wait_for_kernel(page, flavour)
    except Exception:  # on a crowded machine the page can miss the restarted kernel's status: reload it
        page.reload()  # (unconfirmed edits live in browser storage, so a reload keeps them too)
        wait_for_kernel(page, flavour)
    old = page.locator(ARTICLE).count()
    menu(page, "Run", MENU_RUN_ALL)
    if old:
        page.wait_for_function(
            "() => document.querySelectorAll('.mlkit-hl-status').length > 0"
            " && [...document.querySelectorAll('.mlkit-hl-status')].some(e => e.textContent.includes('Restored'))",
            timeout=60_000,
        )
    page.locator(ARTICLE).first.wait_for(timeout=60_000)
    wait_until_idle(page)


def status(page: Page) -> str:
    return page.locator(STATUS).first.inner_text()


def expect_truthful_saved(page: Page, workdir: Path, names: tuple[str, ...]) -> None:
    """The status says the notebook file holds the answers, and it does."""
    expect(page.locator(STATUS).first).to_contain_text("the notebook file holds them too", timeout=20_000)
    assert in_notebook(workdir) == wanted(*names)
    assert in_autosave(workdir) == wanted(*names)


def expect_rerun_holds(page: Page, flavour: str, names: tuple[str, ...]) -> None:
    restart_and_run_all(page)
    expect_tags(page, len(names))


# ---- scenarios -----------------------------------------------------------------------------------------------
def test_two_tabs_in_both_front_ends(lab, workdir: Path, browser, tmp_path: Path):
    """Tab A (Lab) tags X; tab B (Notebook 7) runs again and tags Y; A, which never saw Y, tags Z."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        a, b = context.new_page(), context.new_page()
        for page in (a, b):
            page.set_default_timeout(30_000)
        open_and_run_all(a, url(lab, workdir, "lab"), "lab")
        tag(a, "x")
        expect(a.locator(STATUS).first).to_contain_text("saved to disk")
        open_and_run_all(b, url(lab, workdir, "notebook7"), "notebook7")
        expect_tags(b, 1)
        tag(b, "y")
        expect(b.locator(STATUS).first).to_contain_text("saved to disk")
        a.bring_to_front()
        tag(a, "z")
        expect_tags(a, 3)  # the kernel merged Y in and showed it
        assert in_autosave(workdir) == wanted("x", "y", "z")
        save(a)
        expect_truthful_saved(a, workdir, ("x", "y", "z"))
        b.bring_to_front()
        expect_tags(b, 3)  # B caught up from the autosave
        save(b)
        expect_truthful_saved(b, workdir, ("x", "y", "z"))
        expect_rerun_holds(b, "notebook7", ("x", "y", "z"))
    finally:
        context.close()


def test_lab_then_notebook7_in_turn_without_rerunning(lab, workdir: Path, page: Page):
    """Lab tags X, saves and closes; Notebook 7 reopens without running and tags Y; Lab reopens and tags Z."""
    open_and_run_all(page, url(lab, workdir, "lab"), "lab")
    tag(page, "x")
    expect(page.locator(STATUS).first).to_contain_text("saved to disk")
    save(page)  # closing an unsaved notebook asks to save; a saved one reopens with its widget live
    page.goto("about:blank")
    open_without_running(page, url(lab, workdir, "notebook7"), "notebook7")
    expect_tags(page, 1)
    tag(page, "y")
    expect(page.locator(STATUS).first).to_contain_text("saved to disk")
    save(page)
    expect_truthful_saved(page, workdir, ("x", "y"))  # the reopened view updated the notebook's copy
    page.goto("about:blank")
    open_without_running(page, url(lab, workdir, "lab"), "lab")
    tag(page, "z")
    save(page)
    expect_truthful_saved(page, workdir, ("x", "y", "z"))
    expect_rerun_holds(page, "lab", ("x", "y", "z"))


@pytest.mark.parametrize(("flavour", "fault"), [("lab", "restart"), ("lab", "sigkill"), ("notebook7", "sigkill")])
def test_kernel_restart_or_death_right_after_a_tag(flavour: str, fault: str, lab, workdir: Path, page: Page):
    """X is saved; Y is tagged and the kernel restarts or dies at once: Y comes back after the re-run."""
    open_and_run_all(page, url(lab, workdir, flavour), flavour)
    tag(page, "x")
    expect(page.locator(STATUS).first).to_contain_text("saved to disk")
    kernel = kernel_of(lab, workdir)
    paragraph, quote, label = TAGS["y"]
    select_with_mouse(page, paragraph, quote)
    if fault == "sigkill":
        kill_kernel(kernel)  # the kernel is gone before the tag is even sent
        choose_label(page, label)
    else:
        choose_label(page, label)
        restart_kernel(lab, kernel)  # within milliseconds of the tag
    if fault == "sigkill":  # nothing reached a kernel: the browser keeps the tag and says it is not saved
        expect(page.locator(".mlkit-hl-unsaved").first).to_contain_text("not yet saved")
    run_all_again(page, flavour)
    expect_tags(page, 2)
    expect(page.locator(".mlkit-hl-unsaved").first).to_have_text("", timeout=20_000)
    assert in_autosave(workdir) == wanted("x", "y")
    save(page)
    expect_truthful_saved(page, workdir, ("x", "y"))


def test_a_failed_autosave_write_falls_back_and_recovers(lab, workdir: Path, page: Page):
    """The autosave cannot be written: the status says so (no "saved"), the notebook copy keeps Y, and once
    the folder is fixed the kit writes it without being asked."""
    open_and_run_all(page, url(lab, workdir, "lab"), "lab")
    tag(page, "x")
    expect(page.locator(STATUS).first).to_contain_text("saved to disk")
    autosave = workdir / AUTOSAVE
    autosave.unlink()
    autosave.mkdir()  # a folder in the way: the write fails even as root (chmod does not stop root)
    (autosave / "keep").touch()
    tag(page, "y")
    expect(page.locator(STATUS).first).to_contain_text("could not be saved to the folder")
    text = status(page)
    assert str(workdir) in text and "Ctrl+S" in text and "saved to disk" not in text and ".tmp" not in text
    save(page)
    assert in_notebook(workdir) == wanted("x", "y")  # the notebook copy was kept current
    shutil.rmtree(autosave)
    expect(page.locator(STATUS).first).to_contain_text("saved to disk", timeout=30_000)  # retried by itself
    assert in_autosave(workdir) == wanted("x", "y")
    expect_truthful_saved(page, workdir, ("x", "y"))
    expect_rerun_holds(page, "lab", ("x", "y"))


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_clear_outputs_then_save(flavour: str, lab, workdir: Path, page: Page):
    """Outputs cleared and saved: the autosave keeps the answers, the re-run says the file lacks them."""
    open_and_run_all(page, url(lab, workdir, flavour), flavour)
    tag(page, "x", "y")
    save(page)
    expect_truthful_saved(page, workdir, ("x", "y"))
    menu(page, "Edit", "Clear Outputs of All Cells")
    expect(page.locator(ARTICLE)).to_have_count(0)
    save(page)
    assert in_notebook(workdir) is None and in_autosave(workdir) == wanted("x", "y")
    menu(page, "Run", MENU_RUN_ALL)
    page.locator(ARTICLE).first.wait_for(timeout=60_000)
    wait_until_idle(page)
    expect_tags(page, 2)
    expect(page.locator(STATUS).first).to_contain_text("outputs were cleared")
    save(page)
    expect_truthful_saved(page, workdir, ("x", "y"))

