# Two commands set everything up from nothing: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint typecheck pytest codegen clean bench bench-strategies schemas docs js

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Regenerate the dataclasses after editing a schema (the build does it on install).
codegen: $(STAMP)
	$(BIN)/python codegen/generate.py

# The demo needs only the package and its runtime dependencies: the build generates the
# dataclasses (its own requirements are build-system.requires). After `make test` the test
# install holds them already, and can regenerate the dataclasses after a schema edit.
DEMO_STAMP := $(VENV)/.installed-demo

$(DEMO_STAMP): $(BIN)/python pyproject.toml
	@if [ ! -f $(STAMP) ]; then echo "installing the package and its runtime dependencies into $(VENV)"; \
		$(BIN)/python -m pip install --quiet -e .; fi
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	@if [ -f $(STAMP) ]; then $(BIN)/python codegen/generate.py; fi
	$(BIN)/python -m ome_zarr_schemas.cli._demo

lint: $(STAMP)
	$(BIN)/ruff check src codegen tests $(wildcard bench)
	$(BIN)/ruff format --check src codegen tests $(wildcard bench)

typecheck: $(STAMP) codegen
	$(BIN)/mypy

# The JavaScript agreement check (tests/test_bundles.py) runs ajv from tests/js, installed
# from its lock file.
JS_STAMP := tests/js/node_modules/.package-lock.json

$(JS_STAMP): tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund

js: $(JS_STAMP)

# Single-file schema bundles, one per version and group kind, for other languages.
schemas: $(STAMP)
	$(BIN)/python -m ome_zarr_schemas.schema.bundle build/schemas

# Regenerate the rule table of docs/other-languages.md from the catalogue and schemas.
docs: $(STAMP)
	$(BIN)/python -m ome_zarr_schemas.schema.coverage docs/other-languages.md

pytest: $(STAMP) codegen $(JS_STAMP)
	$(BIN)/pytest -q -n 2

test: lint typecheck pytest

# Benchmark of the store reader (bench/README.md); on demand, never part of the tests.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--plates 96x4 --runs 1".
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Many stores: a plain loop vs the process pool vs a two-worker Dask cluster (bench/README.md).
.PHONY: bench-collection
bench-collection: $(STAMP)
	$(BIN)/python bench/collection.py $(BENCH_ARGS)

# Generation speed of the Hypothesis strategies (documents per second per strategy).
bench-strategies: $(STAMP)
	$(BIN)/python bench/strategies.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) src/ome_zarr_schemas/_generated .pytest_cache .mypy_cache .ruff_cache \
		tests/js/node_modules build/schemas
