"""Steps a student takes in JupyterLab or Notebook 7, written once for the browser tests.

Both front ends share JupyterLab's menus, toolbar and widget rendering; where they differ (how the
kernel's state is shown) the step takes ``flavour`` ("lab" or "notebook7").
"""

from __future__ import annotations

import csv
import re
import shutil
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from helpers.grading import GradeReport, grade_folder

MENU_RUN_ALL = "Run All Cells"
MENU_RESTART_RUN_ALL = "Restart Kernel and Run All Cells…"


def wait_for_kernel(page: Page, flavour: str) -> None:
    """Wait until the notebook's kernel is connected and idle."""
    if flavour == "lab":
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)
    else:
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(timeout=60_000)
        page.locator(".jp-KernelName", has_text="Python 3").first.wait_for(timeout=60_000)
    time.sleep(0.5)


def menu(page: Page, top: str, item: str) -> None:
    """Click a menu bar item, then an entry of its menu (matched exactly)."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).first.click()


def open_and_run_all(page: Page, url: str, flavour: str, widget: str = ".mlkit-hl-article") -> None:
    """Open a notebook, wait for its kernel, run every cell and wait for ``widget`` to render."""
    page.goto(url)
    wait_for_kernel(page, flavour)
    for attempt in range(2):
        menu(page, "Run", MENU_RUN_ALL)
        try:
            page.locator(widget).first.wait_for(timeout=45_000)
            break
        except Exception:
            if attempt:
                raise
    wait_until_idle(page)


def wait_until_idle(page: Page) -> None:
    """Wait until no cell is queued or running (``[*]`` prompts gone)."""
    expect(page.locator(".jp-InputArea-prompt", has_text="[*]")).to_have_count(0, timeout=60_000)


def restart_and_run_all(page: Page, widget: str = ".mlkit-hl-article") -> None:
    """Kernel → Restart Kernel and Run All Cells…, confirm, and wait for the widget to come back."""
    menu(page, "Kernel", MENU_RESTART_RUN_ALL)
    page.locator(".jp-Dialog-button.jp-mod-accept, .jp-Dialog-button.jp-mod-warn").first.click()
    page.locator(widget).first.wait_for(state="detached", timeout=30_000)
    page.locator(widget).first.wait_for(timeout=60_000)
    wait_until_idle(page)


def wait_for_still(page: Page, selector: str, timeout: float = 3.0) -> None:
    """Wait until ``selector`` stops moving (JupyterLab scrolls an activated cell into view just after focus)."""
    deadline = time.monotonic() + timeout
    last, steady = None, 0
    while time.monotonic() < deadline and steady < 4:  # the same position for 4 readings, 0.4 s
        top = page.locator(selector).first.evaluate("e => e.getBoundingClientRect().top")
        steady = steady + 1 if top == last else 0
        last = top
        time.sleep(0.1)


def select_with_mouse(page: Page, paragraph: int, quote: str) -> None:
    """Drag the mouse across ``quote`` in a paragraph of the highlighter, as a student would."""
    target = f'.mlkit-hl-text[data-paragraph="{paragraph}"]'
    page.locator(target).first.evaluate("e => e.scrollIntoView({block: 'center'})")
    wait_for_still(page, target)
    box = page.evaluate(
        """([paragraph, quote]) => {
          const body = document.querySelector(`.mlkit-hl-text[data-paragraph="${paragraph}"]`);
          const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
          let node, text = "", nodes = [];
          while ((node = walker.nextNode())) { nodes.push([node, text.length]); text += node.data; }
          const at = text.indexOf(quote);
          if (at < 0) throw new Error("quote not on the page: " + quote);
          const place = (offset) => {
            for (let i = nodes.length - 1; i >= 0; i--) {
              if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
            }
          };
          const rectOf = (offset) => {
            const [n, o] = place(offset);
            const r = document.createRange(); r.setStart(n, o); r.setEnd(n, o + 1);
            return r.getClientRects()[0];
          };
          const a = rectOf(at), b = rectOf(at + quote.length - 1);
          return {x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2};
        }""",
        [paragraph, quote],
    )
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2, steps=5)
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def choose_label(page: Page, name: str) -> None:
    """Click a label in the open menu."""
    page.locator(".mlkit-hl-menu").wait_for()
    page.locator(".mlkit-hl-menu button", has_text=name).first.click()
    page.locator(".mlkit-hl-menu").wait_for(state="detached")


def badges(page: Page) -> list[str]:
    """The label badges shown after highlights, in reading order."""
    return page.locator("mark.mlkit-hl-end").evaluate_all("els => els.map(e => e.dataset.badge)")


def save(page: Page, path: str) -> None:
    """Press Ctrl+S and wait for the server to confirm the PUT of ``path``."""
    page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
    with page.expect_response(lambda r: r.request.method == "PUT" and path in r.url and r.ok, timeout=30_000):
        page.keyboard.press("Control+s")


def grade_handed_in(saved: Path, tmp_path: Path) -> tuple[dict[str, str], GradeReport]:
    """Grade a copy of ``saved`` alone (no autosave beside it), as an instructor would; its gradebook row."""
    handed_in = tmp_path / "handed-in"
    handed_in.mkdir()
    shutil.copy(saved, handed_in / "student.ipynb")
    report = grade_folder(handed_in, tmp_path / "grades")
    with report.gradebook.open(encoding="utf-8") as handle:
        return next(csv.DictReader(handle)), report
