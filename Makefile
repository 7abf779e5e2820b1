# citeduc — the two commands that matter: `make run` and `make test`.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export CITEDUC_ALLOW_DEV_SECRET ?= 1

.PHONY: install run serve migrate demo test test-fast test-sqlite test-postgres lint types pytest messages \
	bench clean lock vnu

# Tests run on this many processes (pytest-xdist); each has its own database, media folder, live
# server port and Chromium. CI's machine has 2 cores.
WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(WORKERS) --durations=25
TIMED := scripts/timed

# Exact versions, with their hashes, from requirements.lock (ranges stay in pyproject.toml;
# `make lock` recomputes the lock from them).
# uv installs the same locked versions, hashes checked, in seconds where pip takes minutes; the
# packages compiled to bytecode at install, as pip does (a library's SyntaxWarning is then not
# raised for the first time inside a test, where warnings are errors).
UV_VERSION := 0.13.8
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/python -m uv pip install --quiet --python $(BIN)/python --require-hashes \
		--compile-bytecode -r requirements.lock
	$(BIN)/python -m uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

install: $(STAMP)

# The Nu HTML Checker for the browser tests: the W3C's jar, as npm's vnu-jar publishes it (Java
# runs it). Without npm the HTML check is skipped, or fails under CITEDUC_REQUIRE_ALL=1.
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR):
	@if command -v npm >/dev/null; then \
		npm install --silent --no-audit --no-fund --prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION); \
	else echo "npm absent : le vérificateur HTML (vnu) n'est pas installé"; fi

vnu: $(VNU_JAR)

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	CITEDUC_DEMO=1 $(BIN)/python manage.py load_demo

run: demo
	@echo "citeduc : http://127.0.0.1:8000/  (arrêt : Ctrl+C) ; travaux longs : db_worker à côté"
	scripts/serve $(BIN)/python

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djlint --lint templates
	mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run

types: install
	$(BIN)/mypy .

# SQLite pass: everything but the browser checks and the pure-Python access matrix, which the
# PostgreSQL pass runs (docs/tests.md says which family runs where, and what it costs).
test-sqlite: install
	$(PYTEST) -m "not browser and not pg_only"

# PostgreSQL pass: the whole suite. CITEDUC_TEST_POSTGRES_URL must point at a server (.ci/run
# starts one on 127.0.0.1).
test-postgres: install
	@test -n "$$CITEDUC_TEST_POSTGRES_URL" || (echo "CITEDUC_TEST_POSTGRES_URL n'est pas défini" && exit 2)
	DATABASE_URL="$$CITEDUC_TEST_POSTGRES_URL" $(PYTEST)

# Without CITEDUC_TEST_POSTGRES_URL the PostgreSQL pass is skipped, and the SQLite pass also runs
# the browser checks and the matrix so that nothing is left out; with CITEDUC_REQUIRE_ALL=1 (CI)
# a missing PostgreSQL is a failure.
pytest: install
	@if [ -n "$$CITEDUC_TEST_POSTGRES_URL" ]; then \
		$(TIMED) "tests SQLite" $(MAKE) --no-print-directory test-sqlite && \
		$(TIMED) "tests PostgreSQL" $(MAKE) --no-print-directory test-postgres; \
	elif [ "$$CITEDUC_REQUIRE_ALL" = "1" ]; then \
		echo "CITEDUC_REQUIRE_ALL=1 mais CITEDUC_TEST_POSTGRES_URL n'est pas défini" >&2; exit 1; \
	else \
		echo "PostgreSQL : pas de serveur (CITEDUC_TEST_POSTGRES_URL), toute la suite sur SQLite"; \
		$(TIMED) "tests SQLite (toute la suite)" $(PYTEST); \
	fi

test: install vnu
	@$(TIMED) lint $(MAKE) --no-print-directory lint
	@$(TIMED) types $(MAKE) --no-print-directory types
	@$(TIMED) tests $(MAKE) --no-print-directory pytest

# Daily work: SQLite, no browser, no matrix, as many workers as cores (a few minutes).
test-fast: install
	$(BIN)/pytest -n auto -m "not browser and not pg_only"

# citeduc at national scale (gunicorn + PostgreSQL, 250 synthetic Cités): figures in
# docs/performance.md. The first run generates the dataset (about 20 minutes).
# The public side's interface in FALC, English and Arabic (locale/): extract the French strings of
# the code and templates, then compile the catalogs once they are translated (needs GNU gettext;
# the compiled .mo files are committed, so `make run` does not).
messages: install
	$(BIN)/python manage.py makemessages -d django -l en -l ar -l fr_Falc --no-location \
		--ignore=.venv --ignore=var --ignore=node_modules --ignore='static/dsfr*' --ignore='*/leaflet/*'
	$(BIN)/python manage.py makemessages -d djangojs -l en -l ar -l fr_Falc --no-location \
		--ignore=.venv --ignore=var --ignore=node_modules --ignore='static/dsfr*' --ignore='*/leaflet/*'
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install
	$(BIN)/python -u bench/national.py

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
