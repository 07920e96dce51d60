# Media Literacy Notebook Kit: `make lab` to use it, `make test` to test it. Both set everything up.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: lab test unit notebooks browser browser-faults lint typecheck bench release clean hub test-hub

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## lab: create .venv, install, and open JupyterLab on the welcome notebook
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) notebooks/00_welcome.ipynb

## test: create or reuse .venv, install, run every test (lint, types, unit, notebooks, browser, faults, hub)
test: $(STAMP) lint typecheck unit notebooks browser browser-faults test-hub

lint: $(STAMP)
	$(VENV)/bin/ruff check helpers tests benchmarks

# strict for helpers/record and helpers/scoring, normal elsewhere (see [tool.mypy] in pyproject.toml)
typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(PY) -m pytest -m "not browser and not hub" -q

# Every notebook top to bottom on a fresh kernel; answers go to a scratch folder, not the repository.
notebooks: $(STAMP)
	MLKIT_ANSWERS_DIR=$$(mktemp -d) MPLBACKEND=module://matplotlib_inline.backend_inline \
		$(PY) -m pytest --nbval-lax -q -p no:cacheprovider notebooks

browser: $(STAMP)
	$(PY) -m pytest -m "browser and not faults" -q

# The fault suite of issue 13: no answer lost to second tabs, reopens, kernel deaths, failed writes.
browser-faults: $(STAMP)
	$(PY) -m pytest -m faults -q tests/browser/test_faults.py

## hub: a demo JupyterHub on http://127.0.0.1:8000 (shared password, local home folders: DEMO ONLY)
HUB_STAMP := $(VENV)/.hub-installed
CHP       := hub/node_modules/.bin/configurable-http-proxy
HUB_PASSWORD ?= mlkit-demo

$(HUB_STAMP): $(STAMP) requirements-hub.txt
	$(PY) -m pip install --quiet -r requirements-hub.txt
	touch $(HUB_STAMP)

# configurable-http-proxy, JupyterHub's proxy, comes from npm into hub/node_modules (git-ignored)
# (without npm this says so and goes on: the hub test then skips, except on CI where it fails)
$(CHP): hub/package.json hub/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix hub --no-audit --no-fund --loglevel=error && touch $(CHP); \
	else echo "npm not found: install Node.js 20+ for the demo hub (its proxy comes from npm)"; fi

hub: $(HUB_STAMP) $(CHP)
	@echo "Demo hub: http://127.0.0.1:8000 - any user name, password '$(HUB_PASSWORD)' (DEMO ONLY, see hub/jupyterhub_config.py)"
	@echo "Hand out the kit with: $(PY) -m helpers link --hub http://127.0.0.1:8000 --repo <the kit's git URL>"
	MLKIT_HUB_PASSWORD='$(HUB_PASSWORD)' $(VENV)/bin/jupyterhub -f hub/jupyterhub_config.py

## test-hub: two students on a real hub: pull the kit, tag in Chromium, pull an update, collect, grade
test-hub: $(HUB_STAMP) $(CHP)
	$(PY) -m pytest -m hub -q

bench: $(STAMP)
	$(PY) benchmarks/import_time.py
	$(PY) benchmarks/grading_throughput.py
	$(PY) benchmarks/class_scale.py
	$(PY) benchmarks/report_scale.py
	$(PY) benchmarks/save_latency.py --browser

## release: a copy of the kit for students, without answer keys (OUT=folder)
release: $(STAMP)
	$(PY) -m helpers release $(or $(OUT),student-release)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
