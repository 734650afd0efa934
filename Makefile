# Two commands matter: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
CHROMIUM := /usr/bin/chromium
# `make bench` loads the server with Debian's wrk.
WRK := /usr/bin/wrk
# The second pass of `make test` runs the suite on PostgreSQL (required in CI).
TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/cms_events
# The Redis tests (tests/test_redis.py) use it in both passes; in CI they fail without it.
export TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test lint format bench load-test messages check-services clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# `make run` and `make messages` use the development settings, also where var/production.env
# exists (manage.py refuses to guess there).
run messages: export DJANGO_SETTINGS_MODULE := config.settings.dev

# Reinstall when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[test,postgres,redis,production]"
	touch $(VENV)/.installed $@

# The benchmarks add gunicorn and django-tasks-db (the database task backend and its worker).
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[test,postgres,redis,production,bench]"
	touch $(VENV)/.installed $(VENV)/.installed-test $@

# Browser tests drive Debian's Chromium; never a downloaded browser.
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

$(WRK):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk

# axe-core and the Nu HTML checker (vnu.jar) come from the npm registry, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(MANAGE) load_demo_events --port $(PORT)
	$(MANAGE) ensure_admin_user --port $(PORT)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV)/.installed-test $(CHROMIUM) node_modules/.installed lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	@if $(BIN)/python scripts/db_reachable.py "$(TEST_PG_URL)"; then \
		echo "First pass: the suite on SQLite, browser tests in the second pass only"; \
		$(BIN)/pytest -m "not browser" $(PYTEST_ARGS) && \
		echo "Second pass: the suite on PostgreSQL, browser tests included" && \
		TEST_DATABASE_URL="$(TEST_PG_URL)" $(BIN)/pytest $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is not reachable at $(TEST_PG_URL); CI needs it." >&2; exit 1; \
	else \
		echo "PostgreSQL is not reachable at $(TEST_PG_URL): the suite on SQLite only."; \
		$(BIN)/pytest $(PYTEST_ARGS); \
	fi

# Server time and queries per page on SQLite and PostgreSQL, then throughput under gunicorn
# (PostgreSQL only; its databases are named $(BENCH_DB_PREFIX)*, dropped and created again) and
# first visits with wrk, the cache in Redis at BENCH_REDIS_URL when it answers.
# `make load-test` runs apart.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
export BENCH_DB_PREFIX ?= cms_events_perf_
export BENCH_REDIS_URL ?= $(TEST_REDIS_URL)
bench: $(VENV)/.installed-bench $(WRK)
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python benchmarks/render_pages.py
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python benchmarks/series_listing.py
	@if $(BIN)/python scripts/db_reachable.py "$(BENCH_PG)/postgres"; then \
		TEST_DATABASE_URL="$(BENCH_PG)/$(BENCH_DB_PREFIX)render" DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python benchmarks/render_pages.py && \
		BENCH_PG_URL="$(BENCH_PG)" $(BIN)/python benchmarks/http_load.py && \
		BENCH_PG_URL="$(BENCH_PG)" $(BIN)/python benchmarks/first_visits.py; \
	else \
		echo "PostgreSQL is not reachable at $(BENCH_PG): its benchmarks are skipped."; \
	fi
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python benchmarks/registration_throughput.py

# Two minutes of registrations against gunicorn (2 workers) and the task worker, on PostgreSQL;
# exits non-zero when a registration or a mail is lost or doubled, or the capacity breaks.
load-test: $(VENV)/.installed-bench
	BENCH_PG_URL="$(BENCH_PG)" $(BIN)/python benchmarks/registration_load.py

messages: $(VENV)/.installed-test
	cd cms_events && ../$(BIN)/python ../manage.py makemessages -l nl -l nl_X-informal --no-obsolete
	$(MANAGE) makemessages -l nl --no-obsolete --ignore=cms_events --ignore=tests --ignore=.venv --ignore=node_modules
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules var db.sqlite3
