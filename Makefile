# Weisu task runner. `make demo` runs the main job on the embedded defaults; `make test` runs
# the suite. Both install what they need first (uv from PyPI, then the locked environment).
SHELL := /bin/bash
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := python3 -m uv
endif
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint bench clean browser

$(BIN)/weisu: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || command -v uv >/dev/null 2>&1 \
	  || python3 -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) sync --locked --extra dev
	@touch $@

install: $(BIN)/weisu

# Demo data from mid-2025 to yesterday (two heating-season starts), then one nightly run over it.
DEMO_START ?= 2025-06-01
demo: install
	$(BIN)/weisu demo --out data/inbox --start $(DEMO_START)
	$(BIN)/weisu nightly
	$(BIN)/weisu status
	@echo "open the report: $(CURDIR)/data/reports/index.html"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

browser:
	bash scripts/install-browser.sh

test: install lint browser
	$(BIN)/python -m pytest -n auto --dist loadfile

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf data/warehouse.duckdb* data/inbox data/archive data/reports
