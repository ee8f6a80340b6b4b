# Client Pulse: `make run` serves the app on the sample workbook; `make test` runs every test.
# Both set up everything they need (virtual environment, browser) on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= $(or $(STREAMLIT_SERVER_PORT),8501)
# Local single-user mode acts for whoever reaches the app, so it listens on this machine only;
# a team server with sign-in configured sets ADDRESS=0.0.0.0 (or STREAMLIT_SERVER_ADDRESS).
ADDRESS ?= $(or $(STREAMLIT_SERVER_ADDRESS),127.0.0.1)

.PHONY: run test lint typecheck unit browser bench stats sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Without PULSE_WORKBOOK the app serves the bundled sample, made for the current week (app/sample.py).
run: $(STAMP)
	$(BIN)/streamlit run streamlit_app.py \
		--server.port $(PORT) --server.address $(ADDRESS) --server.headless true

# Debian's chromium for the browser tests; installed here so a clean machine needs no hand step.
/usr/bin/chromium:
	@if [ "$$(id -u)" = "0" ]; then \
		apt-get update -q && apt-get install -y -q chromium; \
	else \
		sudo apt-get update -q && sudo apt-get install -y -q chromium; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy pulse connectors app

unit: $(STAMP)
	$(BIN)/pytest -n 2 -m "not browser"

browser: $(STAMP) /usr/bin/chromium
	$(BIN)/pytest -m browser

test: $(STAMP) /usr/bin/chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy pulse connectors app
	$(BIN)/pytest -n 2 --dist loadgroup

# The command line against the analyst's script, then the pages in Chromium against a bare app.
bench: $(STAMP) /usr/bin/chromium
	$(BIN)/python bench/run.py
	$(BIN)/python bench/browser.py

# The shape of the code: modules over 400 lines, functions over 40, the median function length.
stats:
	$(PYTHON) tools/stats.py

sample: $(STAMP)
	$(BIN)/pulse sample --out sample_data

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
