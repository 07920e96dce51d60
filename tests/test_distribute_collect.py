"""Collecting from hub home folders: only saved notebooks and autosaves, never through a link, never changed."""

from __future__ import annotations

import importlib
import os
import stat
from pathlib import Path

import pytest

from helpers.cli import main
from helpers.distribute.collect import collect, describe

collect_module = importlib.import_module("helpers.distribute.collect")  # the package's `collect` is the function

KIT = "media-literacy-kit"


def _file(path: Path, text: str = '{"cells": []}', mode: int = 0o600, mtime: int = 1_700_000_000) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    os.utime(path, (mtime, mtime))
    return path


def _home(homes: Path, student: str) -> Path:
    kit = homes / student / KIT
    _file(kit / "notebooks" / "02_tag_claims.ipynb", f'{{"student": "{student}"}}')
    _file(kit / "notebooks" / "02_tag_claims.claims.answers.json", '{"items": []}')
    return kit


def _reasons(report) -> dict[str, str]:
    return {path.name: reason for path, reason in report.skipped}


def test_saved_notebooks_and_autosaves_land_in_nbgraders_layout(tmp_path: Path):
    homes = tmp_path / "homes"
    for student in ("alice", "bob"):
        _home(homes, student)
    report = collect(homes, tmp_path / "out")
    assert report.students == {"alice", "bob"}
    assert sorted(str(d.relative_to(tmp_path / "out")) for _, d in report.collected) == [
        f"{s}/{KIT}/notebooks/{f}"
        for s in ("alice", "bob")
        for f in ("02_tag_claims.claims.answers.json", "02_tag_claims.ipynb")
    ]
    assert (tmp_path / "out" / "bob" / KIT / "notebooks" / "02_tag_claims.ipynb").read_text() == '{"student": "bob"}'


def test_copies_are_0644_with_the_original_mtime_and_the_original_is_untouched(tmp_path: Path):
    kit = _home(tmp_path / "homes", "alice")
    source = kit / "notebooks" / "02_tag_claims.ipynb"
    before = source.stat()
    collect(tmp_path / "homes", tmp_path / "out")
    copy = tmp_path / "out" / "alice" / KIT / "notebooks" / "02_tag_claims.ipynb"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o644
    assert copy.stat().st_mtime_ns == before.st_mtime_ns
    after = source.stat()
    assert (after.st_mode, after.st_mtime_ns, after.st_size) == (before.st_mode, before.st_mtime_ns, before.st_size)
    assert source.read_text() == '{"student": "alice"}'


def test_a_symlink_to_etc_passwd_named_like_a_notebook_is_skipped(tmp_path: Path):
    kit = _home(tmp_path / "homes", "mallory")
    (kit / "notebooks" / "x.ipynb").symlink_to("/etc/passwd")
    report = collect(tmp_path / "homes", tmp_path / "out")
    assert "symbolic link" in _reasons(report)["x.ipynb"]
    assert not (tmp_path / "out" / "mallory" / KIT / "notebooks" / "x.ipynb").exists()


def test_a_hard_link_is_skipped(tmp_path: Path):
    kit = _home(tmp_path / "homes", "mallory")
    secret = _file(tmp_path / "outside" / "secret.txt", "not the student's")
    os.link(secret, kit / "notebooks" / "x.ipynb")
    report = collect(tmp_path / "homes", tmp_path / "out")
    assert "hard link" in _reasons(report)["x.ipynb"]
    assert not (tmp_path / "out" / "mallory" / KIT / "notebooks" / "x.ipynb").exists()


def test_a_symlinked_folder_inside_a_home_is_not_followed(tmp_path: Path):
    kit = _home(tmp_path / "homes", "mallory")
    elsewhere = _file(tmp_path / "teacher" / "key.ipynb").parent
    (kit / "notebooks" / "more").symlink_to(elsewhere, target_is_directory=True)
    report = collect(tmp_path / "homes", tmp_path / "out")
    assert "not followed" in _reasons(report)["more"]
    assert not list((tmp_path / "out").rglob("key.ipynb"))


def test_a_home_or_kit_folder_that_is_a_symlink_is_not_followed(tmp_path: Path):
    homes = tmp_path / "homes"
    other = _home(tmp_path / "elsewhere", "victim").parent
    homes.mkdir()
    (homes / "mallory").symlink_to(other, target_is_directory=True)
    (homes / "eve").mkdir()
    (homes / "eve" / KIT).symlink_to(other / KIT, target_is_directory=True)
    report = collect(homes, tmp_path / "out", assignment=KIT)
    assert report.collected == []
    assert {"mallory", KIT} <= set(_reasons(report))


def test_a_fifo_named_like_a_notebook_is_skipped_without_blocking(tmp_path: Path):
    kit = _home(tmp_path / "homes", "mallory")
    os.mkfifo(kit / "notebooks" / "x.ipynb")
    report = collect(tmp_path / "homes", tmp_path / "out")
    assert _reasons(report)["x.ipynb"] == "not a regular file"
    assert len(report.collected) == 2


def test_a_file_over_the_cap_is_skipped_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    kit = _home(tmp_path / "homes", "mallory")
    huge = kit / "notebooks" / "huge.ipynb"
    with huge.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024 * 1024)  # 5 GiB, sparse
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(collect_module.os, "open", lambda p, *a, **k: opened.append(str(p)) or real_open(p, *a, **k))
    report = collect(tmp_path / "homes", tmp_path / "out", max_bytes=1024 * 1024)
    assert "larger than" in _reasons(report)["huge.ipynb"]
    assert huge.name not in [Path(p).name for p in opened]


def test_only_notebooks_and_autosaves_are_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    kit = _home(tmp_path / "homes", "alice")
    _file(kit / "notebooks" / "diary.txt", "private")
    _file(tmp_path / "homes" / "alice" / ".ssh" / "id_rsa.ipynb", "secret")
    _file(kit / ".git" / "config.ipynb", "git")
    _file(kit / "notebooks" / ".ipynb_checkpoints" / "02_tag_claims-checkpoint.ipynb")
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(collect_module.os, "open", lambda p, *a, **k: opened.append(str(p)) or real_open(p, *a, **k))
    collect(tmp_path / "homes", tmp_path / "out")
    files = [Path(p).name for p in opened if Path(p).suffix]  # folders are opened too, to walk them
    assert sorted(files) == ["02_tag_claims.claims.answers.json", "02_tag_claims.ipynb"]
    assert not any(Path(p).name in {".ssh", ".git", ".ipynb_checkpoints"} for p in opened)


def test_odd_unicode_names_are_kept_and_unusable_ones_skipped(tmp_path: Path):
    homes = tmp_path / "homes"
    kit = _home(homes, "józef")
    _file(kit / "notebooks" / "Zoë 📓 ﬁnal copy.ipynb")
    _file(kit / "notebooks" / "evil\u202egnp.ipynb")  # right-to-left override: not printable
    _file(kit / "notebooks" / "new\nline.ipynb")
    raw = os.fsencode(kit / "notebooks") + b"/bad-\xff.ipynb"
    with open(raw, "w") as handle:
        handle.write("{}")
    report = collect(homes, tmp_path / "out")
    assert (tmp_path / "out" / "józef" / KIT / "notebooks" / "Zoë 📓 ﬁnal copy.ipynb").exists()
    reasons = [reason for _, reason in report.skipped]
    assert reasons.count("file name cannot be used safely") == 3
    text = describe(report, tmp_path / "out")
    text.encode("utf-8")  # printable whatever the names hold
    assert "bad-\\xff.ipynb" in text and "new\\nline.ipynb" in text and "evil\\u202egnp" in text
    assert all(line.startswith(("Collected", "  collected", "  skipped")) for line in text.splitlines())


def test_only_kit_folders_and_not_nbgitpuller_backups_are_collected_by_default(tmp_path: Path):
    homes = tmp_path / "homes"
    _home(homes, "alice")
    _file(homes / "alice" / "scratch" / "mine.ipynb")
    _file(homes / "alice" / f"{KIT}_backup_20261130052529" / "notebooks" / "02_tag_claims.ipynb")
    report = collect(homes, tmp_path / "out")
    assert {d.relative_to(tmp_path / "out").parts[1] for _, d in report.collected} == {KIT}
    assert "backup" in _reasons(report)[f"{KIT}_backup_20261130052529"]


def test_the_newest_nbgrader_exchange_submission_is_collected(tmp_path: Path):
    inbound = tmp_path / "exchange" / "course101" / "inbound"
    _file(inbound / "carol+kit+2026-11-01 10:00:00.000000 UTC" / "02_tag_claims.ipynb", "old")
    _file(inbound / "carol+kit+2026-11-02 09:00:00.000000 UTC+a1b2c3" / "02_tag_claims.ipynb", "new")
    _file(inbound / "not-a-submission" / "x.ipynb")
    report = collect(None, tmp_path / "out", exchange=inbound.parent)
    assert (tmp_path / "out" / "carol" / "kit" / "02_tag_claims.ipynb").read_text() == "new"
    assert report.students == {"carol"}
    assert "not an nbgrader submission folder" in _reasons(report)["not-a-submission"]


def test_tljh_homes_drop_their_prefix_and_other_folders_are_left_alone(tmp_path: Path):
    homes = tmp_path / "home"
    _home(homes, "jupyter-alice")
    _home(homes, "ubuntu")  # the machine's own admin account, not a hub user
    report = collect(homes, tmp_path / "out", strip_prefix="jupyter-")
    assert report.students == {"alice"}
    assert {d.relative_to(tmp_path / "out").parts[0] for _, d in report.collected} == {"alice"}


def test_the_output_folder_may_not_sit_inside_the_homes(tmp_path: Path):
    _home(tmp_path / "homes", "alice")
    with pytest.raises(ValueError, match="must not be inside"):
        collect(tmp_path / "homes", tmp_path / "homes" / "alice" / "out")


def test_cli_reports_what_it_collected_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    kit = _home(tmp_path / "homes", "alice")
    (kit / "notebooks" / "x.ipynb").symlink_to("/etc/passwd")
    assert main(["collect", "--from", str(tmp_path / "homes"), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Collected 2 file(s) from 1 student(s)")
    assert "skipped" in out and "x.ipynb: symbolic link (not followed)" in out


def test_cli_refuses_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["collect", "--from", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_only_the_kits_notebooks_folder_is_collected(tmp_path):
    """The kit's own tests/ hold saved example answers that belong to no student: never collected."""
    homes = tmp_path / "homes"
    kit = homes / "alice" / "media-literacy-kit"
    (kit / "notebooks").mkdir(parents=True)
    (kit / "notebooks" / "02_tag_claims.ipynb").write_text("{}", encoding="utf-8")
    (kit / "tests" / "fixtures").mkdir(parents=True)
    (kit / "tests" / "fixtures" / "02_tag_claims.ipynb").write_text("{}", encoding="utf-8")
    out = tmp_path / "out"
    collect(homes, out)
    found = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ipynb"))
    assert found == ["alice/media-literacy-kit/notebooks/02_tag_claims.ipynb"]
