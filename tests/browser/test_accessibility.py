"""axe-core (WCAG 2.2 A and AA rules) finds nothing wrong in any notebook, in JupyterLab and Notebook 7.

Each notebook is run top to bottom first, so the kit's widgets, tables and charts are on the page. The check
covers what the kit puts on the page: every cell output and every rendered Markdown cell. The front end's own
parts are JupyterLab's to fix, not the kit's, and are left out: its menus and panels, the code editors (axe:
aria-input-field-name on CodeMirror), the heading-collapse buttons (button-name) and the windowed cell list
(aria-required-children). axe cannot find keyboard traps; the keyboard-only tests do that.
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


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:3]]
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} — {len(v.get('nodes', []))} node(s), e.g. {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("flavour", ["lab", "notebook7"])
def test_every_notebook_has_no_axe_violations(flavour: str, lab, workdir: Path, page: Page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for notebook, widget in NOTEBOOKS.items():
        relative = f"{workdir.name}/{notebook}"
        open_and_run_all(page, lab.lab(relative) if flavour == "lab" else lab.notebook7(relative), flavour, widget)
        results = axe.run(page, context={"include": [[".jp-OutputArea-output"], [".jp-MarkdownOutput"]]},
                          options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
        violations = results.response.get("violations", [])
        if violations:
            found[notebook] = describe(violations)
    assert not found, "\n\n".join(f"{name}:\n{text}" for name, text in found.items())
