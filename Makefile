# Two commands set everything up from nothing: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint typecheck pytest codegen clean bench

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

demo: $(STAMP) codegen
	$(BIN)/python -m ome_zarr_schemas.demo

lint: $(STAMP)
	$(BIN)/ruff check src codegen tests $(wildcard bench)
	$(BIN)/ruff format --check src codegen tests $(wildcard bench)

typecheck: $(STAMP) codegen
	$(BIN)/mypy

pytest: $(STAMP) codegen
	$(BIN)/pytest -q

test: lint typecheck pytest

clean:
	rm -rf $(VENV) src/ome_zarr_schemas/_generated .pytest_cache .mypy_cache .ruff_cache
