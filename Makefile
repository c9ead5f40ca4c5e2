# Two commands matter: `make run` (the main job) and `make test`. Each installs what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DOCS_PORT ?= 8080

export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1

.PHONY: install run test docs db-start db-stop clean

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $@

## run: start the embedded server, generate samples if missing, load, dbt build, docs
run: install
	$(BIN)/sparkify run

## test: pytest (loader, integration, end to end) and every dbt test, on a real PostgreSQL
test: install
	$(BIN)/pytest

## docs: generate the dbt docs site and serve it on localhost
docs: install
	$(BIN)/sparkify db start
	$(BIN)/dbt docs generate
	$(BIN)/dbt docs serve --host 127.0.0.1 --port $(DOCS_PORT) --no-browser

db-start: install
	$(BIN)/sparkify db start

db-stop: install
	$(BIN)/sparkify db stop

## clean: remove dbt build output (keeps the database and the venv)
clean:
	rm -rf target logs
