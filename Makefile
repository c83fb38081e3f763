# Briefing Trainer: `make run` serves the app, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED := fixtures/000_37c95f02dd4935a7.txt
SEED_SLUG := us-iraq-security-partnership
SEED_TITLE := From Operation Inherent Resolve to a U.S.-Iraq Bilateral Security Partnership
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install test chromium lint format bench clean

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_briefing $(SEED) --slug $(SEED_SLUG) --title "$(SEED_TITLE)"
	$(BIN)/python manage.py create_demo_users
	$(BIN)/python manage.py create_demo_activity $(SEED_SLUG)
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"

# Reinstall whenever pyproject.toml changes; `--group` needs pip 25.1 or newer.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e . --group dev
	@touch $@

install: $(VENV)/.installed

# Debian's Chromium drives the browser tests (Playwright's own download cannot work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "Chromium is missing and could not be installed: browser tests will be skipped (and fail in CI)."

test: install chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench $(ARGS)

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles
