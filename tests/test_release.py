"""A student release carries everything but the answer keys."""

from pathlib import Path

import pytest

from helpers.release import make_release


def test_release_has_notebooks_and_cases_but_no_keys(tmp_path: Path):
    out = make_release(tmp_path / "student")
    assert (out / "notebooks" / "02_tag_claims.ipynb").is_file()
    assert (out / "lessons" / "cases" / "sochi-2015" / "article.md").is_file()
    assert not list(out.rglob("key"))
    assert not list(out.rglob("claims.csv"))


def test_release_refuses_to_overwrite_without_force(tmp_path: Path):
    make_release(tmp_path / "student")
    with pytest.raises(FileExistsError):
        make_release(tmp_path / "student")
    make_release(tmp_path / "student", force=True)
