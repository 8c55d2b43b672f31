# Two commands on a new machine: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
WEB_CONCURRENCY ?= 1
# The suite's line coverage of the service (94 % when set) may not fall below this.
COVERAGE_FLOOR ?= 90
export PORT

.PHONY: run serve test test-python test-frontend lint format bench clean help

help:
	@echo "make run    install, build the dashboard, migrate, serve on PORT (default 8000)"
	@echo "make test   install, then the whole suite (Python, dashboard, browser)"
	@echo "make lint   ruff, mypy and the import contracts"
	@echo "make bench  the benchmarks (see README)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "smart-suggest needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# pip's own progress shows: a first install takes a few minutes.
$(VENV)/.deps-run: requirements.txt | $(BIN)/python
	@echo "== installing the service's Python packages into $(VENV) (a few minutes the first time)"
	$(BIN)/pip install --progress-bar on -r requirements.txt
	touch $@

$(VENV)/.deps-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	@echo "== installing the Python packages for the service and its tests into $(VENV)"
	$(BIN)/pip install --progress-bar on -r requirements-dev.txt
	touch $@ $(VENV)/.deps-run

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	@echo "== installing the dashboard's npm packages"
	cd frontend && npm ci --no-audit --no-fund

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(shell find frontend/src frontend/index.html -type f 2>/dev/null)
	cd frontend && npm run build

# The dashboard is optional for the API: skip it quietly where it is not in the tree.
dashboard:
	@if [ -f frontend/package.json ]; then $(MAKE) --no-print-directory frontend/dist/index.html; fi

# The container's start-up: migrations once, then WEB_CONCURRENCY uvicorn workers.
run: $(VENV)/.deps-run dashboard
	PYTHON=$(BIN)/python HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WEB_CONCURRENCY) ./entrypoint.sh

test: lint test-python test-frontend

# Coverage of the service's own code is printed, and a drop below the floor fails the run.
test-python: $(VENV)/.deps-dev dashboard
	$(BIN)/pytest --cov --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_FLOOR)

# Lint, types, the API types against the service's schema, component tests, then the browser
# specs against the real service (they skip, saying why, where Chromium is missing).
test-frontend: $(VENV)/.deps-dev
	@if [ -f frontend/package.json ]; then \
		$(MAKE) --no-print-directory frontend/node_modules/.package-lock.json && \
		cd frontend && npm run lint && npm run typecheck && npm run api:check && npm test && npm run e2e; \
	fi

# Types: mypy per pyproject.toml ([tool.mypy]; strict for stats/, features/, recommenders/,
# serving/ and the live service).
# Then the architecture contracts in [tool.importlinter] (who may import whom).
lint: $(VENV)/.deps-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

format: $(VENV)/.deps-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.deps-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
