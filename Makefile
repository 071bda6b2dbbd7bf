# Stream: build, serve and test the book. `make help` lists the targets.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
BUILD ?= _build
# Zero warnings: every warning fails the build, and all of them are reported.
SPHINXOPTS ?= -W --keep-going -n
SPHINXBUILD := $(BIN)/sphinx-build -c . $(SPHINXOPTS)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help venv html text latex serve test clean

help:
	@echo "make serve   build the book, serve it on http://$(HOST):$(PORT)/ and rebuild on every edit"
	@echo "make html    build the web book into $(BUILD)/html"
	@echo "make text    build the plain-text book into $(BUILD)/text"
	@echo "make latex   write the LaTeX sources into $(BUILD)/latex"
	@echo "make test    run the test suite"
	@echo "make clean   remove $(BUILD)"

# The virtual environment is rebuilt whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

html: venv
	$(SPHINXBUILD) -b html docs $(BUILD)/html

text: venv
	$(SPHINXBUILD) -b text docs $(BUILD)/text

latex: venv
	$(SPHINXBUILD) -b latex docs $(BUILD)/latex

serve: venv
	$(BIN)/sphinx-autobuild -c . $(SPHINXOPTS) --host $(HOST) --port $(PORT) \
		--watch extensions --watch conf.py docs $(BUILD)/html

test: venv
	$(BIN)/python -m pytest

clean:
	rm -rf $(BUILD)
