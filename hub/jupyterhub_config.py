"""A demonstration JupyterHub for the kit on one machine: `make hub`, then open http://127.0.0.1:8000.

DEMO ONLY. Do not put this on a network others can reach:
- Authentication is JupyterHub's SharedPasswordAuthenticator: anyone who knows the one shared password
  can log in as ANY (non-admin) user name, and the password sits in plain text in the environment.
- SimpleLocalProcessSpawner runs every student's server as the hub's own system user, with HOME set to
  hub/homes/<user>. Students are not isolated from each other or from the machine. JupyterHub's own
  docs say it is for testing only. It is used here because creating system users is not possible (or
  wise) in a container; TLJH and Zero to JupyterHub give each student a real user or a container.

What it shows is what a real hub does for the kit: one home folder per student, nbgitpuller installed
(its server extension is enabled by `pip install nbgitpuller`), the kit's `helpers` importable in every
student's kernel, JupyterLab as the default interface.

Everything is on 127.0.0.1. Settings come from the environment so the end-to-end test can run a private
copy on free ports (tests/hub/test_hub_e2e.py):
  MLKIT_HUB_PORT        public port (8000)          MLKIT_HUB_API_PORT    hub's internal API port (8081)
  MLKIT_PROXY_API_PORT  the proxy's REST API (8001) MLKIT_HUB_STATE       database, cookie secret (hub/state)
  MLKIT_HUB_HOMES       one folder per student (hub/homes)
  MLKIT_HUB_PASSWORD    the shared password (at least 8 characters; `make hub` sets one and prints it)
  MLKIT_KIT_ROOT        the folder whose `helpers` package student kernels import (this checkout)
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides get_config when it loads this file)

HERE = Path(__file__).resolve().parent
KIT_ROOT = Path(os.environ.get("MLKIT_KIT_ROOT", HERE.parent)).resolve()
STATE = Path(os.environ.get("MLKIT_HUB_STATE", HERE / "state")).resolve()
HOMES = Path(os.environ.get("MLKIT_HUB_HOMES", HERE / "homes")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
HOMES.mkdir(parents=True, exist_ok=True)
BIN = Path(sys.executable).parent  # the environment JupyterHub runs in; student servers use the same one

# --- network: loopback only --------------------------------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{os.environ.get('MLKIT_HUB_PORT', '8000')}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ.get('MLKIT_HUB_API_PORT', '8081')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('MLKIT_PROXY_API_PORT', '8001')}"
# configurable-http-proxy comes from npm, installed into hub/node_modules by `npm install --prefix hub`
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# --- state: kept out of the repository ------------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# --- authentication: DEMO ONLY (see the top of this file) -----------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("MLKIT_HUB_PASSWORD") or None
c.Authenticator.allow_all = True  # any user name may log in with the shared password

# --- one home folder per student on this machine: DEMO ONLY ---------------------------------------------
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
# Student kernels must import the kit's helpers from KIT_ROOT (not whatever the hub's shell had), and
# nothing of the teacher's own Jupyter set-up may leak in: only these variables are passed on.
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL"]
c.Spawner.environment = {
    "PYTHONPATH": str(KIT_ROOT),
    "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
}
if hasattr(os, "geteuid") and os.geteuid() == 0:
    # Containers and CI machines are often root; Jupyter Server refuses root unless told.
    c.Spawner.args = ["--allow-root"]
c.Spawner.start_timeout = 120  # two busy cores can take a while to start a server
c.Spawner.http_timeout = 120
