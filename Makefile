# Viva: `make run` serves the demo, `make test` runs the whole suite. Both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app run.py
PIP := $(BIN)/pip --disable-pip-version-check -q

.PHONY: run test serve worker install install-dev lint format bench clean translations

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Viva needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) install -r requirements.txt -r requirements-dev.txt
	@touch $(VENV)/.installed $@

$(VENV)/.installed-bench: requirements.txt bench/requirements.txt | $(BIN)/python
	$(PIP) install -r requirements.txt -r bench/requirements.txt
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(FLASK) db upgrade
	$(FLASK) questions load
	$(FLASK) seed-demo
	$(BIN)/python run.py

# Production server: gunicorn with one gevent worker (see gunicorn.conf.py and README).
serve: install
	$(FLASK) db upgrade
	$(FLASK) questions load
	$(BIN)/gunicorn -c gunicorn.conf.py

# Background jobs in a process of their own, beside web processes that have
# JOBS_IN_PROCESS=false; run any number, on any machine sharing the database and Redis.
worker: install
	$(FLASK) jobs worker

test: install-dev
	VIVA_NO_DOTENV=1 $(FLASK) questions validate
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff, then the import contracts in .importlinter (layers, edges, independence).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# Installs what the benchmarks need (Python packages; wrk for bench/http.py where apt-get
# may run) and lists them (see README, Benchmarks).
bench: $(VENV)/.installed-bench
	@command -v wrk >/dev/null || [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null \
		|| apt-get install -y -qq wrk >/dev/null 2>&1 || true
	@$(BIN)/python bench/catalog.py

# Candidate pages and emails in other languages (README, "Languages"): extract the
# strings, merge them into every catalog, and compile the .mo files (committed, so a
# fresh clone runs without this step).
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext --no-location --sort-output \
		--project Viva -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations \
		--no-fuzzy-matching
	$(BIN)/pybabel compile -d app/translations --statistics

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache
