# SoLozère — every entry point sets up what it needs (virtualenv, dependencies, database).
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install tools run serve setup-db demo test test-fast browser quality format messages clean-demo benchmark audit mutation benchmark-load

help:
	@echo "make run      — installe, prépare la base (communes, lieux, démo) et sert http://127.0.0.1:$(PORT)"
	@echo "make test     — installe et lance toute la suite de tests (navigateur compris)"
	@echo "make quality  — ruff, mypy, import-linter, makemigrations --check"
	@echo "make mutation — tests de mutation des modules purs (hors CI, quelques minutes)"

# Debian packages a target needs, installed only when missing (root, or through sudo).
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; fi

# uv (pinned) bootstraps into .tools when the machine has none.
.tools/bin/uv:
	$(PYTHON) -m venv .tools || { $(call APT_INSTALL,python3-venv); rm -rf .tools; $(PYTHON) -m venv .tools; }
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --quiet
	touch $@

install: $(VENV)/.installed

setup-db: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) import_territory
	$(MANAGE) load_aid_schemes
	$(MANAGE) import_places
	$(MANAGE) load_charter
	$(MANAGE) load_organisations
	$(MANAGE) load_accompaniment
	$(MANAGE) load_reference_events
	$(MANAGE) load_demo
	$(MANAGE) label_demo_places
	$(MANAGE) load_demo_accounts
	$(MANAGE) load_demo_presence
	$(MANAGE) load_demo_bookings
	$(MANAGE) load_demo_events
	$(MANAGE) load_demo_resources
	$(MANAGE) load_demo_accompaniment

run: setup-db
	@echo "SoLozère : http://127.0.0.1:$(PORT)/  (tâches : db_worker en arrière-plan)"
	@# Links in e-mails (confirmation, password reset…) point at this server unless SITE_URL says otherwise.
	@trap 'kill 0' EXIT; export SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(MANAGE) db_worker --queue-name '*' >var/worker.log 2>&1 & \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Debian's Chromium drives the browser tests; Playwright never downloads a browser.
browser:
	@[ -x /usr/bin/chromium ] || { $(call APT_INSTALL,chromium); }

# Audit tools from npm (Nu HTML checker, Lighthouse) and a Java runtime for the checker.
node_modules/.installed: package.json package-lock.json
	@command -v java >/dev/null || { $(call APT_INSTALL,default-jre-headless); }
	@command -v npm >/dev/null || { $(call APT_INSTALL,npm); }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

tools: node_modules/.installed

test: install browser tools
	$(PY) -m pytest -n 2

test-fast: install
	$(PY) -m pytest -m "not browser"

quality: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=.tools --ignore=var
	$(MANAGE) compilemessages --ignore=.venv --ignore=.tools

clean-demo: install
	$(MANAGE) delete_demo

# Mutation testing of the pure modules ([tool.mutmut] in pyproject.toml lists them and their database-free tests).
# Not in CI: a few minutes on two cores. Starts afresh so that the score is never a stale cache's.
mutation: install
	@mkdir -p var
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children 2 >var/mutation.log 2>&1 || { tail -n 30 var/mutation.log; exit 1; }
	$(PY) scripts/mutation_report.py

benchmark: install
	$(PY) benchmarks/places.py

# Lighthouse's mobile profile (accessibility 100, best practices >= 96, performance >= 90) and the Nu HTML checker
# on the public pages of a running site, served as in production (scripts/audit_pages.sh says how); fails below.
audit: tools
	bash scripts/audit_pages.sh

# --- Production stack (issue 8) ---
# The reference deployment (docs/deployment.md) built from this checkout in a temporary folder: PostgreSQL at
# 127.0.0.1:5432, two gunicorn behind nginx over HTTPS, the task worker; smoke tests through nginx; always torn down.
# PRODSTACK_DIR=... keeps the folder (logs, e-mails) for a look afterwards.
.PHONY: prod-check
prod-check: install
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { $(call APT_INSTALL,nginx); }
	@command -v openssl >/dev/null || { $(call APT_INSTALL,openssl); }
	@dir="$${PRODSTACK_DIR:-$$(mktemp -d /tmp/solozere-prodstack.XXXXXX)}"; start=$$(date +%s); \
	trap 'begin=$$(date +%s); $(PY) scripts/prodstack.py down --dir "$$dir"; \
		echo "prod-check : arrêt $$(( $$(date +%s) - begin )) s, total $$(( $$(date +%s) - start )) s"; \
		[ -n "$${PRODSTACK_DIR:-}" ] || [ "$$ok" != 1 ] || rm -rf "$$dir"' EXIT; \
	ok=0; \
	$(PY) scripts/prodstack.py up --dir "$$dir" || { tail -n 40 "$$dir"/log/*.log; exit 1; }; \
	up=$$(date +%s); echo "prod-check : pile prête en $$(( up - start )) s"; \
	$(PY) scripts/prod_smoke.py --dir "$$dir" || { tail -n 40 "$$dir"/log/*.log; exit 1; }; \
	echo "prod-check : tests de fumée en $$(( $$(date +%s) - up )) s"; ok=1

# --- API contract and GeoJSON (issue 8) ---
.PHONY: benchmark-geojson
# Size, time and 304 of the map's GeoJSON at 10,000 places (figures in benchmarks/RESULTS.md).
benchmark-geojson: install
	$(PY) benchmarks/geojson.py

.PHONY: benchmark-accompaniment
# Accompaniment at 5,000 requests: routing, the request service, the inbox, the staff's queues, the statistics
# (figures in benchmarks/RESULTS.md; DATABASE_URL=postgres://…/<new db> for PostgreSQL, BENCH_SCALE to shrink).
benchmark-accompaniment: install
	$(PY) benchmarks/accompaniment.py

# Load benchmark (issue 8): the production stack (scripts/prodstack.py when present, else 2 gunicorn workers with
# the production settings) and Django's "fortunes" ceiling, under wrk at 16 and 64 connections; PostgreSQL on
# 127.0.0.1:5432 (BENCH_DATABASE_URL to change it). Figures in benchmarks/RESULTS.md.
benchmark-load: install
	@command -v wrk >/dev/null || { $(call APT_INSTALL,wrk); }
	@command -v redis-server >/dev/null || { $(call APT_INSTALL,redis-server); }
	$(PY) benchmarks/load.py
