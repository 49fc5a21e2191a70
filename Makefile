# The two commands of the README. Everything installs into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Extra flags for `make lab`, e.g. make lab LAB_ARGS="--port=9999"
LAB_ARGS ?=
# Jupyter refuses to start as root (containers, CI machines) without this flag.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test lint install install-test benchmarks clean

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

install: $(VENV)/.lab-installed
install-test: $(VENV)/.test-installed

lab: install
	$(BIN)/jupyter lab --no-browser --ServerApp.root_dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check kernelkeras tests benchmarks scripts
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

benchmarks: install-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
