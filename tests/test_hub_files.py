"""The demo hub's config and the Zero to JupyterHub values, checked without starting anything.

The real hub is exercised by tests/hub/test_hub_e2e.py; these pin the promises a reader relies on:
loopback only, the demo-only login, one home per student, student kernels importing this kit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
HUB = ROOT / "hub"


@pytest.fixture
def hub_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """hub/jupyterhub_config.py loaded as JupyterHub loads it, with its state kept in tmp_path."""
    for name in ("MLKIT_HUB_PORT", "MLKIT_HUB_API_PORT", "MLKIT_PROXY_API_PORT", "MLKIT_KIT_ROOT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MLKIT_HUB_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("MLKIT_HUB_HOMES", str(tmp_path / "homes"))
    monkeypatch.setenv("MLKIT_HUB_PASSWORD", "a-shared-password")
    config = Config()
    path = HUB / "jupyterhub_config.py"
    code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
    exec(code, {"get_config": lambda: config, "__file__": str(path)})
    return config


def test_the_hub_listens_on_loopback_only(hub_config: Config):
    hub, proxy = hub_config.JupyterHub, hub_config.ConfigurableHTTPProxy
    for url in (hub.bind_url, hub.hub_bind_url, proxy.api_url):
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url), url


def test_login_is_the_shared_password_demo_and_says_so(hub_config: Config):
    assert hub_config.JupyterHub.authenticator_class == "shared-password"
    assert hub_config.SharedPasswordAuthenticator.user_password == "a-shared-password"
    assert "DEMO ONLY" in (HUB / "jupyterhub_config.py").read_text(encoding="utf-8")


def test_each_student_gets_a_home_under_the_homes_folder(hub_config: Config, tmp_path: Path):
    assert hub_config.JupyterHub.spawner_class == "jupyterhub.spawner.SimpleLocalProcessSpawner"
    assert hub_config.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "homes" / "{username}")
    assert (tmp_path / "homes").is_dir() and (tmp_path / "state").is_dir()


def test_student_kernels_import_this_kit_and_inherit_nothing_else(hub_config: Config):
    assert hub_config.Spawner.environment["PYTHONPATH"] == str(ROOT)
    assert set(hub_config.Spawner.env_keep) == {"PATH", "LANG", "LC_ALL"}  # not MLKIT_ANSWERS_DIR, not PYTHONPATH
    assert hub_config.Spawner.default_url == "/lab"


def test_the_proxy_comes_from_npm_into_hub_node_modules(hub_config: Config):
    assert hub_config.ConfigurableHTTPProxy.command == [str(HUB / "node_modules" / ".bin" / "configurable-http-proxy")]
    assert "configurable-http-proxy" in json.loads((HUB / "package.json").read_text(encoding="utf-8"))["dependencies"]
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"hub/node_modules/", "hub/state/", "hub/homes/"} <= set(ignored)


def _bytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([KMG]i?)?", quantity).groups()
    return float(number) * {None: 1, "K": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}[unit]


def test_z2jh_values_parse_and_size_users_as_documented():
    values = yaml.safe_load((HUB / "z2jh-config.yaml").read_text(encoding="utf-8"))
    single = values["singleuser"]
    assert single["image"]["tag"] not in {"latest", ""}
    assert single["defaultUrl"] == "/lab"
    memory, cpu = single["memory"], single["cpu"]
    # measured: ~540 MB with three notebooks open; +40% headroom must fit under the limit
    assert _bytes(memory["guarantee"]) <= _bytes(memory["limit"])
    assert _bytes(memory["limit"]) >= 540e6 * 1.4
    assert 0 < cpu["guarantee"] <= cpu["limit"]
