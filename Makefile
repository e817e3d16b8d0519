# Every target installs what it needs first: on a fresh machine `make serve`
# and `make test` are the only two commands a newcomer types.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The site engine of `make build`, `make serve` and `make offline`: properdocs
# (the maintained fork of MkDocs 1.x) or mkdocs (1.6); both are installed,
# and CI builds with each.  Either way Material's end-of-life banner is off.
ENGINE ?= properdocs
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

CHROMIUM := /usr/bin/chromium
AXE      := tests/browser/node_modules/axe-core/axe.min.js

# $(call debian_package,TEST,PACKAGES,NOTE): when the shell test TEST fails, install Debian's
# PACKAGES as root; otherwise print NOTE (how to, and what for).
define debian_package
@if ! $(1); then \
  if [ "$$(id -u)" = 0 ]; then \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2); \
  else \
    echo "$(3)"; \
  fi; \
fi
endef

.PHONY: bench install build build-steps serve test validate lock schema clean browser-deps system-deps test-deps pdf offline offline-zip offline-steps wheelhouse

# Two parts of a load are compiled C, each with the same results in Python
# when it is not built: the schema check's fast path (schema/_fast_check.c,
# which needs only Python's headers) and the entry reader's
# (loading/_yaml_builder.c with _yaml_lines.c, which falls back on PyYAML's
# own libyaml): libyaml's headers come from Debian's libyaml-dev, installed
# here as root.  Without them the install goes on and entries are read in
# Python (the same values, slower).
# The package's bytecode is written here, as a wheel's install writes it: with
# PYTHONDONTWRITEBYTECODE (above) nothing else writes it, and every command
# compiled what it imported (a third of `dossier validate`'s imports).  A
# module edited since is compiled in memory, as before.
$(STAMP): requirements.lock pyproject.toml build_tools/dossierkit/loading/_yaml_builder.c build_tools/dossierkit/loading/_yaml_lines.c build_tools/dossierkit/schema/_fast_check.c
	$(call debian_package,[ -f /usr/include/yaml.h ],libyaml-dev,note: run 'sudo apt-get install libyaml-dev' to read entries in C (faster); reading them in Python)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@$(BIN)/python -c "import dossierkit.loading._yaml_builder" 2>/dev/null || \
	  echo "note: the entry reader's C part was not built (no compiler or no libyaml-dev): entries are read in Python"
	@$(BIN)/python -c "import dossierkit.schema._fast_check" 2>/dev/null || \
	  echo "note: the schema check's C part was not built (no compiler): entries are checked in Python"
	$(BIN)/python -m compileall -q build_tools/dossierkit
	touch $(STAMP)

install: $(STAMP) ## create .venv with the pinned set and the project

# MkDocs empties its output folder before it writes, so a build that fails or
# is interrupted would leave a half-written site/.  Instead, everything (the
# site, the PDF, and the offline zip) is built in a staging folder of this
# build's own, and `dossier swap-site` puts it in place of site/ only when
# every step has succeeded: site/ is always the last complete build.
# `dossier locked` holds build/.lock while the steps run: a second build in
# the same folder waits for the first, then builds and swaps in its own
# complete site; it gives the steps their staging folder in DOSSIER_STAGE.
build: install system-deps ## build site/ with its PDF and offline zip in a staging folder, then swap it in (fails on any warning)
	$(BIN)/dossier locked -- $(MAKE) --no-print-directory build-steps

build-steps: # run by `make build`, under the lock: do not call it directly
	@test -n "$$DOSSIER_STAGE" || { echo "make build-steps runs under 'make build'" >&2; exit 2; }
	$(BIN)/$(ENGINE) build --strict -f mkdocs.yml -d "$$DOSSIER_STAGE/site"
	$(BIN)/dossier pdf --strict -o "$$DOSSIER_STAGE/site/dossier.pdf"
	DOSSIER_OFFLINE=true $(BIN)/$(ENGINE) build --strict -f mkdocs.yml -d "$$DOSSIER_STAGE/offline-site"
	cp "$$DOSSIER_STAGE/site/dossier.pdf" "$$DOSSIER_STAGE/offline-site/dossier.pdf"
	$(BIN)/dossier pack "$$DOSSIER_STAGE/offline-site" -o "$$DOSSIER_STAGE/site/dossier-offline.zip"
	$(BIN)/dossier swap-site "$$DOSSIER_STAGE/site" site

pdf: install system-deps ## write the whole dossier as one PDF book: site/dossier.pdf
	$(BIN)/dossier pdf -o site/dossier.pdf

offline: pdf offline-zip ## a copy of the site that works from file://, as site/dossier-offline.zip

offline-zip:
	$(BIN)/dossier locked -- $(MAKE) --no-print-directory offline-steps

offline-steps: # run by `make offline-zip`, under the lock
	@test -n "$$DOSSIER_STAGE" || { echo "make offline-steps runs under 'make offline'" >&2; exit 2; }
	DOSSIER_OFFLINE=true $(BIN)/$(ENGINE) build --strict -f mkdocs.yml -d "$$DOSSIER_STAGE/offline-site"
	if [ -f site/dossier.pdf ]; then cp site/dossier.pdf "$$DOSSIER_STAGE/offline-site/dossier.pdf"; fi
	$(BIN)/dossier pack "$$DOSSIER_STAGE/offline-site" -o site/dossier-offline.zip

# The PDF writer (Typst, from PyPI) needs no system library, but Chinese names
# need a CJK font (too large to bundle). As root it is installed here;
# otherwise the command to run is printed.
SYSTEM_PACKAGES := fonts-wqy-microhei
system-deps:
	$(call debian_package,[ -d /usr/share/fonts/truetype/wqy ],$(SYSTEM_PACKAGES),note: run 'sudo apt-get install $(SYSTEM_PACKAGES)' for the PDF)

# --dirty: after the first build, rebuild only the pages an edit changed (the
# plugin tells MkDocs which generated pages are unchanged); MkDocs warns that
# dirty builds may be inaccurate, the plugin rebuilds every page that depends
# on what changed.
serve: install ## build and serve the dossier at http://127.0.0.1:8000 with live reload
	$(BIN)/$(ENGINE) serve --dirty -f mkdocs.yml

# Browser tests need Debian's Chromium and axe-core (npm). As root (CI, fresh
# machines) they are installed here; otherwise the tests skip with a reason,
# except under CI=true, where a missing browser fails the run.
browser-deps: $(AXE)
	$(call debian_package,[ -x $(CHROMIUM) ],chromium,note: $(CHROMIUM) missing and not root: run 'sudo apt-get install chromium' for the browser tests)

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $(AXE)

# The PDF tests read the book's text with poppler's pdftotext, which reads
# right-to-left text in logical order (pypdf gives it in visual order).
test-deps:
	$(call debian_package,command -v pdftotext >/dev/null 2>&1,poppler-utils,note: run 'sudo apt-get install poppler-utils' for the PDF text tests)

# The test that installs dossierkit from its wheel into a fresh virtual
# environment (tests/test_newcomer.py) installs the dependencies from here,
# offline: the wheels of the pinned set that the package needs.
WHEELHOUSE := build/wheelhouse
$(WHEELHOUSE)/.complete: requirements.lock pyproject.toml | $(STAMP)
	rm -rf $(WHEELHOUSE) build/wheelhouse-dist
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation . -w build/wheelhouse-dist
	$(BIN)/python -m pip download --quiet --disable-pip-version-check -c requirements.lock -d $(WHEELHOUSE) build/wheelhouse-dist/dossierkit-*.whl
	rm -rf build/wheelhouse-dist $(WHEELHOUSE)/dossierkit-*.whl
	touch $@

wheelhouse: $(WHEELHOUSE)/.complete

test: install system-deps browser-deps test-deps wheelhouse ## run the whole test suite
	$(BIN)/python -m pytest

bench: install system-deps ## benchmark 100, 1,000 and 10,000 entries against plain MkDocs (takes a while)
	$(BIN)/python -m dossierkit.devtools.bench --out build/bench-results.json

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
	rm -rf site build .pytest_cache test-artifacts
