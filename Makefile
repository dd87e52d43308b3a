# Maek: the two commands a newcomer needs are `make run` and `make test`.
# Everything else is a convenience for the same venv. `make` alone lists the targets.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The browser tests (tests/browser) drive Debian's Chromium; without it they are skipped.
CHROMIUM ?= /usr/bin/chromium
# Folders makemessages/compilemessages must not walk into.
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=static/vendor

.DEFAULT_GOAL := help
.PHONY: help run test test-browser browser-note lint format migrate demo messages clean distclean

help: ## List the targets
	@echo "Maek — records of civic dialogue events (ky, ru, en)"
	@echo
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changed since the last install.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed ## Set up, load the demo event and serve on http://127.0.0.1:8000/
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) load_demo --site-url http://$(HOST):$(PORT)
	@echo
	@echo "  Site:  http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/  (login printed above)"
	@echo
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

test: $(VENV)/.installed ## Lint and format check, import layers, migrations complete, the whole test suite (browser tests if Chromium is installed)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	@$(MAKE) --no-print-directory browser-note
	@rc=0; MAEK_CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest $(PYTEST_ARGS) || rc=$$?; \
	$(MAKE) --no-print-directory browser-note; exit $$rc

test-browser: $(VENV)/.installed ## Only the browser tests (journeys, accessibility, phone layout, page weight)
	@test -x "$(CHROMIUM)" || { echo "Chromium not found at $(CHROMIUM): install it (apt-get install chromium) or set CHROMIUM=/path/to/chromium" >&2; exit 1; }
	MAEK_CHROMIUM=$(CHROMIUM) MAEK_REQUIRE_BROWSER=1 $(VENV)/bin/pytest -m browser tests/browser $(PYTEST_ARGS)

browser-note:
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "Browser tests: Chromium found at $(CHROMIUM); tests/browser runs (screenshots in tests/browser/artifacts/)."; \
	else \
		echo "Browser tests: SKIPPED, Chromium not found at $(CHROMIUM). Install it (apt-get install chromium) to run tests/browser."; \
	fi

lint: $(VENV)/.installed ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed ## ruff: fix what it can and format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate: $(VENV)/.installed ## Apply migrations to the database (SQLite unless DATABASE_URL is set)
	DEBUG=1 $(MANAGE) migrate --no-input

demo: $(VENV)/.installed ## Load (or restore) the demo event and the demo admin
	DEBUG=1 $(MANAGE) load_demo --site-url http://$(HOST):$(PORT)

messages: $(VENV)/.installed ## Update the ky, ru, en catalogues in locale/ and compile them
	DEBUG=1 $(MANAGE) makemessages -l ky -l ru -l en --no-obsolete $(I18N_IGNORE)
	DEBUG=1 $(MANAGE) compilemessages $(I18N_IGNORE)

clean: ## Remove caches, collected static files and test uploads (keeps the venv and the database)
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache staticfiles .test-media

distclean: clean ## Also remove the venv and the SQLite database
	rm -rf $(VENV) db.sqlite3 db.sqlite3-journal
