# Every target installs what it needs first: on a fresh machine `make serve`
# and `make test` are the only two commands a newcomer types.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

CHROMIUM := /usr/bin/chromium
AXE      := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: install build serve test validate lock schema clean browser-deps

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP) ## create .venv with the pinned set and the project

build: install ## build the site into site/ (fails on any warning)
	$(BIN)/mkdocs build --strict

serve: install ## build and serve the dossier at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve

# Browser tests need Debian's Chromium and axe-core (npm). As root (CI, fresh
# machines) they are installed here; otherwise the tests skip with a reason,
# except under CI=true, where a missing browser fails the run.
browser-deps: $(AXE)
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "note: $(CHROMIUM) missing and not root: run 'sudo apt-get install chromium' for the browser tests"; \
	  fi; \
	fi

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $(AXE)

test: install browser-deps ## run the whole test suite
	$(BIN)/python -m pytest

validate: install ## check every entry (warnings fail too)
	$(BIN)/dossier validate --strict

schema: install ## rewrite docs/schema/*.json from the code
	$(BIN)/dossier schema

lock: ## re-resolve the pinned set after changing dependencies in pyproject.toml
	rm -rf /tmp/dossier-lock-venv && $(PYTHON) -m venv /tmp/dossier-lock-venv
	/tmp/dossier-lock-venv/bin/pip install --quiet -e '.[test]' setuptools wheel
	{ echo "# Pinned set for reproducible installs (make install). Regenerate with: make lock"; \
	  /tmp/dossier-lock-venv/bin/pip freeze --all --exclude-editable | grep -v -e '^-e' -e '^pip=='; } > requirements.lock

clean:
	rm -rf site .pytest_cache
