# The README's two promises: `make serve` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)

.PHONY: setup serve build validate test browser bench bench-explorer clean
.DEFAULT_GOAL := serve

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

# Chromium for the browser tests: Debian's package when we can install it,
# otherwise Playwright's own download.
browser: setup
	@bash scripts/ensure_chromium.sh $(PY)

serve: setup
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve -a 127.0.0.1:8000

build: setup
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

validate: setup
	$(PY) scripts/validate.py

test: setup browser
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest

bench: setup
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/bench.py

# Explorer at scale: 5,000 synthetic practices, click-to-update time in Chromium, data file size.
bench-explorer: setup browser
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/bench_explorer.py

clean:
	rm -rf site $(VENV)
