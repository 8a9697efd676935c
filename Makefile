# Set-up and everyday tasks. `make site` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install site test lint serve deploy clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/explainer validate
	$(BIN)/explainer build

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

test: $(STAMP) lint
	$(BIN)/pytest

serve: $(STAMP)
	$(BIN)/explainer serve

deploy: site
	$(BIN)/mkdocs gh-deploy --force --strict

clean:
	rm -rf site .site-* .pytest_cache .mypy_cache .ruff_cache
