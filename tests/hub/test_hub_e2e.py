"""Two students on a real JupyterHub: the link pulls the kit, they tag in Chromium, an update of the kit
is pulled over their work, and the teacher collects and grades the class with the kit's commands.

Why: handing out (nbgitpuller), saving on the hub, updating the kit and collecting only meet on a real
hub. This starts hub/jupyterhub_config.py on free loopback ports, with the proxy from hub/node_modules,
and a bare git repository in tmp made from this checkout's HEAD as the kit's "remote" (nbgitpuller
passes ``repo`` to ``git clone``, so a ``file://`` URL works and nothing leaves the machine).
``collect`` and ``grade`` are run as the teacher would, through ``python -m helpers``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.hub

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHP = ROOT / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
PASSWORD = "hub-test-password"
KIT = "media-literacy-kit"  # the bare repository's folder name, so the folder each student gets
NOTEBOOK = "notebooks/02_tag_claims.ipynb"
STUDENTS = {"alice": ["f"], "bob": ["f", "o"]}  # keys pressed, one sentence further down each time
ARTIFACTS = ROOT / "test-artifacts"
ANSWERS_MIME = "application/vnd.mlkit.answers+json"


def _missing() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append("Debian's chromium at /usr/bin/chromium")
    if shutil.which("node") is None:
        missing.append("node (Node.js 20+)")
    if not CHP.exists():
        missing.append("hub/node_modules (run `npm ci --prefix hub`, or `make test-hub`)")
    if shutil.which("git") is None:
        missing.append("git")
    try:
        import jupyterhub  # noqa: F401
        import nbgitpuller  # noqa: F401
    except ImportError:
        missing.append("jupyterhub and nbgitpuller (pip install -r requirements-hub.txt)")
    return missing


@pytest.fixture(scope="module", autouse=True)
def requirements() -> None:
    """Skip off CI with a clear message when something is missing; on CI (CI=true) fail instead."""
    missing = _missing()
    if missing:
        message = "the hub test needs " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _git(*args: str, cwd: Path | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Teacher", "GIT_AUTHOR_EMAIL": "teacher@example.org"}
    env.update(GIT_COMMITTER_NAME="Teacher", GIT_COMMITTER_EMAIL="teacher@example.org")
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"git {' '.join(args)} failed: {done.stderr}"
    return done.stdout


def _kit_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m helpers …`` as a teacher runs it, importing this checkout's helpers."""
    env = {k: v for k, v in os.environ.items() if k not in {"MLKIT_ANSWERS_DIR", "JPY_SESSION_NAME"}}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "helpers", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@dataclass
class Hub:
    url: str
    homes: Path
    remote: Path
    teacher: Path
    log: Path


def _seed_home(home: Path) -> None:
    """JupyterLab settings a test needs, in the student's own ~/.jupyter: every cell rendered, no news prompt."""
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
    for plugin, values in {
        "notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        target = settings / plugin
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    base = tmp_path_factory.mktemp("hub")
    # The teacher's copy: this checkout's HEAD as a one-commit repository (works from a shallow clone too),
    # pushed to a bare "remote" named without ".git", since nbgitpuller names the student's folder after it.
    teacher, remote = base / "teacher", base / "remote" / KIT
    teacher.mkdir()
    archive = ["git", "-C", str(ROOT), "archive", "--format=tar", "HEAD"]
    snapshot = subprocess.run(archive, capture_output=True, check=True, timeout=120)
    with tarfile.open(fileobj=io.BytesIO(snapshot.stdout)) as tar:
        tar.extractall(teacher, filter="data")
    _git("init", "--quiet", "--initial-branch=main", str(teacher))
    _git("-C", str(teacher), "add", "--all")
    _git("-C", str(teacher), "commit", "--quiet", "-m", "The kit, as handed out")
    _git("init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    _git("-C", str(teacher), "push", "--quiet", str(remote), "main")
    homes = base / "homes"
    for student in STUDENTS:
        _seed_home(homes / student)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"MLKIT_ANSWERS_DIR", "JPY_SESSION_NAME"}}
    env.update(
        MLKIT_HUB_PORT=str(port),
        MLKIT_HUB_API_PORT=str(_free_port()),
        MLKIT_PROXY_API_PORT=str(_free_port()),
        MLKIT_HUB_STATE=str(base / "state"),
        MLKIT_HUB_HOMES=str(homes),
        MLKIT_HUB_PASSWORD=PASSWORD,
        MLKIT_KIT_ROOT=str(ROOT),
    )
    log_path = base / "hub.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(ROOT / "hub" / "jupyterhub_config.py")],
        cwd=base,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/hub/api/", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"jupyterhub did not start; see {log_path}") from None
            time.sleep(0.5)
    try:
        yield Hub(url, homes, remote, teacher, log_path)
    finally:
        process.terminate()  # JupyterHub stops the students' servers and the proxy it started
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _link(hub: Hub) -> str:
    done = _kit_cli("link", "--hub", hub.url, "--repo", f"file://{hub.remote}", "--notebook", NOTEBOOK)
    assert done.returncode == 0, done.stderr
    return next(line.strip() for line in done.stdout.splitlines() if "/hub/user-redirect/git-pull?" in line)


def _wait_for_kernel(page) -> None:
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
    time.sleep(0.5)


def _run_all(page) -> None:
    from playwright.sync_api import expect

    for attempt in range(2):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).first.click()
        try:
            page.locator(".mlkit-hl-article").first.wait_for(timeout=60_000)
            break
        except Exception:
            if attempt:
                raise
    expect(page.locator(".jp-InputArea-prompt", has_text="[*]")).to_have_count(0, timeout=90_000)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _log_in(browser, link: str, student: str):
    """Open the link in a fresh browser session and log in; nbgitpuller then clones the kit (not waited for)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(link)
    page.fill("input[name=username]", student)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    return context, page


def _wait_for_notebook(page, student: str) -> None:
    """nbgitpuller has cloned or merged, and sent the student on to the notebook (``urlpath``)."""
    page.wait_for_url(f"**/user/{student}/lab/tree/{KIT}/{NOTEBOOK}**", timeout=180_000)


def _tag_and_save(page, student: str, keys: list[str]) -> None:
    """Run notebook 02, tag sentences with the keyboard, save with Ctrl+S and wait for the PUT."""
    from playwright.sync_api import expect

    try:
        _wait_for_notebook(page, student)
        _wait_for_kernel(page)
        _run_all(page)

        page.locator(".mlkit-hl-article").first.focus()
        for key in keys:
            page.keyboard.press("ArrowDown")
            page.keyboard.press(key)
        n = len(keys)
        expect(page.locator(".mlkit-hl-count")).to_have_text(f"{n} tag{'' if n == 1 else 's'} so far.")
        expect(page.locator(".mlkit-hl-status")).to_contain_text("saved to disk")
        # the answers' mirror output (its text/plain line) must show the last tag before saving, or the
        # saved file would hold the one before it
        summary = f"Your saved answers (claims): {n} tagged claim{'' if n == 1 else 's'}"
        expect(page.get_by_text(summary)).to_have_count(1, timeout=30_000)

        page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
        with page.expect_response(
            lambda r: r.request.method == "PUT" and NOTEBOOK.split("/")[-1] in r.url and r.ok, timeout=60_000
        ):
            page.keyboard.press("Control+s")
        # the kernel reads the saved file back and says whether it holds the latest answers
        expect(page.locator(".mlkit-hl-status")).to_contain_text("the notebook file holds them too", timeout=30_000)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"hub-{student}.png"), full_page=True)
        raise


def test_hand_out_tag_update_collect_grade(hub: Hub, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    link = _link(hub)
    assert "branch=main" in link and f"lab%2Ftree%2F{KIT}%2F" in link

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            # both students log in at once (their servers start and clone side by side), then work in turn
            sessions = {student: _log_in(browser, link, student) for student in STUDENTS}
            for student, keys in STUDENTS.items():
                _tag_and_save(sessions[student][1], student, keys)
            for context, _ in sessions.values():
                context.close()

            saved = {s: hub.homes / s / KIT / NOTEBOOK for s in STUDENTS}
            autosaves = {s: sorted((saved[s].parent / "kit-files").glob("*.answers.json")) for s in STUDENTS}
            before = {s: (_sha(saved[s]), [_sha(p) for p in autosaves[s]]) for s in STUDENTS}
            for student in STUDENTS:
                assert autosaves[student], f"no autosave in kit-files beside {student}'s notebook 02"
                bundles = [
                    output["data"]
                    for cell in json.loads(saved[student].read_text(encoding="utf-8"))["cells"]
                    for output in cell.get("outputs", [])
                    if ANSWERS_MIME in output.get("data", {})
                ]
                assert bundles, f"{student}'s saved notebook holds no answers"
                # what a front end that does not know the kit's MIME type shows instead (VS Code, Colab)
                assert all("text/plain" in bundle for bundle in bundles)

            # The teacher edits a Markdown cell of notebook 01 and pushes the update.
            work = hub.teacher
            first = work / "notebooks" / "01_first_read.ipynb"
            notebook = json.loads(first.read_text(encoding="utf-8"))
            cell = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
            marker = "Updated by the teacher during the hub test."
            cell["source"] = "".join(cell["source"]) + f"\n\n{marker}"
            first.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            _git("-C", str(work), "commit", "--quiet", "-am", "Notebook 01: a clearer introduction")
            _git("-C", str(work), "push", "--quiet", str(hub.remote), "main")

            # log in again and follow the same link: nbgitpuller merges the update into each student's copy
            sessions = {student: _log_in(browser, link, student) for student in STUDENTS}
            for student, (context, page) in sessions.items():
                _wait_for_notebook(page, student)
                context.close()
        finally:
            browser.close()

    for student in STUDENTS:
        kit = hub.homes / student / KIT
        assert marker in (kit / "notebooks" / "01_first_read.ipynb").read_text(encoding="utf-8"), (
            f"{student} did not get the update"
        )
        after = (_sha(saved[student]),
                 [_sha(p) for p in sorted((saved[student].parent / "kit-files").glob("*.answers.json"))])
        assert after == before[student], f"{student}'s notebook 02 or autosave changed when the update was pulled"

    submissions, grades = tmp_path / "submissions", tmp_path / "grades"
    collected = _kit_cli("collect", "--from", str(hub.homes), "--out", str(submissions))
    assert collected.returncode == 0, collected.stderr
    assert "from 2 student(s)" in collected.stdout, collected.stdout
    for student in STUDENTS:
        copy = submissions / student / KIT / NOTEBOOK
        assert _sha(copy) == before[student][0]
        assert [_sha(p) for p in sorted((copy.parent / "kit-files").glob("*.answers.json"))] == before[student][1]
        assert (copy.stat().st_mode & 0o777) == 0o644
        assert copy.stat().st_mtime_ns == saved[student].stat().st_mtime_ns

    graded = _kit_cli("grade", str(submissions), "--out", str(grades))
    assert graded.returncode == 0, graded.stderr + graded.stdout
    with (grades / "gradebook.csv").open(encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}  # the hub user names, from collect
    for student, keys in STUDENTS.items():
        row = rows[student]
        assert row["files"] == f"{student}/{KIT}/{NOTEBOOK}", row
        assert row["claims_tags"] == str(len(keys)), row
        assert row["answers_from"] == "notebook", row
    print(f"hub test: hand out, tag, update, collect and grade took {time.monotonic() - started:.0f} s")
