"""axe-core (WCAG 2.2 A and AA rules) on the whole page of every notebook, in JupyterLab and Notebook 7.

Each notebook is run top to bottom first, so the kit's widgets, tables and charts are on the page; then axe
checks everything on it, the front end's own parts included. Every violation the kit causes (inside an
output, from the kit's CSS, in a notebook's Markdown) fails the test. Violations in JupyterLab's or Notebook
7's own components are not the kit's to fix; each is allowed only for its rule *and* the component it sits in
(``UPSTREAM``), so a new rule, or a known rule in a new place, still fails. What was found upstream, looked
up on GitHub (cite only what was found; "none found" means a search of the issue index found nothing):

- ``aria-allowed-attr`` on JupyterLab's toolbar buttons (``jp-button.jp-ToolbarButtonComponent``: the file
  browser's Upload and file-filter buttons, the debugger button) — ``aria-pressed`` on an element whose role
  does not allow it: jupyterlab/jupyterlab#16891 (its first item is this very ``<jp-button>``).
- ``aria-input-field-name`` on the CodeMirror editor of each code cell (``.jp-InputArea-editor .cm-content``,
  ``role="textbox"`` without a name): codemirror/dev#1127 (CodeMirror leaves the label to the application
  embedding it) and jupyter/notebook#6671 (an axe report on Notebook 7 listing CodeMirror's missing label).
- ``aria-required-children`` on the notebook's cell list (``.jp-WindowedPanel-viewport``, ``role="feed"``
  whose cells are not ``article`` elements): jupyterlab/jupyterlab#14765 (adopting the Notebooks for All ARIA
  recommendations for the cell list) and jupyter/notebook#6956.
- ``button-name`` on the collapse button JupyterLab puts beside a Markdown heading
  (``button.jp-collapseHeadingButton``, empty, no label): none found.
- ``link-name`` on Notebook 7's logo link (``#jp-NotebookLogo``, an image link without text): none found.

axe cannot find keyboard traps; the keyboard-only tests do that. The same list is in lessons/README.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jupyter_steps import open_and_run_all
from playwright.sync_api import Page

NOTEBOOKS = {
    "00_welcome.ipynb": ".mlkit-status",
    "01_first_read.ipynb": ".mlkit-status",
    "02_tag_claims.ipynb": ".mlkit-hl-article",
    "03_check_the_timeline.ipynb": ".mlkit-check",
    "04_rhetorical_devices.ipynb": ".mlkit-hl-article",
    "05_wrap_up.ipynb": ".mlkit-pack",
}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# rule id -> the front-end component (a CSS selector the failing element is, or sits in) where it is allowed
UPSTREAM = {
    "aria-allowed-attr": "jp-button.jp-ToolbarButtonComponent",
    "aria-input-field-name": ".jp-InputArea-editor .cm-content",
    "aria-required-children": ".jp-WindowedPanel-viewport[role='feed']",
    "button-name": "button.jp-collapseHeadingButton",
    "link-name": "#jp-NotebookLogo",
}
KIT = "[class*='mlkit-'], .jp-OutputArea-output, .jp-MarkdownOutput"  # where the kit's own content lives


def _upstream(page: Page, rule: str, target: list) -> bool:
    """Whether the failing element is the allowed front-end component for ``rule`` and holds nothing of the
    kit's (a selector axe gives inside a shadow root is never allowed)."""
    if rule not in UPSTREAM or len(target) != 1 or not isinstance(target[0], str):
        return False
    return bool(page.evaluate(
        "([sel, comp, kit]) => { const el = document.querySelector(sel);"
        " return !!(el && el.closest(comp) && !el.closest(kit)); }", [target[0], UPSTREAM[rule], KIT]))


def describe(rule: dict, nodes: list[dict]) -> str:
    targets = [" ".join(map(str, n.get("target", []))) for n in nodes[:3]]
    return f"{rule['id']} ({rule.get('impact')}): {rule['help']} — {len(nodes)} node(s), e.g. {targets}"


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_every_notebook_page_has_no_axe_violations_but_the_documented_upstream_ones(
        flavour: str, lab, workdir: Path, page: Page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found, upstream_seen = {}, set()
    for notebook, widget in NOTEBOOKS.items():
        relative = f"{workdir.name}/{notebook}"
        open_and_run_all(page, lab.lab(relative) if flavour == "lab" else lab.notebook7(relative), flavour, widget)
        # what is folded (the "more" sections, the devices' whole legend) is checked too, as a student opens it
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
        lines = []
        for rule in results.response.get("violations", []):
            ours = [n for n in rule.get("nodes", []) if not _upstream(page, rule["id"], n.get("target", []))]
            if len(ours) < len(rule.get("nodes", [])):
                upstream_seen.add(rule["id"])
            if ours:
                lines.append(describe(rule, ours))
        if lines:
            found[notebook] = "\n".join(lines)
    assert not found, "\n\n".join(f"{name}:\n{text}" for name, text in found.items())
    assert upstream_seen, "axe found none of the upstream violations: is it still checking the whole page?"
