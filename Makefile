# The two set-up commands of the README: `make run` and `make test`. Nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: run test lint bench install system-deps translations demo clean

# Re-installs whenever pyproject.toml changes; a missing or broken .venv is (re)created.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Jubilee needs Python 3.11 or newer: run make PYTHON=python3.11 ...")'
	$(BIN)/python -c '' 2>/dev/null || $(PYTHON) -m venv --clear $(VENV)
	@echo "Installing Jubilee and its Python packages into $(VENV) (a few minutes the first time)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# axe-core, the accessibility engine of the browser tests (test-only: nothing from npm is served).
# Without npm the other tests still run, and the accessibility test fails saying why.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $(NODE_STAMP); else \
	  echo "npm is not installed: the accessibility test will fail (install Node.js and npm)" >&2; fi

## Start Jubilee on SQLite at http://127.0.0.1:8000 (creates var/ with the database and secrets).
run: install
	$(BIN)/jubilee serve

## Debian packages the tests and PDF letters need (Chromium for the browser test, fonts, poppler).
system-deps:
	@sh .ci/system-deps

## The whole test suite, on SQLite and PostgreSQL, with the browser test. Exits non-zero when pytest does.
## Narrow it with e.g. `make test PYTEST_ARGS="-x -k browser"`; it runs in PYTEST_WORKERS processes
## (pytest-xdist) whatever PYTEST_ARGS says; `make test PYTEST_WORKERS=0` runs it in one.
PYTEST_ARGS ?= -v
PYTEST_WORKERS ?= 4
test: system-deps install $(NODE_STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

## ruff, mypy --strict, and the import contracts between packages (pyproject.toml, docs/architecture.md).
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

## Load on the home and account pages, campaign pages at 1,000 and 1,000,000 pledges, letters as PDFs, pools, the accuracy of released figures (docs/benchmarks.md).
bench: install
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.campaigns
	$(BIN)/python -m bench.letters
	$(BIN)/python -m bench.mutual_aid
	$(BIN)/python -m bench.privacy

## Extract messages into locales/messages.pot and update the Spanish catalogue.
translations: install
	$(BIN)/pybabel extract --omit-header --no-location -F locales/babel.cfg -k lazy_gettext -k _l -o locales/messages.pot .
	$(BIN)/pybabel update --ignore-obsolete --no-fuzzy-matching -i locales/messages.pot -d locales -l es
	@# Babel puts its placeholder header fields back on every update; keep the header tidy.
	sed -i -e '/^"Report-Msgid-Bugs-To: /d' -e '/^"Last-Translator: /d' -e '/^"Language-Team: /d' \
	  -e 's/^"Project-Id-Version:  Jubilee/"Project-Id-Version: Jubilee/' locales/es/LC_MESSAGES/messages.po

demo: install
	$(BIN)/jubilee demo

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
