# StateTrace Ingest: every target sets up what it needs, so a fresh machine needs only `make run` / `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen
SHARED := ../shared

.PHONY: run test lint unit system-deps venv conformance bench screenshots package clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,package]'  # package: tests/packaging builds the bundle
	@touch $(STAMP)

venv: $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

run: system-deps $(STAMP)
	QT_QPA_PLATFORM= $(VENV)/bin/statetrace $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check engine statetrace_gui tests scripts packaging
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

unit: $(STAMP)
	$(PY) -m pytest -q -n 2 $(PYTEST_ARGS)

test: system-deps $(STAMP) lint unit

conformance: $(STAMP)
	$(PY) $(SHARED)/tools/ntc_conformance.py --speed

bench: system-deps $(STAMP)
	$(PY) -m engine.cli bench-throughput --size 100MB

screenshots: system-deps $(STAMP)
	bash scripts/screenshots.sh

package: system-deps $(STAMP)
	$(PY) -m pip install -q -e '.[package]'
	bash packaging/build.sh

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
