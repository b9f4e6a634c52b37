# Every workflow a person runs. `make test` is what CI runs, from nothing installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PROVIDER ?= all
EXAMPLES ?= 25

.PHONY: install generate check-generated api-diff lint test pytest stub conformance contract-deep bench clean

install: $(STAMP)

# Reinstall when the dependencies change or a generated package appears or goes.
$(STAMP): pyproject.toml requirements/dev.lock $(wildcard generated/*/__init__.py)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/dev.lock -e '.[stubs,conformance,dev,test]'
	touch $(STAMP)

# Also prints what changed in the specs since the last commit (and whether it breaks SDK users).
generate: install
	$(BIN)/python scripts/generate.py
	$(MAKE) --no-print-directory install
	$(BIN)/python scripts/api_diff.py --base HEAD || echo "api-diff: no summary (needs a git checkout with a commit)"

# What changed in every spec since a git ref: make api-diff BASE=v1.2.0 (default: main).
BASE ?= main
api-diff: install
	$(BIN)/python scripts/api_diff.py --base $(BASE)

check-generated: install
	$(BIN)/python scripts/generate.py --check

lint: install
	$(BIN)/ruff check overlay scripts tests
	$(BIN)/ruff format --check overlay scripts tests
	$(BIN)/mypy

# On every core: each test file runs whole on one worker (the README's blocks share make stub's ports).
pytest: install
	$(BIN)/python -m pytest --numprocesses auto --dist loadfile

test: install check-generated lint pytest

stub: install
	$(BIN)/modelruns stub all

conformance: install
	$(BIN)/modelruns conformance $(PROVIDER) --max-examples $(EXAMPLES)

contract-deep: install
	MODELRUNS_CONTRACT_EXAMPLES=500 $(BIN)/python -m pytest tests/contract

# Installs the official Foundry and PAI SDKs (bench extra) and, under bench/, Prism and autocannon.
bench: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/dev.lock -c requirements/bench.lock -e '.[stubs,conformance,dev,bench]'
	cd bench && npm ci --no-audit --no-fund --loglevel=error || echo 'npm failed: figure 6 will be skipped'
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) build *.egg-info overlay/*.egg-info
