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

.PHONY: help venv diagram-tools html text latex pdf epub all system-deps serve test lint new-lesson clean bench bench-tools gettext locales html-ko pdf-ko epub-ko all-ko

help:
	@echo "make serve   build the book, serve it on http://$(HOST):$(PORT)/ and rebuild on every edit"
	@echo "make html    build the web book into $(BUILD)/html"
	@echo "make text    build the plain-text book into $(BUILD)/text"
	@echo "make latex   write the LaTeX sources into $(BUILD)/latex"
	@echo "make epub    build the ePub book into $(BUILD)/epub/Stream.epub"
	@echo "make html-ko, pdf-ko, epub-ko  the Korean edition, into $(BUILD)/ko/"
	@echo "make locales update the translation catalogs in locales/ko from the English pages"
	@echo "make all     build html, pdf and epub"
	@echo "make pdf     build the PDF book into $(BUILD)/latex/stream.pdf (needs TeX Live: make system-deps)"
	@echo "make test    run the test suite"
	@echo "make lint    ruff, spelling, and the structure and link check of every page"
	@echo 'make new-lesson TITLE="..."  start the next lesson from a template'
	@echo "make lessonkit-catalog  re-extract lessonkit's own strings and update their translations"

	@echo "make diagram-tools  install mermaid-cli (npm ci) for the diagrams"
	@echo "make clean   remove $(BUILD)"

# The virtual environment is rebuilt whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

# mermaid-cli from package-lock.json; it drives the system's Chromium and must
# never download a browser of its own.
node_modules/.installed: package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

diagram-tools: node_modules/.installed

html: venv diagram-tools
	$(SPHINXBUILD) -b html docs $(BUILD)/html

text: venv diagram-tools
	$(SPHINXBUILD) -b text docs $(BUILD)/text

latex: venv diagram-tools
	$(SPHINXBUILD) -b latex docs $(BUILD)/latex

pdf: venv diagram-tools
	$(BIN)/sphinx-build -M latexpdf docs $(BUILD) -c . $(SPHINXOPTS)

epub: venv diagram-tools
	$(SPHINXBUILD) -b epub -d $(BUILD)/doctrees-epub docs $(BUILD)/epub

# -- The Korean edition ---------------------------------------------------------------
# Built from the translation catalogs in locales/ko/LC_MESSAGES, one per page.
# `make locales` extracts the English messages and brings the catalogs in step with
# them: a changed paragraph becomes a fuzzy entry for a translator to review.
KO := STREAM_LANGUAGE=ko
gettext: venv
	$(SPHINXBUILD) -b gettext docs $(BUILD)/gettext

locales: gettext
	$(BIN)/sphinx-intl update -p $(BUILD)/gettext -l ko -d locales --line-width=-1
	$(BIN)/python scripts/tidy_catalogs.py locales

html-ko: venv diagram-tools
	$(KO) $(SPHINXBUILD) -b html -d $(BUILD)/ko/doctrees docs $(BUILD)/ko/html

pdf-ko: venv diagram-tools
	$(KO) $(BIN)/sphinx-build -M latexpdf docs $(BUILD)/ko -c . $(SPHINXOPTS)

epub-ko: venv diagram-tools
	$(KO) $(SPHINXBUILD) -b epub -d $(BUILD)/ko/doctrees-epub docs $(BUILD)/ko/epub

all-ko: html-ko pdf-ko epub-ko

all: html pdf epub

# TeX Live, fonts and PDF tools, with apt (as root); a no-op when all are present.
system-deps:
	scripts/install-system-deps.sh

# A build stopped half-way (Ctrl-C during the first build) leaves pages without a
# search index, which Sphinx then refuses to complete: start such a build afresh.
serve: venv diagram-tools
	@if [ -d $(BUILD)/html ] && [ ! -f $(BUILD)/html/searchindex.js ]; then \
		echo "removing the unfinished build in $(BUILD)/html"; rm -rf $(BUILD)/html; fi
	$(BIN)/sphinx-autobuild -c . $(SPHINXOPTS) --host $(HOST) --port $(PORT) \
		--watch extensions --watch conf.py docs $(BUILD)/html

# As root with apt, `make test` first installs the system tools the PDF tests need;
# elsewhere those tests are skipped with a reason naming the install command.
test: venv
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& ! scripts/install-system-deps.sh --check >/dev/null; then \
		scripts/install-system-deps.sh; fi
	$(MAKE) diagram-tools
	node --test tests/js/
	$(BIN)/python -m pytest

# Python style, spelling, then a read-only build in strict mode: every lesson, draft
# or not, publishable (no placeholder, every part, a figure, tags, sources), every
# cross-reference and internal link resolved. Every check runs and reports all it
# finds; lint fails at the end if any did. -E reads every page afresh, so a second
# run gives the same answer as the first. In GitHub Actions, ruff's problems are
# annotations on the pull request's lines (the workflow adds a matcher for Sphinx's).
LINT_PATHS := conf.py extensions lab tests scripts bench
SPELL_PATHS := docs extensions lab tests scripts bench conf.py README.md CONTRIBUTING.md CHANGELOG.md
RUFF_FORMAT := $(if $(GITHUB_ACTIONS),--output-format=github,)
LINT_STEPS := \
	"$(BIN)/ruff check $(RUFF_FORMAT) $(LINT_PATHS)" \
	"$(BIN)/ruff format --check $(LINT_PATHS)" \
	"$(BIN)/codespell $(SPELL_PATHS)" \
	"$(BIN)/python scripts/check_bibliography.py docs/references.bib" \
	"$(SPHINXBUILD) -q -b dummy -E -D lessonkit_strict=1 -d $(BUILD)/doctrees-lint docs $(BUILD)/lint"
lint: venv
	@failed=""; \
	for step in $(LINT_STEPS); do \
		echo "$$step"; \
		sh -c "$$step" || failed="$$failed\n  $$step"; \
	done; \
	if [ -n "$$failed" ]; then printf "make lint: these checks failed:$$failed\n" >&2; exit 1; fi

new-lesson: venv
	@if [ -z "$(TITLE)" ]; then echo 'usage: make new-lesson TITLE="Your lesson title"' >&2; exit 2; fi
	$(BIN)/python scripts/new_lesson.py "$(TITLE)"

clean:
	rm -rf $(BUILD)

# The benchmark: page weight beside a stock sphinx-book-theme page, Lighthouse,
# build times, scaling to 100 lessons and diagram launches, as tables. Not a test.
bench: venv diagram-tools
	cd bench && ../$(BIN)/python run.py $(BENCHOPTS)

# Lighthouse for `make bench`, into bench/node_modules; it drives Debian's Chromium.
bench-tools: bench/node_modules/.installed
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

# Every dated claim ({as-of}`YYYY-MM`) in the book, oldest first, with those older
# than FRESHNESS_MONTHS marked stale; exit 0. Before a release:
# make freshness FRESHNESSOPTS=--strict (fails on a stale claim).
FRESHNESS_MONTHS ?= 9
.PHONY: freshness
freshness: venv
	$(BIN)/python scripts/freshness.py --max-age $(FRESHNESS_MONTHS) $(FRESHNESSOPTS)

# lessonkit's own strings (box titles, the lesson header, buttons, legends) in
# extensions/lessonkit/locales: extract every translate("...") and N_("...") of the
# extension into lessonkit.pot, carry the changes into each language's lessonkit.po
# (a new message arrives empty, a changed one fuzzy) and compile the lessonkit.mo that
# ships with the package. Translate what the statistics report, then run it again.
LESSONKIT_LOCALES := extensions/lessonkit/locales
LESSONKIT_LANGUAGES ?= ko
PYBABEL_WIDTH := --width 88
.PHONY: lessonkit-catalog
lessonkit-catalog: venv
	$(BIN)/pybabel extract --no-default-keywords -k translate -k N_ -k translate_in:1c,2 \
		--add-comments Translators: --project lessonkit --version 0.1.0 \
		--copyright-holder "The Stream authors" \
		--msgid-bugs-address https://github.com/stream-textbook/stream/issues \
		$(PYBABEL_WIDTH) --output-file $(LESSONKIT_LOCALES)/lessonkit.pot extensions/lessonkit
	@for language in $(LESSONKIT_LANGUAGES); do \
		po=$(LESSONKIT_LOCALES)/$$language/LC_MESSAGES/lessonkit.po; \
		if [ -f $$po ]; then \
			$(BIN)/pybabel update --domain lessonkit --input-file $(LESSONKIT_LOCALES)/lessonkit.pot \
				--output-dir $(LESSONKIT_LOCALES) --locale $$language --previous \
				--ignore-obsolete $(PYBABEL_WIDTH) || exit 1; \
		else \
			$(BIN)/pybabel init --domain lessonkit --input-file $(LESSONKIT_LOCALES)/lessonkit.pot \
				--output-dir $(LESSONKIT_LOCALES) --locale $$language $(PYBABEL_WIDTH) || exit 1; \
		fi; \
	done
	$(BIN)/pybabel compile --domain lessonkit --directory $(LESSONKIT_LOCALES) --statistics
