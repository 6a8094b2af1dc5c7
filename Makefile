# Borderwatch tasks. `make run` serves the dashboard; `make test` checks everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
CHROMIUM ?= /usr/bin/chromium
# Passed to every pytest run: `make quick PYTEST_ARGS="-k upload -x"`.
PYTEST_ARGS ?=
# make test's workers (pytest-xdist): `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help install install-dev db run test quick lint format typecheck unit chromium postgres bench gallery clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

# Packages go into .venv with uv, which fetches and unpacks the same pinned wheels several times
# faster than pip (most of a first `make run` is this step). uv itself comes from the package index
# into .venv; where it cannot be had, or cannot reach the index (it does not read pip's own
# configuration), pip does the install. Both leave the packages compiled to bytecode: where
# PYTHONDONTWRITEBYTECODE is set, nothing else would, and every process (each CLI call, each server
# a test starts) would compile pandas, SQLAlchemy and the rest again, about 2 s each time.
UV_VERSION := 0.13.9
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
define install_packages
	@if { test -x $(VENV)/bin/uv || $(PIP) uv==$(UV_VERSION) >/dev/null 2>&1; } && \
	  echo "uv pip install $(1)" && $(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) $(1); then :; \
	else echo "no uv at hand, or it failed: pip install $(1)"; $(PIP) $(1); fi
endef

# The project goes in last, editable and without its dependencies (the pins are already in), for
# the `borderwatch` command.
$(RUN_STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(call install_packages,-r requirements.txt)
	$(call install_packages,--no-deps -e .)
	$(PY) -m compileall -q geo dashboard >/dev/null
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUN_STAMP)
	$(call install_packages,-r requirements-dev.txt)
	touch $@

install: $(RUN_STAMP) ## Create .venv with what the dashboard needs

install-dev: $(DEV_STAMP) ## Add what the tests, linters and benchmark need

db: install ## Create the database at DATABASE_URL (default data/borderwatch.db) and load seeds/
	$(PY) -m geo init

# The dashboard creates and seeds the database itself on first load (as `make db` does),
# so the map is up a second and a half sooner than with a separate `geo init` process.
run: install ## Serve the dashboard at http://localhost:8501 (STREAMLIT_SERVER_PORT overrides); creates the database on first load
	$(PY) -m streamlit run dashboard/serve.py

chromium: ## Install Debian's Chromium for the browser tests if it is missing
	@test -x $(CHROMIUM) || { echo "installing chromium with apt"; \
	  $$(command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo) apt-get update -qq && \
	  $$(command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo) apt-get install -y -qq chromium; }

postgres: ## Install (apt) and start a local PostgreSQL with the role the tests and `make bench` use
	bash scripts/postgres-dev.sh

lint: install-dev ## Ruff (rules and formatting), and the import contract between geo/'s layers (pyproject.toml)
	$(PY) -m ruff check geo dashboard tests benchmarks scripts
	$(PY) -m ruff format --check geo dashboard tests benchmarks scripts
	$(VENV)/bin/lint-imports --no-cache --no-logo

format: install-dev ## Format the code as make lint expects it (ruff format)
	$(PY) -m ruff format geo dashboard tests benchmarks scripts

typecheck: install-dev ## Mypy, strict on geo/ and dashboard/
	$(PY) -m mypy

unit: install-dev ## Tests without the browser
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# While editing: a few examples per property test, no browser, no PostgreSQL, on every core.
quick: lint typecheck ## Ruff, mypy and the tests without the browser or PostgreSQL, in parallel, in minutes
	HYPOTHESIS_PROFILE=dev $(PY) -m pytest -m "not browser and not postgres" -n auto $(PYTEST_ARGS)

# Each worker starts its own dashboard and Chromium; --dist loadfile keeps a test file's server on one.
test: install-dev chromium lint typecheck ## Everything: ruff, mypy, every test tier, 300 examples per property
	HYPOTHESIS_PROFILE=ci $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

bench: install-dev ## Print the performance figures and write benchmarks/results.json
	$(PY) -m benchmarks

gallery: install-dev ## Photograph each seed region's map for the README (docs/gallery/) from the dashboard `make run` serves
	$(PY) scripts/gallery.py --app http://localhost:$${STREAMLIT_SERVER_PORT:-8501}

clean: ## Remove the virtualenv, caches and the default database
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache data/borderwatch.db data/borderwatch.db-*
