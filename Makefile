# The README's commands. `make demo` and `make test` work on a fresh clone: they create .venv themselves.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
export TRUCELINE_DATABASE_URL ?= sqlite:///./truceline.db

.PHONY: demo test lint format services install clean eval messages

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/truceline db upgrade
	$(BIN)/truceline demo load
	$(BIN)/truceline serve --host 127.0.0.1 --port 8000

# Two or more workers (one per core, pytest-xdist), each test file on one worker so that a file's
# fixtures (a server, a browser) start once; each worker has its own PostgreSQL test database.
test: install
	$(BIN)/pytest -n auto --dist loadfile

# Score text extraction against the annotated fixtures (docs/extraction.md).
eval: install
	$(BIN)/truceline eval tests/extract/fixtures
	$(BIN)/truceline eval tests/extract/holdout

# Re-extract the UI's text into the message template and merge it into every language's catalog
# (docs/web.md); new or changed messages then wait in the .po files for a translator.
LOCALE := src/truceline/web/locale
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k P_:1c,2 -k NP_:1,2 --no-location --sort-output \
		--project Truceline --version 0.1 --copyright-holder "Truceline contributors" -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) --ignore-obsolete --no-wrap --ignore-pot-creation-date --no-fuzzy-matching

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# System services the PostgreSQL tests need (Debian, as root): PostGIS on the local PostgreSQL 15.
services:
	./.ci/services

clean:
	rm -rf $(VENV) truceline.db truceline.db-wal truceline.db-shm
