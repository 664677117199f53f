# StateTrace Ingest: every target sets up what it needs, so a fresh machine needs only `make run` / `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# constraints.txt pins every dependency to the versions CI tested (`make constraints` regenerates it).
CONSTRAINTS := constraints.txt
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed-dev
export QT_QPA_PLATFORM ?= offscreen
SHARED := ../shared

.PHONY: run test soak test-latest lint unit system-deps venv conformance bench screenshots package constraints clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# `make run` needs the runtime dependencies only; every other target also gets the test, lint and
# package extras (tests/packaging builds the wheel and the bundle).
$(RUN_STAMP): pyproject.toml setup.py $(CONSTRAINTS) | $(PY)
	$(PY) -m pip install -q -c $(CONSTRAINTS) -e .
	@touch $@

$(STAMP): pyproject.toml setup.py $(CONSTRAINTS) | $(PY)
	$(PY) -m pip install -q -c $(CONSTRAINTS) -e '.[test,lint,package]'
	@touch $@ $(RUN_STAMP)

venv: $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

run: system-deps $(RUN_STAMP)
	QT_QPA_PLATFORM= $(VENV)/bin/statetrace $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check engine statetrace_gui tests scripts packaging setup.py
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

unit: $(STAMP)
	$(PY) -m pytest -q -n 2 $(PYTEST_ARGS)

test: system-deps $(STAMP) lint unit

# The reliability suite at length: SOAK_ROUNDS kill rounds per scenario, SOAK_FUZZ examples per fuzz target,
# the 30 s BEGIN EXCLUSIVE hold. Figures go to the terminal; the last ones are kept in docs/reliability.md.
SOAK_ROUNDS ?= 50
SOAK_FUZZ ?= 5000
SOAK_PROPERTY ?= 100
soak: system-deps $(STAMP)
	STATETRACE_SOAK=1 STATETRACE_KILL_ROUNDS=$(SOAK_ROUNDS) \
		$(PY) -m pytest -q -n 2 tests/reliability --ignore=tests/reliability/test_fuzz.py $(PYTEST_ARGS)
	# in one process, so the summary prints the CPU ms/KB figures of every fuzz target
	STATETRACE_FUZZ_EXAMPLES=$(SOAK_FUZZ) $(PY) -m pytest -q -p no:xdist tests/reliability/test_fuzz.py $(PYTEST_ARGS)
	# the capture-order property (orders x drops x processes x CLI/window) at length
	STATETRACE_PROPERTY_EXAMPLES=$(SOAK_PROPERTY) $(PY) -m pytest -q -p no:xdist tests/engine/ingest/test_capture_order_property.py $(PYTEST_ARGS)

conformance: $(STAMP)
	$(PY) $(SHARED)/tools/ntc_conformance.py --speed

bench: system-deps $(STAMP)
	$(PY) -m engine.cli bench-throughput --size 100MB

screenshots: system-deps $(STAMP)
	bash scripts/screenshots.sh

package: system-deps $(STAMP)
	bash packaging/build.sh

# Regenerates constraints.txt from pyproject.toml: one universal resolution (Linux and Windows markers),
# the newest versions allowed today. Commit the result after `make test` passes with it.
constraints: | $(PY)
	$(PY) -m pip install -q 'uv>=0.5'
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra lint --extra package --universal \
	  --python-version 3.11 --custom-compile-command 'make constraints' --quiet -o $(CONSTRAINTS)

# The weekly "latest versions" job: a separate venv with the newest releases pyproject.toml allows (no
# constraints), then lint and the whole suite. A failure names the release that broke us.
LATEST := .venv-latest
test-latest: system-deps
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install -q --upgrade pip
	$(LATEST)/bin/python -m pip install -q --upgrade --upgrade-strategy eager -e '.[test,lint,package]'
	$(LATEST)/bin/python -m pip list --format=freeze > $(LATEST)/versions.txt
	$(MAKE) lint unit VENV=$(LATEST) STAMP=$(LATEST)/versions.txt

clean:
	rm -rf $(VENV) $(LATEST) build dist .mypy_cache .ruff_cache .pytest_cache
