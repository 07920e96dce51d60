"""No answer is lost: the faults of issue 13 in a real browser, JupyterLab 4 and Notebook 7.

Each scenario makes tags in notebook 02 under a fault — a second tab, a reopen without re-running, the
other front end in turn, a kernel restart or death right after a tag, a failed autosave write, outputs
cleared then saved — and then checks every copy: the autosave, the saved notebook, and the widget after a
re-run; and that the status claimed "saved" only when true. The forms (the claim check of 03, a written
answer in 01) go through a restart and a kernel death right after an edit in both front ends.

Set ``MLKIT_FAULTS_TABLE`` to a file and each scenario appends one JSON line: its name, the answers made
and the answers every copy kept (counted before the test asserts they are equal), for the closing table.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_steps import (
    MENU_RUN_ALL,
    choose_label,
    menu,
    open_and_run_all,
    select_with_mouse,
    wait_for_kernel,
    wait_until_idle,
)
from playwright.sync_api import Page, expect

from helpers.activities.checks import claims_to_check
from helpers.case import load_case
from helpers.record import MIME_TYPE

pytestmark = pytest.mark.faults

NOTEBOOK = "02_tag_claims.ipynb"
AUTOSAVE = "kit-files/02_tag_claims.claims.answers.json"
TAGS = {  # name: (paragraph, quote, label)
    "x": (1, "met for seven hours with President Vladimir Putin", "Checkable fact"),
    "y": (2, "nothing was accomplished", "Opinion or judgement"),
    "z": (1, "the first in two years", "Checkable fact"),
    "w": (4, "President Putin, however, showed no signs of weakening", "Opinion or judgement"),
}
ARTICLE = ".mlkit-hl-article"
STATUS = ".mlkit-hl-status"


ANSWER_CELLS = ("import helpers", "tag_claims(", "check_claims_against_timeline(", "helpers.ask(")


@pytest.fixture
def workdir(workdir: Path, lab) -> Iterator[Path]:
    """The kit's notebooks, each cut to the cells that import the kit and show the answer widgets: the charts and
    tables after them read answers but never write them, and running them under every fault only costs time."""
    for path in workdir.glob("*.ipynb"):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        notebook["cells"] = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"
                             and any(part in "".join(cell["source"]) for part in ANSWER_CELLS)]
        path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    yield workdir
    with urllib.request.urlopen(f"{lab.url}/api/sessions?token={lab.token}", timeout=10) as response:
        sessions = json.load(response)
    for session in sessions:  # each scenario's kernels end with it, so later ones get the machine to themselves
        if session["path"].startswith(f"{workdir.name}/"):
            request = urllib.request.Request(f"{lab.url}/api/sessions/{session['id']}?token={lab.token}",
                                             method="DELETE")
            urllib.request.urlopen(request, timeout=30).read()


# ---- steps ---------------------------------------------------------------------------------------------------
def url(lab, workdir: Path, flavour: str) -> str:
    relative = f"{workdir.name}/{NOTEBOOK}"
    return lab.lab(relative) if flavour == "lab" else lab.notebook7(relative)


def tag(page: Page, *names: str) -> None:
    """Tag each of ``names``, waiting after each until the kernel answered (the page stops changing under the
    mouse: a status line that grows while the next selection is dragged would move the words)."""
    for name in names:
        paragraph, quote, label = TAGS[name]
        select_with_mouse(page, paragraph, quote)
        choose_label(page, label)
        expect(page.locator(".mlkit-hl").first).to_have_attribute("aria-busy", "false")


def measured(scenario: str, made: int, kept: int) -> None:
    """Append the scenario's answers made and kept (by every copy) to the table file, when one is named."""
    target = os.environ.get("MLKIT_FAULTS_TABLE")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"scenario": scenario, "made": made, "kept": kept}) + "\n")


def tags_kept(scenario: str, page: Page, workdir: Path, names: tuple[str, ...]) -> None:
    """Record how many of ``names`` the autosave, the saved notebook and the re-run widget all hold; then assert
    it is every one."""
    held = wanted(*names) & in_autosave(workdir) & (in_notebook(workdir) or set())
    kept = len(held) if shown(page) == len(names) else min(len(held), shown(page))
    measured(scenario, len(names), kept)
    assert held == wanted(*names)


def open_without_running(page: Page, address: str, flavour: str) -> None:
    """Open the notebook whose kernel is still running, and wait for the widget to come back live."""
    page.goto(address)
    wait_for_kernel(page, flavour)
    page.locator(ARTICLE).first.wait_for(timeout=60_000)


def save(page: Page, notebook: str = NOTEBOOK) -> None:
    """Ctrl+S, accepting "overwrite" if another tab saved the file meanwhile; wait for the server's PUT."""
    page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
    done: list[object] = []

    def saved(response) -> None:  # type: ignore[no-untyped-def]
        if response.request.method == "PUT" and notebook in response.url and response.ok:
            done.append(response)

    page.on("response", saved)
    try:
        page.keyboard.press("Control+s")
        overwrite = page.locator(".jp-Dialog-button", has_text="Overwrite")
        deadline = time.monotonic() + 30
        while not done:  # whichever comes first: the save, or the question whether to overwrite
            if overwrite.count():
                overwrite.first.click()
            assert time.monotonic() < deadline, "the notebook was not saved within 30 s"
            page.wait_for_timeout(50)
    finally:
        page.remove_listener("response", saved)


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


def kernel_of(lab, workdir: Path, notebook: str = NOTEBOOK) -> str:
    with urllib.request.urlopen(f"{lab.url}/api/sessions?token={lab.token}", timeout=10) as response:
        sessions = json.load(response)
    return next(s["kernel"]["id"] for s in sessions if s["path"].endswith(f"{workdir.name}/{notebook}"))


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


def fault(lab, workdir: Path, kind: str, notebook: str = NOTEBOOK) -> None:
    """Restart the notebook's kernel (returns once it is back), or SIGKILL it."""
    kernel = kernel_of(lab, workdir, notebook)
    if kind == "sigkill":
        kill_kernel(kernel)
    else:
        restart_kernel(lab, kernel)


def run_all_again(page: Page, flavour: str, kind: str, widget: str = ARTICLE) -> None:
    """After the kernel restarted, or died (the page then says so in a dialog, and the server restarts it):
    dismiss the notice, wait for the kernel, run every cell, and wait for a new ``widget`` to render."""
    if kind == "sigkill":
        dialog = page.locator(".jp-Dialog-button.jp-mod-accept")
        dialog.wait_for(timeout=30_000)  # the server notices a dead kernel within its restarter's 3 s poll
        dialog.click()
    try:
        wait_for_kernel(page, flavour)
    except Exception:  # on a crowded machine the page can miss the restarted kernel's status: reload it
        page.reload()  # (unconfirmed edits live in browser storage, so a reload keeps them too)
        wait_for_kernel(page, flavour)
    rerun(page, widget)


def rerun(page: Page, widget: str = ARTICLE) -> None:
    """Run All, and wait until ``widget`` has been drawn again by the new run (not the old one still shown)."""
    page.evaluate("(s) => document.querySelectorAll(s).forEach(e => e.setAttribute('data-mlkit-old', ''))", widget)
    menu(page, "Run", MENU_RUN_ALL)
    page.locator(f"{widget}:not([data-mlkit-old])").first.wait_for(timeout=90_000)
    expect(page.locator(f"{widget}[data-mlkit-old]")).to_have_count(0, timeout=60_000)
    wait_until_idle(page)


def status(page: Page) -> str:
    return page.locator(STATUS).first.inner_text()


def expect_truthful_saved(page: Page, workdir: Path, names: tuple[str, ...]) -> None:
    """The status says the notebook file holds the answers, and it does."""
    expect(page.locator(STATUS).first).to_contain_text("the notebook file holds them too", timeout=20_000)
    assert in_notebook(workdir) == wanted(*names)
    assert in_autosave(workdir) == wanted(*names)


def expect_rerun_holds(page: Page, names: tuple[str, ...]) -> None:
    """Run every cell again: the new widget is built from the files alone (``AnswerStore`` reads the autosave and
    the notebook, never the kernel's memory), as after a restart, and shows every answer."""
    rerun(page)
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
        expect_rerun_holds(b, ("x", "y", "z"))
        tags_kept("two tabs (Lab and Notebook 7)", b, workdir, ("x", "y", "z"))
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
    expect_rerun_holds(page, ("x", "y", "z"))
    tags_kept("Lab, then Notebook 7, then Lab, each reopened without re-running", page, workdir, ("x", "y", "z"))


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_kernel_restart_and_death_right_after_a_tag(flavour: str, lab, workdir: Path, page: Page):
    """X is saved; Y is tagged and the kernel restarts at once; Z is tagged just after the kernel was killed:
    each comes back after the re-run, and the browser said Z was not yet saved meanwhile."""
    open_and_run_all(page, url(lab, workdir, flavour), flavour)
    tag(page, "x")
    expect(page.locator(STATUS).first).to_contain_text("saved to disk")
    paragraph, quote, label = TAGS["y"]
    select_with_mouse(page, paragraph, quote)
    choose_label(page, label)
    fault(lab, workdir, "restart")  # within milliseconds of the tag
    run_all_again(page, flavour, "restart")
    expect_tags(page, 2)
    expect(page.locator(".mlkit-hl-unsaved").first).to_have_text("", timeout=20_000)
    after_restart = in_autosave(workdir)
    paragraph, quote, label = TAGS["z"]
    select_with_mouse(page, paragraph, quote)
    fault(lab, workdir, "sigkill")  # the kernel is gone before the tag is even sent
    # the label clicked at once, before the page's "kernel died" dialog (which may open any moment) covers it
    page.locator(".mlkit-hl-menu button", has_text=label).first.evaluate("e => e.click()")
    expect(page.locator(".mlkit-hl-unsaved").first).to_contain_text("not yet saved")
    run_all_again(page, flavour, "sigkill")
    expect_tags(page, 3)
    expect(page.locator(".mlkit-hl-unsaved").first).to_have_text("", timeout=20_000)
    save(page)
    expect(page.locator(STATUS).first).to_contain_text("the notebook file holds them too", timeout=20_000)
    measured(f"{flavour}: restart right after a tag", 2, len(after_restart & wanted("x", "y")))
    tags_kept(f"{flavour}: kernel killed right before a tag is sent", page, workdir, ("x", "y", "z"))
    assert after_restart == wanted("x", "y")


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_a_failed_autosave_write_falls_back_and_recovers(flavour: str, lab, workdir: Path, page: Page):
    """The autosave cannot be written: the status says so (no "saved"), the notebook copy keeps Y, and once
    the folder is fixed the kit writes it without being asked."""
    open_and_run_all(page, url(lab, workdir, flavour), flavour)
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
    expect(page.locator(".mlkit-hl-unsaved").first).to_contain_text("not yet saved")  # not confirmed: kept
    save(page)
    assert in_notebook(workdir) == wanted("x", "y")  # the notebook copy was kept current
    shutil.rmtree(autosave)
    expect(page.locator(STATUS).first).to_contain_text("saved to disk", timeout=30_000)  # retried by itself
    expect(page.locator(".mlkit-hl-unsaved").first).to_have_text("")
    assert in_autosave(workdir) == wanted("x", "y")
    expect_truthful_saved(page, workdir, ("x", "y"))
    expect_rerun_holds(page, ("x", "y"))
    tags_kept(f"{flavour}: autosave write fails, then the folder is fixed", page, workdir, ("x", "y"))


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
    tags_kept(f"{flavour}: outputs cleared and saved, then re-run", page, workdir, ("x", "y"))


# ---- the forms: the claim check (03) and a written answer (01) ------------------------------------------------
CHECKS = "03_check_the_timeline.ipynb"
FIRST_READ = "01_first_read.ipynb"
CHECK = ".mlkit-check"
REASON = ".mlkit-check-reason textarea"
UNSAVED = ".mlkit-draft-unsaved"
FIRST_CLAIM = claims_to_check(load_case("sochi-2015"), tags=[])[0].id


def answers_in(workdir: Path, notebook: str, activity: str, where: str) -> dict[str, dict]:
    """The items of ``activity`` by id, from its autosave or from the saved notebook's own copy."""
    if where == "autosave":
        path = workdir / "kit-files" / f"{Path(notebook).stem}.{activity}.answers.json"
        return {i["id"]: i for i in json.loads(path.read_text(encoding="utf-8"))["items"]}
    saved = json.loads((workdir / notebook).read_text(encoding="utf-8"))
    for cell in saved["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(MIME_TYPE)
            if record and record["activity"] == activity:
                return {i["id"]: i for i in record["items"]}
    return {}


def form_url(lab, workdir: Path, notebook: str, flavour: str) -> str:
    relative = f"{workdir.name}/{notebook}"
    return lab.lab(relative) if flavour == "lab" else lab.notebook7(relative)


def type_at_once(page: Page, selector: str, text: str, nth: int = 0) -> None:
    """Put ``text`` in a text box as typing does (an input event), without waiting for the focus: the page's
    "kernel died" dialog, which may open any moment after a kill, takes the focus and the keystrokes."""
    page.locator(selector).nth(nth).evaluate(
        "(e, text) => { e.value = text; e.dispatchEvent(new Event('input', { bubbles: true })); }", text)


def kept_after(expected: dict[str, object], actual: dict[str, object]) -> int:
    """How many of the expected answers a copy holds."""
    return sum(1 for key, value in expected.items() if actual.get(key) == value)


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_a_check_survives_a_restart_and_a_kernel_death_right_after_an_edit(flavour: str, lab, workdir: Path,
                                                                            page: Page):
    """03: a verdict and a reason made just before a restart, then a reason and a linked event made just after
    the kernel was killed, all come back after the re-run and reach the saved notebook."""
    open_and_run_all(page, form_url(lab, workdir, CHECKS, flavour), flavour, widget=CHECK)
    page.locator(REASON).fill("A first reason, saved while the kernel lives.")
    expect(page.locator(".mlkit-check-status")).to_contain_text(re.compile("saved to disk", re.IGNORECASE))

    page.locator('.mlkit-check-verdict button[data-value="Accurate"]').click()
    page.locator(REASON).fill("The record shows the talks took place on 12 May.")
    fault(lab, workdir, "restart", CHECKS)  # within milliseconds of the edit
    run_all_again(page, flavour, "restart", widget=CHECK)
    expect(page.locator(REASON)).to_have_value("The record shows the talks took place on 12 May.")
    expect(page.locator('.mlkit-check-verdict button[data-value="Accurate"]')).to_have_class(
        re.compile(r"\bmod-active\b"))
    expect(page.locator(UNSAVED).first).to_have_text("", timeout=20_000)
    item = answers_in(workdir, CHECKS, "checks", "autosave").get(FIRST_CLAIM, {})
    made = {"verdict": "accurate", "reason": "The record shows the talks took place on 12 May."}
    restart_kept = kept_after(made, item)

    fault(lab, workdir, "sigkill", CHECKS)  # the kernel is gone before the edits are even sent
    first_event = page.locator(".mlkit-check-event input[type=checkbox]").first
    first_event.evaluate("e => e.click()")  # a click that no "kernel died" dialog can intercept
    type_at_once(page, REASON, "After the death: AP quoted Kerry in Sochi that day.")
    expect(page.locator(UNSAVED).first).to_contain_text("not yet saved")
    run_all_again(page, flavour, "sigkill", widget=CHECK)
    expect(page.locator(REASON)).to_have_value("After the death: AP quoted Kerry in Sochi that day.")
    expect(page.locator(".mlkit-check-event input[type=checkbox]").first).to_be_checked()
    expect(page.locator(UNSAVED).first).to_have_text("", timeout=20_000)
    save(page, CHECKS)
    expect(page.locator(".mlkit-check-status")).to_contain_text("the notebook file holds them too", timeout=20_000)
    final = {"verdict": "accurate", "reason": "After the death: AP quoted Kerry in Sochi that day.", "events": 1}
    copies = [answers_in(workdir, CHECKS, "checks", where).get(FIRST_CLAIM, {}) for where in ("autosave", "notebook")]
    held = [{**copy, "events": len(copy.get("events", []))} for copy in copies]
    measured(f"{flavour}: claim check, restart right after an edit", len(made), restart_kept)
    measured(f"{flavour}: claim check, kernel killed right before an edit is sent", len(final),
             min(kept_after(final, copy) for copy in held))
    assert restart_kept == len(made)
    assert all(kept_after(final, copy) == len(final) for copy in held)


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_a_written_answer_survives_a_restart_and_a_kernel_death_right_after_an_edit(flavour: str, lab,
                                                                                   workdir: Path, page: Page):
    """01: an answer typed just before a restart, then one typed just after the kernel was killed, come back
    after the re-run and reach the saved notebook."""
    box = ".widget-textarea textarea"
    open_and_run_all(page, form_url(lab, workdir, FIRST_READ, flavour), flavour, widget=box)
    page.locator(box).first.fill("A first impression, saved while the kernel lives.")
    expect(page.locator("[role=status]", has_text="saved to disk").first).to_be_visible()

    page.locator(box).first.fill("Typed just before the restart: it sounds sure of itself.")
    fault(lab, workdir, "restart", FIRST_READ)
    run_all_again(page, flavour, "restart", widget=box)
    expect(page.locator(box).first).to_have_value("Typed just before the restart: it sounds sure of itself.")
    expect(page.locator(UNSAVED).first).to_have_text("", timeout=20_000)
    answer = answers_in(workdir, FIRST_READ, "first-read", "autosave")
    restart_kept = sum(1 for i in answer.values() if i["text"].startswith("Typed just before the restart"))

    fault(lab, workdir, "sigkill", FIRST_READ)
    type_at_once(page, box, "Typed after the kernel died: the headline decides for me.")
    type_at_once(page, box, "A second answer, also after the death.", nth=1)
    expect(page.locator(UNSAVED).first).to_contain_text("not yet saved")
    run_all_again(page, flavour, "sigkill", widget=box)
    expect(page.locator(box).first).to_have_value("Typed after the kernel died: the headline decides for me.")
    expect(page.locator(box).nth(1)).to_have_value("A second answer, also after the death.")
    expect(page.locator(UNSAVED).first).to_have_text("", timeout=20_000)
    save(page, FIRST_READ)
    expect(page.locator("[role=status]", has_text="holds them too").first).to_be_visible(timeout=20_000)
    final = {"Typed after the kernel died: the headline decides for me.", "A second answer, also after the death."}
    copies = [{i["text"] for i in answers_in(workdir, FIRST_READ, "first-read", where).values()}
              for where in ("autosave", "notebook")]
    measured(f"{flavour}: written answer, restart right after an edit", 1, restart_kept)
    measured(f"{flavour}: written answers, kernel killed right before they are sent", len(final),
             min(len(final & copy) for copy in copies))
    assert restart_kept == 1
    assert all(final <= copy for copy in copies)
