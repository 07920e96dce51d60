"""The files repo2docker (Binder) reads, checked against what its documentation and code say it does.

repo2docker is not run here (it needs Docker and the network). What it does with these files, from
jupyterhub/repo2docker: once ``binder/`` exists only files in it count (``docs/source/use/repository.md``),
so the root ``pyproject.toml`` and its ``requires-python`` are ignored and the Python version comes from
``binder/runtime.txt`` (default 3.10, ``major_pythons`` in ``buildpacks/conda``); a ``requirements.txt``
with a local reference (``-r``, ``-e .``) is installed after the whole repository is copied, with pip
run from the repository's root (``WORKDIR ${REPO_DIR}``); ``postBuild`` runs after that.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def _requirements(path: Path) -> list[str]:
    """Requirement lines, following ``-r`` relative to the including file, as pip does."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("-r "):
            lines += _requirements((path.parent / line[3:].strip()).resolve())
        elif line:
            lines.append(line)
    return lines


def test_one_binder_folder_and_no_dot_binder():
    assert BINDER.is_dir()
    assert not (ROOT / ".binder").exists(), "repo2docker refuses a repository with both binder/ and .binder/"


def test_runtime_python_satisfies_the_kits_requires_python():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert match, f"runtime.txt must read python-3.x, not {runtime!r}"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    minimum = int(re.fullmatch(r">=\s*3\.(\d+)", requires).group(1))
    assert int(match.group(1)) >= minimum


def test_binder_requirements_install_the_kits_runtime_and_its_helpers():
    binder = _requirements(BINDER / "requirements.txt")
    assert binder == _requirements(ROOT / "requirements.txt")
    assert "-e ." in binder  # resolved from the repository root, where repo2docker runs pip
    names = {re.split(r"[<>=!~ \[]", line)[0].lower() for line in binder if not line.startswith("-")}
    assert {"jupyterlab", "ipykernel", "anywidget", "ipywidgets"} <= names


def test_post_build_is_an_executable_bash_script_that_stops_on_errors():
    script = BINDER / "postBuild"
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n")
    assert "set -euo pipefail" in text
    assert os.access(script, os.X_OK)


def test_post_build_commands_exist_in_the_kit():
    commands = [
        line for line in (BINDER / "postBuild").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith(("#", "set "))
    ]
    assert commands == ["python -m helpers check-case lessons/cases/sochi-2015"]
    assert (ROOT / "lessons" / "cases" / "sochi-2015").is_dir()
