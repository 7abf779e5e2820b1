# citeduc — the two commands that matter: `make run` and `make test`.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export CITEDUC_ALLOW_DEV_SECRET ?= 1

.PHONY: install run serve migrate demo test lint types pytest test-postgres clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	CITEDUC_DEMO=1 $(BIN)/python manage.py load_demo

run: demo
	@echo "citeduc : http://127.0.0.1:8000/  (arrêt : Ctrl+C)"
	CITEDUC_DEBUG=1 CITEDUC_DEMO=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djlint --lint templates

types: install
	$(BIN)/mypy .

pytest: install
	$(BIN)/pytest

test: lint types pytest

# The same suite on PostgreSQL: DATABASE_URL must point at a server (see .ci/run).
test-postgres: install
	@test -n "$(DATABASE_URL)" || (echo "DATABASE_URL n'est pas défini" && exit 2)
	DATABASE_URL="$(DATABASE_URL)" $(BIN)/pytest

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
