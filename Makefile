# The README's two promises: `make serve` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)

.PHONY: setup serve build validate test browser bench clean pdf bench-pdf
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
	$(PY) scripts/export_pdf.py --site-dir site --sheets

# The full training pack alone, into out/ (filters: run scripts/export_pdf.py --help).
pdf: setup
	$(PY) scripts/export_pdf.py

validate: setup
	$(PY) scripts/validate.py

test: setup browser
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest

bench: setup
	NO_MKDOCS_2_WARNING=1 $(PY) scripts/bench.py

bench-pdf: setup
	$(PY) scripts/bench_pdf.py

clean:
	rm -rf site $(VENV)
