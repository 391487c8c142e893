# The two commands a newcomer needs: `make run` and `make test`. Both work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= 1

.PHONY: run test install install-test migrate demo serve lint format bench worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	PORT=$(PORT) $(BIN)/python manage.py demo

## run: the platform on its embedded default (SQLite, local media, eager tasks, demo data)
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (GraphQL: /graphql/, back office: /admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: the whole test suite (uses DATABASE_URL, CELERY_BROKER_URL, S3 variables when set)
test: install-test
	DEBUG=0 $(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: install
	$(BIN)/celery -A infra worker -Q default,search --loglevel=INFO

clean:
	rm -rf $(VENV) var/*.sqlite3 var/media .pytest_cache

## bench: catalog read benchmark against gunicorn on PostgreSQL (BENCH_DATABASE_URL, PRODUCTS)
PRODUCTS ?= 10000
bench: install-test
	$(BIN)/python -m tests.bench.catalog_bench --products $(PRODUCTS) $(BENCH_ARGS)

## bench-checkout: whole checkouts against gunicorn on PostgreSQL, 1 and 8 clients (BENCH_DATABASE_URL)
.PHONY: bench-checkout
bench-checkout: install-test
	$(BIN)/python -m tests.bench.checkout_bench $(BENCH_ARGS)
