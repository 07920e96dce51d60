# Media Literacy Notebook Kit: `make lab` to use it, `make test` to test it. Both set everything up.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: lab test unit notebooks browser browser-faults lint typecheck bench release clean

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

## test: create or reuse .venv, install, run every test (lint, types, unit, notebooks, browser)
test: $(STAMP) lint typecheck unit notebooks browser browser-faults

lint: $(STAMP)
	$(VENV)/bin/ruff check helpers tests benchmarks

# strict for helpers/record and helpers/scoring, normal elsewhere (see [tool.mypy] in pyproject.toml)
typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(PY) -m pytest -m "not browser" -q

# Every notebook top to bottom on a fresh kernel; answers go to a scratch folder, not the repository.
notebooks: $(STAMP)
	MLKIT_ANSWERS_DIR=$$(mktemp -d) MPLBACKEND=module://matplotlib_inline.backend_inline \
		$(PY) -m pytest --nbval-lax -q -p no:cacheprovider notebooks

browser: $(STAMP)
	$(PY) -m pytest -m "browser and not faults" -q

# The fault suite of issue 13: no answer lost to second tabs, reopens, kernel deaths, failed writes.
browser-faults: $(STAMP)
	$(PY) -m pytest -m faults -q tests/browser/test_faults.py

bench: $(STAMP)
	$(PY) benchmarks/import_time.py
	$(PY) benchmarks/grading_throughput.py
	$(PY) benchmarks/save_latency.py --browser

## release: a copy of the kit for students, without answer keys (OUT=folder)
release: $(STAMP)
	$(PY) -m helpers release $(or $(OUT),student-release)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
