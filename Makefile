# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Every absolute link (emails, the sitemap) is made from SITE_URL; the demo Site answers there.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

.PHONY: install run setup test test-postgres lint format check messages bench audit clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Test-only tools from npm (axe-core, the Nu HTML Checker); without npm their tests are skipped.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: axe-core and the Nu HTML Checker are not installed; their tests will be skipped."; \
	fi

install: $(STAMP) node_modules/.package-lock.json

setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) ensure_admin --first-login-file $(VENV)/first-login.txt

run: setup
	@echo ""
	@echo "  Site:  $(SITE_URL)/"
	@echo "  Admin: $(SITE_URL)/admin/"
	@if [ -f $(VENV)/first-login.txt ]; then cat $(VENV)/first-login.txt; rm -f $(VENV)/first-login.txt; \
	else echo "  Login: user 'admin' (password shown on the first run; forgot it? $(MANAGE) changepassword admin)"; fi
	@echo "  Emails are printed here, in this terminal (the console email backend)."
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

check: install
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=practice_site.settings.production SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
		SITE_URL=https://example.fi $(MANAGE) check --deploy --fail-level WARNING
	$(BIN)/python scripts/check_translations.py

# Finnish catalogues. An app's Python strings go to <app>/locale/ (home's and the settings' to locale/),
# every template's to the project catalogue locale/, as makemessages run from the root does by itself.
# scripts/check_translations.py (make check) runs this on a copy and fails on a lost or missing translation.
MESSAGES_IGNORE := --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'staticfiles/*' --ignore 'media/*' --ignore 'tests/*'
messages: install
	$(MANAGE) makemessages --locale fi --add-location file $(MESSAGES_IGNORE)
	$(MANAGE) compilemessages --locale fi $(MESSAGES_IGNORE)

# Load test: a large throwaway site under gunicorn, measured with wrk (scripts/bench.py).
bench: install
	$(BIN)/python scripts/bench.py

# The publication archive with 10,000 publications: SQL queries and median render time (throwaway SQLite).
.PHONY: bench-archive
bench-archive: install
	$(BIN)/python scripts/bench_archive.py --count 10000

# Lighthouse (npm, pinned) with Debian's Chromium on the demo served as in production: scores and the
# home page's weight, exit 1 below the bars (scripts/audit.py).
audit: install
	$(BIN)/python scripts/audit.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
