# Set-up and everyday tasks. `make site` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Browser files for offline sites (iframe-worker), from the npm registry, pinned in package-lock.json.
NPM_STAMP := node_modules/.installed

.PHONY: install site test lint serve deploy clean messages catalog-stats

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NPM_STAMP)

install: $(STAMP) $(NPM_STAMP)

# site/ and its offline copy, site-offline.zip (also offered in site/downloads/).
site: $(STAMP) $(NPM_STAMP)
	$(BIN)/explainer validate
	$(BIN)/explainer build

# The tool's interface texts: extract them from generator/ into messages.pot and update
# every catalog in generator/locales/ (new texts empty, changed ones fuzzy). A new language
# starts with: $(BIN)/pybabel init -D messages -i generator/locales/messages.pot -d generator/locales -l LANG
messages: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k N_ -k _ \
		--project explainer -o generator/locales/messages.pot generator
	$(BIN)/pybabel update -D messages -i generator/locales/messages.pot -d generator/locales \
		--no-wrap --ignore-pot-creation-date

# How complete each interface catalog is (compiled into a scratch folder, then discarded).
catalog-stats: $(STAMP)
	rm -rf .catalog-stats && cp -r generator/locales .catalog-stats
	$(BIN)/pybabel compile -D messages -d .catalog-stats --statistics; rm -rf .catalog-stats

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

# Two workers: most tests wait on a browser, MkDocs or LibreOffice in another process.
test: $(STAMP) $(NPM_STAMP) lint
	$(BIN)/pytest -n 2

serve: $(STAMP)
	$(BIN)/explainer serve

# Publishes site/ as built by `make site` (with the handouts and the offline copy) to the
# gh-pages branch; `mkdocs gh-deploy` would rebuild it without them.
deploy: site
	$(BIN)/ghp-import --no-jekyll --push --force --message "Publish the site" site

clean:
	rm -rf site site-offline.zip .site-* .explainer-zip-* .pytest_cache .mypy_cache .ruff_cache
