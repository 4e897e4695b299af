# The README's two promises: `make serve` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
# Browser files the site serves itself (no CDN), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)

.PHONY: setup serve build validate test browser bench bench-explorer bench-search bench-pdf links clean practice pdf
.DEFAULT_GOAL := serve

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# Also writes the editor schema (vocabularies filled in) that .vscode/settings.json points at.
setup: $(STAMP) $(NODE_STAMP)
	-@$(PY) scripts/editor_schema.py --quiet

# Chromium for the browser tests: Debian's package when we can install it,
# otherwise Playwright's own download.
browser: setup
	@bash scripts/ensure_chromium.sh $(PY)

serve: setup
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve -a 127.0.0.1:8000

build: setup
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict
	$(PY) scripts/export_pdf.py --site-dir site --sheets

# The full training pack alone, into out/ (filters: run scripts/export_pdf.py --help).
pdf: setup
	$(PY) scripts/export_pdf.py

validate: setup
	$(PY) scripts/validate.py

# Start a new practice file: asks for each field and checks each answer.
practice: setup
	$(PY) scripts/new_practice.py

test: setup browser
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest

# Internal links and anchors of site/ (offline); external links listed in build/external-links.txt.
links: build
	$(PY) scripts/check_links.py site --report build/external-links.txt

bench: setup
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/bench.py

# Explorer at scale: 5,000 synthetic practices, click-to-update time in Chromium, data file size.
bench-explorer: setup browser
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/bench_explorer.py

# Site search at 1,000 and 5,000 synthetic practices, Material's search against Pagefind: bytes on
# page load and per search, time to first result in Chromium, indexing time.
bench-search: setup browser
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/bench_search.py

# PDF export time: the real practices, then 1,000 synthetic ones.
bench-pdf: setup
	$(PY) scripts/bench_pdf.py

clean:
	rm -rf site $(VENV) node_modules
