# The single entry point: `make book`, `make test`, `make pdf`, `make lab`, `make bench`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book

PYTHON_BASE ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
VENV_STAMP := $(VENV)/.installed
JS_STAMP := node_modules/.installed
CHART_SCRIPT := _static/vega-charts.js
NOTEBOOKS := $(wildcard chapters/*.ipynb)
PDF := _build/latex/russia-kazakhstan-cross-border-cooperation.pdf
# -W: a warning fails the build; -n: nitpicky references; --keep-going: report them all.
JB_FLAGS := -W -n --keep-going

# Debian packages the PDF and the browser test need (no 1.4 GB texlive-fonts-extra).
TEX_PACKAGES := texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
	texlive-xetex latexmk fonts-freefont-otf
TEST_PACKAGES := chromium poppler-utils

.PHONY: book html nbval test pdf lab bench fingerprints strip lint lock clean \
	venv js static system-tex system-test

## Environment ------------------------------------------------------------------------------
venv: $(VENV_STAMP)
$(VENV_STAMP): requirements.txt pyproject.toml
	$(PYTHON_BASE) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

js: $(JS_STAMP)
$(JS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static: $(CHART_SCRIPT)
$(CHART_SCRIPT): $(JS_STAMP) $(VENV_STAMP) rukz/charts.py rukz/static_assets.py
	$(PY) -m rukz.static_assets

# Installs Debian packages when root; otherwise prints the exact command and stops.
define need_debian
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  cmd="apt-get install -y --no-install-recommends $$(echo $$missing)"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$cmd -qq; \
	  else echo "Missing Debian packages. Run as root: apt-get update && $$cmd"; exit 1; fi; \
	fi
endef

system-tex:
	$(call need_debian,$(TEX_PACKAGES))
system-test:
	$(call need_debian,$(TEST_PACKAGES))

## Build ------------------------------------------------------------------------------------
# Rewrites each chapter's data_inputs cell when a data file changed (see rukz/fingerprints.py).
fingerprints: $(VENV_STAMP)
	$(PY) -m rukz.fingerprints

nbval: $(VENV_STAMP) static fingerprints
	$(PY) -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider -q $(NOTEBOOKS)

html: $(VENV_STAMP) static fingerprints
	$(JB) build . --builder html $(JB_FLAGS)

book: nbval html

pdf: system-tex $(VENV_STAMP) static fingerprints
	$(JB) build . --builder pdflatex $(JB_FLAGS)
	@test -s $(PDF) && echo "PDF: $(PDF)"

## Checks -----------------------------------------------------------------------------------
lint: $(VENV_STAMP)
	$(VENV)/bin/ruff check rukz tests
	$(VENV)/bin/nbstripout --verify $(NOTEBOOKS)

test: system-test lint book pdf
	$(PY) -m pytest tests -q -p no:cacheprovider

bench: $(VENV_STAMP) static system-tex
	$(PY) tests/benchmark.py

## Working on chapters ----------------------------------------------------------------------
# Altair's offline jupyter renderer: JupyterLab cannot run the book's chart script.
lab: $(VENV_STAMP)
	RUKZ_CHARTS=jupyter $(VENV)/bin/jupyter lab --notebook-dir=chapters

strip: $(VENV_STAMP)
	$(VENV)/bin/nbstripout $(NOTEBOOKS)

lock: $(VENV_STAMP)
	{ echo "# Exact lock of requirements.in for Python 3.11 (regenerate with: make lock)."; \
	  $(VENV)/bin/pip freeze --exclude-editable; } > requirements.txt

clean:
	rm -rf _build $(CHART_SCRIPT)
