# citeduc — the two commands that matter: `make run` and `make test`.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export CITEDUC_ALLOW_DEV_SECRET ?= 1

.PHONY: install run serve migrate demo test lint types pytest test-postgres bench clean

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
	CITEDUC_DEBUG=1 CITEDUC_DEMO=1 CITEDUC_REQUIRE_2FA=0 $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djlint --lint templates

types: install
	$(BIN)/mypy .

# The whole suite on SQLite, then again on PostgreSQL when CITEDUC_TEST_POSTGRES_URL is set
# (.ci/run sets it; with CITEDUC_REQUIRE_ALL=1 its absence is a failure, not a skip).
pytest: install
	$(BIN)/pytest
	@if [ -n "$$CITEDUC_TEST_POSTGRES_URL" ]; then \
		echo "== La même suite sur PostgreSQL =="; \
		DATABASE_URL="$$CITEDUC_TEST_POSTGRES_URL" $(BIN)/pytest; \
	elif [ "$$CITEDUC_REQUIRE_ALL" = "1" ]; then \
		echo "CITEDUC_REQUIRE_ALL=1 mais CITEDUC_TEST_POSTGRES_URL n'est pas défini" >&2; exit 1; \
	else \
		echo "PostgreSQL : suite non rejouée (CITEDUC_TEST_POSTGRES_URL non défini)"; \
	fi

test: lint types pytest

# Only the PostgreSQL pass: CITEDUC_TEST_POSTGRES_URL must point at a server (see .ci/run).
test-postgres: install
	@test -n "$$CITEDUC_TEST_POSTGRES_URL" || (echo "CITEDUC_TEST_POSTGRES_URL n'est pas défini" && exit 2)
	DATABASE_URL="$$CITEDUC_TEST_POSTGRES_URL" $(BIN)/pytest

# citeduc at national scale (gunicorn + PostgreSQL, 250 synthetic Cités): figures in
# docs/performance.md. The first run generates the dataset (about 20 minutes).
bench: install
	$(BIN)/python -u bench/national.py

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
