"""Hand the kit out with one link: nbgitpuller for a JupyterHub or a Canvas LTI launch, and Binder.

Why: a student who clicks the link gets (or updates) their own copy of the kit on the hub and lands on
the first notebook, without touching git. The links follow nbgitpuller's own link generator
(``docs/_static/link_gen/link.js`` in jupyterhub/nbgitpuller): ``<hub>/hub/user-redirect/git-pull?repo=…
&branch=…&urlpath=…``, and for Canvas ``<hub>/hub/lti/launch?next=<that path, encoded>``. Two of
nbgitpuller's defaults bite: ``branch`` means ``master`` unless given, and ``urlpath`` is relative to the
server's root, so it must start with the folder the repository is cloned into (the last part of the
repository URL, as nbgitpuller's server names it; a ``.git`` ending is dropped and passed as
``targetPath`` so the folder and the link agree).

Standard library only, and no import from the rest of ``helpers``: this stage stands alone.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

__all__ = ["Links", "make_links"]

DEFAULT_BRANCH = "main"
DEFAULT_NOTEBOOK = "notebooks/00_welcome.ipynb"
DEFAULT_BINDERHUB = "https://mybinder.org"
KIT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Links:
    """The three links for one repository, branch and notebook."""

    hub: str
    canvas: str
    binder: str
    folder: str


def clone_folder(repo: str) -> tuple[str, bool]:
    """The folder nbgitpuller clones ``repo`` into, and whether ``targetPath`` must say so.

    nbgitpuller's server takes the text after the last ``/`` of the URL (after the ``:`` of an
    scp-like ``git@host:repo``); a trailing ``.git`` stays on unless ``targetPath`` is given.
    """
    last = repo.rstrip("/").split("/")[-1].split(":")[-1]
    folder = last[: -len(".git")] if last.endswith(".git") else last
    if not folder or folder in {".", ".."}:
        raise ValueError(f"cannot tell the folder name from the repository URL {repo!r}")
    return folder, folder != last


def _params(repo: str, branch: str, notebook: str) -> tuple[str, str]:
    folder, needs_target = clone_folder(repo)
    params = {"repo": repo, "branch": branch, "urlpath": f"lab/tree/{folder}/{notebook.lstrip('/')}"}
    if needs_target:
        params["targetPath"] = folder
    return urlencode(params), folder


def _base(hub: str) -> str:
    parts = urlsplit(hub)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"the hub must be an http(s) URL, not {hub!r}")
    return hub.rstrip("/")


def binder_link(repo: str, branch: str, notebook: str, binderhub: str = DEFAULT_BINDERHUB) -> str:
    """A Binder link that builds this repository itself (its ``binder/`` folder) and opens ``notebook``.

    On Binder the repository *is* the home folder, so ``urlpath`` has no folder name in front.
    GitHub repositories use BinderHub's ``gh`` provider; any other git URL its ``git`` provider.
    """
    urlpath = urlencode({"urlpath": f"lab/tree/{notebook.lstrip('/')}"})
    github = re.match(r"^(?:https://github\.com/|git@github\.com:)([^/]+)/([^/]+?)(?:\.git)?/?$", repo)
    if github:
        owner, name = github.groups()
        return f"{_base(binderhub)}/v2/gh/{owner}/{name}/{quote(branch, safe='')}?{urlpath}"
    return f"{_base(binderhub)}/v2/git/{quote(repo, safe='')}/{quote(branch, safe='')}?{urlpath}"


def make_links(
    hub: str,
    repo: str,
    branch: str = DEFAULT_BRANCH,
    notebook: str = DEFAULT_NOTEBOOK,
    binderhub: str = DEFAULT_BINDERHUB,
) -> Links:
    """The nbgitpuller link for ``hub``, its Canvas LTI form, and a Binder link, all opening ``notebook``."""
    if not branch:
        raise ValueError("give the branch: nbgitpuller would otherwise pull 'master'")
    query, folder = _params(repo, branch, notebook)
    base = _base(hub)
    pull_path = f"/hub/user-redirect/git-pull?{query}"
    return Links(
        hub=f"{base}{pull_path}",
        canvas=f"{base}/hub/lti/launch?{urlencode({'next': pull_path})}",
        binder=binder_link(repo, branch, notebook, binderhub),
        folder=folder,
    )


def default_repo(root: Path = KIT_ROOT) -> str | None:
    """The ``origin`` remote of the kit's own checkout, when it has one."""
    try:
        found = subprocess.run(
            ["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if found.returncode != 0:
        return None
    return found.stdout.strip() or None


def describe(links: Links, branch: str, notebook: str) -> str:
    """The text ``python -m helpers link`` prints."""
    return "\n".join(
        [
            f"JupyterHub (students click it; the kit lands in ~/{links.folder}, branch {branch}, opening {notebook}):",
            f"  {links.hub}",
            "Canvas (an External Tool / LTI launch of the same hub):",
            f"  {links.canvas}",
            "Binder (builds the kit from its binder/ folder; idle servers stop after minutes, so students download"
            " their work):",
            f"  {links.binder}",
        ]
    )
