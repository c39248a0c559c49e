# 济阳区政务公开平台 — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup lint migrate demo bench clean axe

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# SQLite + eager Celery: no services needed. `make run PORT=8100` serves another port.
run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy .
	$(BIN)/djlint templates --lint

# Test-only: axe-core (package.json, pinned by package-lock.json) for the accessibility
# checks of the browser tests (tests/e2e/axe.py). Without npm those checks skip, or fail
# when REQUIRE_E2E is set.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --silent && touch $@; \
	else \
		echo "npm not found: the axe-core checks in tests/e2e will be skipped"; \
	fi

axe: node_modules/.installed

# The whole suite: SQLite by default; PostgreSQL when DATABASE_URL is set (CI: .ci/run).
test: lint axe
	$(BIN)/pytest $(PYTEST_ARGS)

bench: setup
	@echo "See bench/README.md: each benchmark is run on its own against PostgreSQL."

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .mypy_cache .ruff_cache .hypothesis
