# The two commands of the README. Everything installs into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Extra flags for `make lab`, e.g. make lab LAB_ARGS="--port=9999"
LAB_ARGS ?=
# Extra flags for pytest in `make test`, e.g. make test PYTEST_ARGS="tests/unit -x"
PYTEST_ARGS ?=
# Jupyter refuses to start as root (containers, CI machines) without this flag.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
# The browser tests drive Debian's Chromium (Playwright cannot download one here).
CHROMIUM := /usr/bin/chromium
# The dataset tests read the real Fashion-MNIST files of Debian's dataset-fashion-mnist.
FASHION_MNIST := /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
NPM := cd labextension && npm

.PHONY: lab test test-unit lint lint-python lint-frontend install install-test chromium \
        fashion-mnist stub benchmarks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The JupyterLab extension's sources: when they change, the install rebuilds it (npm).
EXTENSION := labextension/package.json labextension/package-lock.json \
             $(wildcard labextension/src/*.ts labextension/style/*)

# Stamp files: reinstall only when pyproject.toml or the extension's sources change.
$(VENV)/.lab-installed: pyproject.toml $(EXTENSION) | $(BIN)/python
	rm -rf kernelkeras/labextension
	$(BIN)/python -m pip install --quiet -e ".[cpu,lab]"
	touch $@

$(VENV)/.test-installed: pyproject.toml $(EXTENSION) | $(BIN)/python
	rm -rf kernelkeras/labextension
	$(BIN)/python -m pip install --quiet -e ".[cpu,test]"
	touch $@ $(VENV)/.lab-installed

# The front end's own tools (eslint, prettier, tsc, jest), from the committed lock file.
labextension/node_modules/.package-lock.json: labextension/package-lock.json
	$(NPM) ci
	touch $@

install: $(VENV)/.lab-installed
install-test: $(VENV)/.test-installed labextension/node_modules/.package-lock.json

lab: install
	$(BIN)/jupyter lab --no-browser --ServerApp.root_dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

# Debian's Chromium for the browser tests: installed here when this is Debian and we are
# root (CI, containers); otherwise `make test` stops and prints the command to run.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "The browser tests need Debian's Chromium at $(CHROMIUM). Install it, then run"; \
	    echo "make test again:  sudo apt-get update && sudo apt-get install -y chromium"; \
	    exit 1; \
	  fi; \
	fi

# Debian's Fashion-MNIST files for the dataset tests, installed the same way as Chromium.
fashion-mnist:
	@if [ ! -f $(FASHION_MNIST) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's dataset-fashion-mnist for the dataset tests (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist; \
	  else \
	    echo "The dataset tests read Fashion-MNIST from $(dir $(FASHION_MNIST)). Install it, then run"; \
	    echo "make test again:  sudo apt-get update && sudo apt-get install -y dataset-fashion-mnist"; \
	    exit 1; \
	  fi; \
	fi

lint-python: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check kernelkeras tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python scripts/generate_stub.py --check

lint-frontend: install-test
	$(NPM) run lint:check
	$(NPM) run typecheck

lint: lint-python lint-frontend

# Every test: the front end's unit tests, then pytest (unit, kernel and browser tests).
test: chromium fashion-mnist lint
	$(NPM) test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fast tests alone (no kernels, no browser): Python and TypeScript unit tests.
test-unit: install-test fashion-mnist
	$(NPM) test
	$(BIN)/python -m pytest tests/unit -m "not slow"

# Rewrites kernelkeras/__init__.pyi after a change to the public API or a Keras upgrade.
stub: install-test
	$(BIN)/python scripts/generate_stub.py

benchmarks: install-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache labextension/node_modules
