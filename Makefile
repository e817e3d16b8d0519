# Every target installs what it needs first: on a fresh machine `make serve`
# and `make test` are the only two commands a newcomer types.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install build serve test validate lock schema clean

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

test: install ## run the whole test suite
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
