"""The class report page in headless Chromium: every chart rendered, every chart described, and axe-core clean."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from report_class import ITEMS, report_case, simulated_class

from helpers.report.build import build_report
from helpers.report.inputs import ClassWork, load_case
from helpers.report.markup import VERDICT_COLOURS
from helpers.report.page import write_page
from helpers.report.svg import hbars, stacked_bars

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists() and os.environ.get("CI") != "true",
                       reason="needs Debian's chromium at /usr/bin/chromium"),
]

# Every <svg> in the page: drawn size, how many shapes it holds, and the text its aria-labelledby points to.
CHARTS = """() => [...document.querySelectorAll('svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const names = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
    .map(id => (document.getElementById(id) || {}).textContent || '');
  return {w: box.width, h: box.height, role: svg.getAttribute('role'),
          shapes: svg.querySelectorAll('rect, circle, line, path').length, names};
})"""


# Texts drawn (at least partly) outside their chart's viewBox, measured by the browser: cut off on screen and paper.
CLIPPED = """() => [...document.querySelectorAll('svg')].flatMap(svg => {
  const view = svg.viewBox.baseVal;
  const toSvg = svg.getScreenCTM().inverse();
  return [...svg.querySelectorAll('text')].filter(t => {
    const b = t.getBBox(), m = toSvg.multiply(t.getScreenCTM());  // the text's own box, rotation included
    const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]]
      .map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
    return corners.some(c => c.x < view.x - 1 || c.y < view.y - 1 || c.x > view.x + view.width + 1
      || c.y > view.y + view.height + 1);
  }).map(t => t.textContent);
})"""


def _check_page(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    report = build_report(ClassWork(load_case(report_case(tmp_path)), simulated_class()), items=ITEMS)
    path = write_page(report, tmp_path / "out")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri())
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            charts = page.evaluate(CHARTS)
            assert len(charts) >= 8
            for chart in charts:
                assert chart["role"] == "img"
                assert chart["w"] > 100 and chart["h"] > 30 and chart["shapes"] > 0, chart
                assert len(chart["names"]) == 2 and all(len(text) > 20 for text in chart["names"]), chart
            # every label, value and note inside its chart (at 5 students "key: … · 100% right" ran off the edge)
            assert page.evaluate(CLIPPED) == []
            assert requests == [path.as_uri()]  # nothing fetched but the page itself
            from axe_playwright_python.sync_playwright import Axe

            results = Axe().run(page)
            assert results.violations_count == 0, results.generate_report()
            # the longest notes and values a real class gives (every verdict right; 1,000 of 1,000 found) fit too
            page.set_content(stacked_bars([("¶1 a claim", [("accurate", 3)], "key: Mostly accurate · 100% right")],
                                          VERDICT_COLOURS, {}, "t", "d")
                             + hbars([("¶1 a key item", 1.0, "100% (1000/1000)")], "t", "d"))
            assert page.evaluate(CLIPPED) == []
        finally:
            browser.close()


def test_every_chart_renders_with_a_text_alternative_and_axe_finds_nothing(tmp_path: Path) -> None:
    # In a thread of its own: the browser tests' session-wide Playwright keeps an event loop running in this
    # one, and Playwright's sync API refuses to start inside a running loop.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(_check_page, tmp_path).result()
