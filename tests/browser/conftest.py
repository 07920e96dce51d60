"""A real JupyterLab (with Notebook 7) on 127.0.0.1 and headless Debian Chromium driven by Playwright.

Why: the widget, the keyboard work, the save status and the answers inside the saved notebook only
exist in a browser, so they are tested there. Each test gets its own copy of the notebooks.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
ARTIFACTS = ROOT / "test-artifacts"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test here as a browser test; skip them only off CI when Chromium is absent."""
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists() and os.environ.get("CI") != "true":
                item.add_marker(pytest.mark.skip(reason="needs Debian's chromium at /usr/bin/chromium"))


@dataclass
class Lab:
    """A running server: its base URL, token and root folder."""

    url: str
    token: str
    root: Path

    def lab(self, path: str) -> str:
        # `reset`: start from an empty workspace, or JupyterLab reopens the tabs an earlier test left open
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}"

    def notebook7(self, path: str) -> str:
        return f"{self.url}/notebooks/{path}?token={self.token}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """Start ``jupyter lab`` on a free loopback port with every cell rendered (no windowing)."""
    yield from running_lab(tmp_path_factory.mktemp("lab"))


def running_lab(base: Path, extra_env: dict[str, str] | None = None) -> Iterator[Lab]:
    """A ``jupyter lab`` server in ``base`` whose kernels also get ``extra_env`` (e.g. ``MLKIT_CASE``)."""
    root = base / "root"
    root.mkdir()
    settings = base / "settings"
    for plugin, values in {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }.items():
        target = settings / plugin
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    token = secrets.token_hex(16)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"MLKIT_ANSWERS_DIR", "JPY_SESSION_NAME", "MLKIT_CASE"}}
    env.update(extra_env or {})
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTER_DATA_DIR=str(base / "data"),
        JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"),
    )
    log = (base / "lab.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"jupyter lab did not start; see {base / 'lab.log'}") from None
            time.sleep(0.3)
    yield Lab(url, token, root)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def workdir(lab: Lab, request: pytest.FixtureRequest) -> Path:
    """A fresh folder under the server root holding a copy of the kit's notebooks."""
    folder = lab.root / request.node.name.replace("[", "-").replace("]", "")
    shutil.copytree(ROOT / "notebooks", folder, ignore=shutil.ignore_patterns("*.answers.json", ".mlkit", "kit-files"))
    return folder


@pytest.fixture(scope="session", autouse=True)
def patient_assertions() -> None:
    """Give ``expect`` the same patience as the page: on two busy cores a restart can take over 5 s."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium (Playwright cannot download browsers here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A new page; on failure a screenshot and the browser's console (where a widget that fails to render says
    why: the page itself shows only "Click to show javascript error") are kept in test-artifacts/."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"page error: {error}"))
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        (ARTIFACTS / f"{request.node.name}.console.txt").write_text("\n".join(console), encoding="utf-8")
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
