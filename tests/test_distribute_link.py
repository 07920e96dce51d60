"""nbgitpuller links: branch and folder name always present, Canvas and Binder forms match nbgitpuller's generator."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from helpers.cli import main
from helpers.distribute import link as link_module
from helpers.distribute.link import clone_folder, make_links

REPO = "https://github.com/school/media-literacy-kit"


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_hub_link_names_the_branch_and_the_clone_folder():
    links = make_links("https://hub.example.edu", REPO)
    parts = urlsplit(links.hub)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    assert _query(links.hub) == {
        "repo": REPO,
        "branch": "main",
        "urlpath": "lab/tree/media-literacy-kit/notebooks/00_welcome.ipynb",
    }


def test_a_dot_git_url_gets_a_target_path_so_folder_and_link_agree():
    query = _query(make_links("https://hub.example.edu/", REPO + ".git").hub)
    assert query["targetPath"] == "media-literacy-kit"
    assert query["urlpath"].startswith("lab/tree/media-literacy-kit/")


def test_a_hub_under_a_path_and_a_trailing_slash_keep_one_slash():
    links = make_links("https://school.example.org/jupyter/", REPO + "/", notebook="/notebooks/02_tag_claims.ipynb")
    assert links.hub.startswith("https://school.example.org/jupyter/hub/user-redirect/git-pull?")
    assert _query(links.hub)["urlpath"] == "lab/tree/media-literacy-kit/notebooks/02_tag_claims.ipynb"


def test_canvas_link_is_an_lti_launch_whose_next_is_the_hub_link_path():
    links = make_links("https://hub.example.edu", REPO, branch="spring")
    assert urlsplit(links.canvas).path == "/hub/lti/launch"
    following = _query(links.canvas)["next"]
    assert following == links.hub.removeprefix("https://hub.example.edu")
    assert _query(following)["branch"] == "spring"


def test_binder_link_builds_the_kit_itself_and_opens_the_notebook_at_the_root():
    links = make_links("https://hub.example.edu", REPO)
    assert links.binder.startswith("https://mybinder.org/v2/gh/school/media-literacy-kit/main?")
    assert _query(links.binder) == {"urlpath": "lab/tree/notebooks/00_welcome.ipynb"}


def test_binder_link_for_a_repository_outside_github_uses_the_git_provider():
    links = make_links("https://hub.example.edu", "https://git.example.org/class/kit.git")
    assert links.binder.startswith("https://mybinder.org/v2/git/https%3A%2F%2Fgit.example.org%2Fclass%2Fkit.git/main?")


@pytest.mark.parametrize(
    ("repo", "folder"),
    [
        ("git@github.com:school/kit.git", "kit"),
        ("file:///srv/git/kit", "kit"),
        ("/srv/git/kit/", "kit"),
    ],
)
def test_clone_folder_follows_nbgitpuller(repo: str, folder: str):
    assert clone_folder(repo)[0] == folder


@pytest.mark.parametrize(("hub", "branch"), [("hub.example.edu", "main"), ("https://hub.example.edu", "")])
def test_a_hub_without_scheme_or_an_empty_branch_is_refused(hub: str, branch: str):
    with pytest.raises(ValueError):
        make_links(hub, REPO, branch=branch)


def test_cli_prints_the_three_links(capsys: pytest.CaptureFixture[str]):
    assert main(["link", "--hub", "https://hub.example.edu", "--repo", REPO]) == 0
    out = capsys.readouterr().out
    assert out.count("https://") == 3
    assert "branch=main" in out and "/hub/lti/launch?next=" in out and "mybinder.org/v2/gh/" in out


def test_cli_without_a_repository_says_what_to_give(monkeypatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr(link_module, "default_repo", lambda: None)
    assert main(["link", "--hub", "https://hub.example.edu"]) == 2
    assert "--repo" in capsys.readouterr().err
