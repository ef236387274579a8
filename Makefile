# The two set-up commands of the README: `make run` and `make test`. Nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install system-deps translations demo clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Start Jubilee on SQLite at http://127.0.0.1:8000 (creates var/ with the database and secrets).
run: install
	$(BIN)/jubilee serve

## Debian packages the tests and PDF letters need (Chromium for the browser test, fonts, poppler).
system-deps:
	@sh .ci/system-deps

## The whole test suite, on SQLite and PostgreSQL, with the browser test.
test: install system-deps
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install
	$(BIN)/python -m bench.load

## Extract messages into locales/messages.pot and update the Spanish catalogue.
translations: install
	$(BIN)/pybabel extract --omit-header -F locales/babel.cfg -k lazy_gettext -o locales/messages.pot .
	$(BIN)/pybabel update --omit-header --no-fuzzy-matching -i locales/messages.pot -d locales -l es

demo: install
	$(BIN)/jubilee demo

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
