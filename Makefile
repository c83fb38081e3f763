# Briefing Trainer: `make run` serves the app, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED := fixtures/000_37c95f02dd4935a7.txt
SEED_SLUG := us-iraq-security-partnership
SEED_TITLE := From Operation Inherent Resolve to a U.S.-Iraq Bilateral Security Partnership
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve install test chromium gettext translations messages lint format bench bench-http clean backup restore

run: install translations
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_briefing $(SEED) --slug $(SEED_SLUG) --title "$(SEED_TITLE)"
	$(BIN)/python manage.py create_demo_users
	$(BIN)/python manage.py create_demo_activity $(SEED_SLUG)
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production: DEBUG off, settings from the environment (SECRET_KEY and ALLOWED_HOSTS at least;
# DATABASE_URL, REDIS_URL: see the README's "Deploying"), gunicorn as config/gunicorn.py says.
serve: install translations
	DEBUG=false $(BIN)/python manage.py collectstatic --no-input -v0
	DEBUG=false $(BIN)/python manage.py migrate --no-input
	DEBUG=false CONN_MAX_AGE=$${CONN_MAX_AGE:-600} BIND=$${BIND:-$(HOST):$(PORT)} \
	  $(BIN)/gunicorn config.wsgi --config config/gunicorn.py

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

# GNU gettext: msgfmt compiles the translations, xgettext finds the strings to translate.
gettext:
	@command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; } || \
	  { echo "GNU gettext (msgfmt, xgettext) is missing: install it (apt-get install gettext)."; exit 1; }

# The .mo files are built here, never committed (the .po files are the source).
translations: install gettext
	$(BIN)/python manage.py compilemessages --ignore=$(VENV) -v0

# After marking new strings: bring them into locale/fr/LC_MESSAGES/django.po, then translate.
messages: install gettext
	$(BIN)/python manage.py makemessages -l fr --no-obsolete --add-location file

test: install chromium translations
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

# Back up the database named by DATABASE_URL (default: BACKUP_DIR, else backups/), or to FILE.
backup: install
	$(BIN)/python manage.py backup_db $(FILE)

# Replace the database with a backup: make restore FILE=backups/…  (asks before it does).
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=path/to/backup"; exit 2; }
	$(BIN)/python manage.py restore_db $(FILE) $(ARGS)
# Pages under gunicorn and wrk on SQLite and PostgreSQL (with Redis when it runs); not a test.
bench-http: install
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench.http_load $(ARGS)

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles bench-http.json
	find locale -name "*.mo" -delete
