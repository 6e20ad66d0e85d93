# Set-up and everyday commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/danvan
HOST ?= 127.0.0.1:8000

.PHONY: run test test-sqlite test-postgres install system-deps messages lint clean serve-prod loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

messages: install
	@command -v msgfmt >/dev/null || $(MAKE) system-deps
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

run: messages
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_units
	$(BIN)/python manage.py load_demo
	@# The report worker runs beside the server and stops with it.
	$(BIN)/python manage.py db_worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST)

# Debian packages the tests need: Chromium for the browser journeys,
# gettext for the catalogs, poppler-utils to read PDFs back.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

test: system-deps messages
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite:
	env -u DATABASE_URL $(BIN)/pytest

test-postgres:
	@$(BIN)/python scripts/wait_for_postgres.py "$(PG_URL)" --attempts 1 2>/dev/null || \
		{ command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; } || true
	@if $(BIN)/python scripts/wait_for_postgres.py "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL at $(PG_URL) is unreachable: CI requires it." >&2; exit 1; \
	else \
		echo "PostgreSQL at $(PG_URL) is unreachable: skipped the PostgreSQL run (CI would fail)." >&2; \
	fi

# Production recipe: gunicorn behind the load balancer, WhiteNoise for static
# files, PostgreSQL from DATABASE_URL. Set SECRET_KEY and ALLOWED_HOSTS.
PROD_ENV = DEBUG=0 DATABASE_URL=$${DATABASE_URL:-$(PG_URL)}
serve-prod: messages
	$(PROD_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(PROD_ENV) $(BIN)/gunicorn danvan.wsgi --bind $${BIND:-127.0.0.1:8001} --workers $${WORKERS:-4} \
		--access-logfile - --error-logfile -

# 20 users browse and save for two minutes against gunicorn + PostgreSQL on loopback.
LOADTEST_DB ?= postgres://postgres@127.0.0.1:5432/danvan_loadtest
loadtest: install
	$(BIN)/python scripts/loadtest_server.py "$(LOADTEST_DB)"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts

# Page timings on province-scale data (Tuyên Quang, 08) against gunicorn on 127.0.0.1:8002:
# creates danvan_bench if missing, migrates, loads the map of province 08, generates the
# province scale data once (exit 2 = already there), then runs scripts/bench.py.
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/danvan_bench
BENCH_ARGS ?=
# The shared cache of the bench's several-workers row; the data steps write through it too, so that
# its figures follow the data they generate.
BENCH_CACHE_URL ?= redis://127.0.0.1:6379/13
.PHONY: bench
bench: export BENCH_CACHE_URL := $(BENCH_CACHE_URL)
bench: export CACHE_URL := $(BENCH_CACHE_URL)
bench: install
	$(BIN)/python -c "import psycopg, sys; c = psycopg.connect('$(BENCH_DB)'.rsplit('/', 1)[0] + '/postgres', autocommit=True); \
		c.execute(\"SELECT 1 FROM pg_database WHERE datname = 'danvan_bench'\").fetchone() or c.execute('CREATE DATABASE danvan_bench')"
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py load_units --province 08
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py generate_scale_data --scale province; \
		status=$$?; [ $$status -eq 0 ] || [ $$status -eq 2 ]
	DATABASE_URL=$(BENCH_DB) $(BIN)/python scripts/bench.py $(BENCH_ARGS)
