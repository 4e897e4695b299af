# The README's two promises: `make serve` and `make test` work on a fresh machine.
PYTHON ?= python3
# The Java that runs the Nu Html Checker in `make test` (default: `java` on the PATH; installed if missing).
JAVA ?=
# `make serve PORT=8001` when 8000 is taken.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
# cffconvert (checks CITATION.cff in the tests) pins jsonschema<4, so it lives in a venv of its own.
CFF_VENV := $(VENV)/cffconvert
CFF_STAMP := $(CFF_VENV)/.installed-$(shell cksum < requirements-cffconvert.txt | cut -d' ' -f1)
# Browser files the site serves itself (no CDN), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)

.PHONY: setup serve build validate test test-js check lint browser java bench bench-explorer bench-search bench-pdf bench-validate links clean practice pdf slugs screens
.DEFAULT_GOAL := serve

# The pinned set, then this project itself, editable and without dependencies: that
# makes `import atlas` (hooks/atlas/) work everywhere with no sys.path edits.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "make: the set-up needs Python 3.11 or newer; '$(PYTHON)' is missing or older." >&2; \
	  echo "  Install it (Debian/Ubuntu: apt-get install python3 python3-venv) or name one: make PYTHON=python3.12" >&2; \
	  exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "make: '$(PYTHON) -m venv' failed (Debian/Ubuntu: apt-get install python3-venv)" >&2; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

$(CFF_STAMP): requirements-cffconvert.txt
	test -x $(CFF_VENV)/bin/python || $(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-cffconvert.txt
	rm -f $(CFF_VENV)/.installed-*
	touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { \
	  echo "make: npm (Node.js's package manager) is needed to install the npm packages (package-lock.json)." >&2; \
	  echo "  Install Node.js with npm (Debian/Ubuntu: apt-get install nodejs npm), then run make again." >&2; \
	  exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	mkdir -p node_modules
	touch $@

# Also writes the editor schema (vocabularies filled in) that .vscode/settings.json points at.
setup: $(STAMP) $(NODE_STAMP)
	-@$(PY) scripts/editor_schema.py --quiet

# Chromium for the browser tests: Debian's package when we can install it,
# otherwise Playwright's own download.
browser: setup
	@bash scripts/ensure_chromium.sh $(PY)

# A Java runtime for the Nu Html Checker (vnu.jar from npm): Debian's package when we can install it.
java: setup
	@JAVA="$(JAVA)" bash scripts/ensure_java.sh

serve: setup
	@$(PY) scripts/check_port.py $(PORT)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve -a 127.0.0.1:$(PORT)

build: setup
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict
	$(PY) scripts/export_pdf.py --site-dir site --sheets --checklists

# The full training pack alone, into out/ (filters: run scripts/export_pdf.py --help).
pdf: setup
	$(PY) scripts/export_pdf.py

validate: setup
	$(PY) scripts/validate.py

# Record new practices' slugs as published (practices/_published_slugs.txt): their addresses must then never break.
slugs: setup
	$(PY) scripts/published_slugs.py

# Start a new practice file: asks for each field and checks each answer.
practice: setup
	$(PY) scripts/new_practice.py

# Every test, on TEST_WORKERS processes (pytest-xdist). Each test file stays on one worker, so a
# module's fixtures (PDF packs, local servers) are made once; sites are built once and shared.
TEST_WORKERS ?= 2
# Lint and the JavaScript unit tests first; a failure fails the target, but everything still runs,
# so every problem shows at once, and pytest's summary is the last line.
test: setup browser java $(CFF_STAMP)
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(MAKE) --no-print-directory test-js || status=1; \
	NO_MKDOCS_2_WARNING=1 JAVA="$(JAVA)" $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile || status=1; \
	exit $$status

# The browser scripts' pure logic (docs/assets/atlas/*-core.js), unit-tested with Node's own test
# runner (tests/js/*.test.js, node:test and node:assert only, no npm package); well under a second.
JS_TESTS := $(wildcard tests/js/*.test.js)
test-js:
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null || { \
	  echo "make: the JavaScript unit tests need Node.js 20 or newer (node --version)." >&2; \
	  echo "  Install it (Debian/Ubuntu: apt-get install nodejs), then run make again." >&2; \
	  exit 1; }
	node --test --test-reporter=spec $(JS_TESTS)

# Lint, format and types: ruff (rules in pyproject.toml) and mypy (strict on hooks/atlas/).
lint: setup
	@status=0; \
	$(PY) -m ruff check . || status=1; \
	$(PY) -m ruff format --check --output-format concise . || status=1; \
	$(PY) -m mypy || status=1; \
	exit $$status

# The quick loop while working: lint, the JavaScript unit tests, then the tests that need no browser,
# no PDF and no site build.
check: setup $(CFF_STAMP)
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(MAKE) --no-print-directory test-js || status=1; \
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest -q -m "not browser and not pdf and not slow" || status=1; \
	exit $$status

# Internal links and anchors of site/ (offline); external links listed in build/external-links.txt.
links: build
	$(PY) scripts/check_links.py site --report build/external-links.txt

# Full-page screenshots of every page type (tests/fixtures/layout/pages.yml, the layout test's table)
# at 390 and 1280 px, into build/screens/<width>/; the site is rebuilt only when a source changed.
screens: setup browser
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/screens.py

bench: setup
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/bench.py

# Explorer at scale: 5,000 synthetic practices, click-to-update time in Chromium, data file size.
bench-explorer: setup browser
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/bench_explorer.py

# Validation at 10,000 practices, clean and with two errors each: time and peak memory.
bench-validate: setup
	$(PY) scripts/bench_validate.py --count 10000

# Site search at 1,000 and 5,000 synthetic practices, Material's search against Pagefind: bytes on
# page load and per search, time to first result in Chromium, indexing time.
bench-search: setup browser
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/bench_search.py

# PDF export time: the real practices, then 1,000 synthetic ones.
bench-pdf: setup
	$(PY) scripts/bench_pdf.py

clean:
	rm -rf site $(VENV) node_modules .mypy_cache .ruff_cache
