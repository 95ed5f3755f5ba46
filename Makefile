# The single entry point: `make book`, `make test`, `make pdf`, `make lab`, `make bench`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book

PYTHON_BASE ?= python3.11
VENV := .venv
LAB_VENV := .venv-lab
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
VENV_STAMP := $(VENV)/.installed
LAB_STAMP := $(LAB_VENV)/.installed
JS_STAMP := node_modules/.installed
CHART_SCRIPT := _static/vega-charts.js
PDF := _build/latex/russia-kazakhstan-cross-border-cooperation.pdf
# -W: a warning fails the build; -n: nitpicky references; --keep-going: report them all.
JB_FLAGS := -W -n --keep-going

# What the book is built from: make rebuilds only when one of these is newer than the output.
NOTEBOOKS := $(wildcard chapters/*.ipynb)
HELPERS := $(wildcard rukz/*.py)
DATA_FILES := $(shell find data -type f)
BOOK_SOURCES := _config.yml _toc.yml references.bib $(wildcard chapters/*) $(DATA_FILES) \
	$(HELPERS) $(CHART_SCRIPT) _static/favicon.svg _static/rukz.css
VALIDATED := _build/.data-valid
FINGERPRINTS := _build/.fingerprints
NBVAL_STAMP := _build/.nbval-passed
HTML_STAMP := _build/html/.built

# Debian packages the PDF and the browser test need (no 1.4 GB texlive-fonts-extra).
TEX_PACKAGES := texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
	texlive-xetex latexmk fonts-freefont-otf fonts-wqy-microhei fonts-dejavu-core
TEST_PACKAGES := chromium poppler-utils

.PHONY: book site html nbval test pdf lab bench validate checksums fingerprints strip lint lock clean \
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
# Every data file against data/datapackage.json, first: a broken file stops the build here with
# one short message naming file, line, column and rule.
validate: $(VALIDATED)
$(VALIDATED): $(VENV_STAMP) $(DATA_FILES) $(HELPERS)
	@$(PY) -m rukz.validate
	@mkdir -p $(@D) && touch $@

# After changing a data file on purpose: record its new sha256 in the description.
checksums: $(VENV_STAMP)
	$(PY) -m rukz.validate --checksums

# Rewrites a chapter's data_inputs cell when a data file or the helper code changed (see
# rukz/fingerprints.py): that is what makes the execution cache re-run exactly those chapters.
fingerprints: $(FINGERPRINTS)
$(FINGERPRINTS): $(VALIDATED) $(NOTEBOOKS) $(DATA_FILES) $(HELPERS)
	$(PY) -m rukz.fingerprints
	@mkdir -p $(@D) && touch $@

# Executes only the notebooks whose code or data changed, and hands each passing run to the
# book's execution cache (rukz/nbcache.py): the build renders it without executing it again.
# Stale notebooks run NBVAL_JOBS at a time (rukz/nbval_run.py; the build machine has two cores).
NBVAL_JOBS ?= 2
nbval: $(NBVAL_STAMP)
$(NBVAL_STAMP): $(FINGERPRINTS) $(CHART_SCRIPT) $(BOOK_SOURCES)
	$(PY) -m rukz.nbval_run --jobs $(NBVAL_JOBS) $(NOTEBOOKS)
	@touch $@

# Built in a scratch tree and swapped in only on success: a failed build leaves the last good
# _build/html in place. The scratch tree keeps Sphinx's environment for incremental rebuilds.
STAGE := _build/stage
html: $(HTML_STAMP)
$(HTML_STAMP): $(FINGERPRINTS) $(CHART_SCRIPT) $(BOOK_SOURCES)
	$(JB) build . --builder html --path-output $(STAGE) $(JB_FLAGS)
	rm -rf _build/html.next && cp -a $(STAGE)/_build/html _build/html.next
	rm -rf _build/html && mv _build/html.next _build/html
	@touch $@

book: nbval html

# The published site: the HTML book with the PDF and the whole data package beside it, where the
# introduction's and the data page's download links point.
site: book pdf
	$(PY) -m rukz.release _build/html $(PDF)

pdf: system-tex $(PDF)
$(PDF): $(FINGERPRINTS) $(CHART_SCRIPT) $(BOOK_SOURCES)
	$(JB) build . --builder pdflatex $(JB_FLAGS)
	@test -s $@ && touch $@ && echo "PDF: $@"

## Checks -----------------------------------------------------------------------------------
lint: $(VENV_STAMP)
	$(VENV)/bin/ruff check rukz tests
	$(VENV)/bin/nbstripout --verify $(NOTEBOOKS)

test: system-test lint site
	$(PY) -m pytest tests -q -p no:cacheprovider

bench: $(VENV_STAMP) $(CHART_SCRIPT) system-tex
	$(PY) tests/benchmark.py

## Working on chapters ----------------------------------------------------------------------
# A separate environment: JupyterLab's dependencies slow down every book build. Charts use
# Altair's offline jupyter renderer there, since JupyterLab cannot run the book's chart script.
$(LAB_STAMP): requirements-lab.txt requirements.txt pyproject.toml
	$(PYTHON_BASE) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	$(LAB_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

lab: $(LAB_STAMP) $(FINGERPRINTS)
	RUKZ_CHARTS=jupyter $(LAB_VENV)/bin/jupyter lab --notebook-dir=chapters

strip: $(VENV_STAMP)
	$(VENV)/bin/nbstripout $(NOTEBOOKS)

# Resolve the direct requirements afresh in scratch environments and record the exact result.
lock:
	rm -rf _build/lock
	$(PYTHON_BASE) -m venv _build/lock/base
	_build/lock/base/bin/pip install --quiet --disable-pip-version-check -r requirements.in
	{ echo "# Exact lock of requirements.in for Python 3.11 (regenerate with: make lock)."; \
	  _build/lock/base/bin/pip freeze; } > requirements.txt
	$(PYTHON_BASE) -m venv _build/lock/lab
	_build/lock/lab/bin/pip install --quiet --disable-pip-version-check -r requirements-lab.in
	{ echo "# Exact lock of requirements-lab.in (regenerate with: make lock)."; \
	  _build/lock/lab/bin/pip freeze; } > requirements-lab.txt
	rm -rf _build/lock

clean:
	rm -rf _build $(CHART_SCRIPT)
