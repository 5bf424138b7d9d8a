# Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-monitor test test-fast lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# ray and spark: the cluster backend's and the EMR runner's tests run them for real.
	$(BIN)/pip install -q -e '.[ml,dev,explain,ray,spark]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/abalone/run_demo.py

demo-monitor: $(STAMP)
	$(BIN)/python examples/monitoring/run_demo.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools examples
	$(BIN)/ruff format --check src tests bench tools examples
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

# The same checks, without the slow directories (real jobs, servers, browsers).
test-fast: lint typecheck
	$(BIN)/pytest -m "not slow"

BENCH_VENV := bench/.venv

$(BENCH_VENV)/.installed: pyproject.toml bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q --upgrade pip
	$(BENCH_VENV)/bin/pip install -q -e '.[ml]' -r bench/requirements.txt
	touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/run_all.py

clean:
	rm -rf $(VENV) .dagmaker .pytest_cache .mypy_cache .ruff_cache
