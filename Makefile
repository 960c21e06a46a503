# Two commands set everything up: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails (confirmation, newsletter, List-Unsubscribe) must reach the server
# `make run` starts: follow HOST/PORT unless SITE_URL is set (in the environment or
# on the command line). Exported, so the seeders and runserver all see it.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

.PHONY: run install install-dev migrate demo serve test test-fast lint format bench bench-search bench-newsletter bench-import cluster varnish clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev node_modules/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_liveblog
	$(PY) manage.py seed_publications
	$(PY) manage.py seed_pages
	$(PY) manage.py seed_newsletter
	$(PY) manage.py seed_awards
	$(PY) manage.py import_ninjs articles/demo/wire --section headlines
	$(PY) manage.py seed_breaking
	$(PY) manage.py seed_alerts
	$(PY) manage.py create_editor --site-url $(SITE_URL)
	$(PY) manage.py create_role_users --site-url $(SITE_URL)

## make run: install, migrate, load the demo content, print the editor login, serve.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops); links in emails start with $(SITE_URL)"
	$(PY) manage.py runserver $(HOST):$(PORT)

## make varnish: Varnish on :6081 in front of the app on 127.0.0.1:8000 (deploy/varnish/README.md).
## Run the app with CACHE_PURGE_URLS=http://127.0.0.1:6081 so edits purge it.
VARNISH_PORT ?= 6081
varnish:
	varnishd -F -a $(HOST):$(VARNISH_PORT) -T 127.0.0.1:0 -n $(CURDIR)/.varnish -s malloc,256m \
	  -p http_resp_hdr_len=32k -p http_resp_size=64k \
	  -f $(CURDIR)/deploy/varnish/newsportal.vcl -p vcl_path=$(CURDIR)/deploy/varnish:/usr/share/varnish/vcl

## make test: install the test tools and run the whole suite.
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install-dev
	$(BIN)/pytest -m "not browser" -x $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make bench: 10,000 articles, gunicorn with 2 workers, wrk; prints req/s, p50, p99, queries, size.
bench: install-dev
	$(PY) scripts/bench.py $(BENCH_ARGS)
	@case "$$DATABASE_URL" in postgres*) $(PY) scripts/bench_search.py $(BENCH_SEARCH_ARGS);; *) echo "Search benchmark skipped: it needs a postgres:// DATABASE_URL (make bench-search)";; esac
	$(PY) scripts/bench_newsletter.py $(BENCH_NEWSLETTER_ARGS)
	$(PY) scripts/bench_import.py $(BENCH_IMPORT_ARGS)

## make bench-search: 100,000 articles on PostgreSQL (DATABASE_URL's server), p50/p95 of realistic searches.
## BENCH_SEARCH_ARGS="--scale 1000000 --database bench_1m --compare main": ten times the size, old code beside new.
bench-search: install-dev
	$(PY) scripts/bench_search.py $(BENCH_SEARCH_ARGS)

## make bench-newsletter: 100,000 subscribers (--scale), one issue sent by --workers to a local SMTP sink; msg/s, memory.
bench-newsletter: install-dev
	$(PY) scripts/bench_newsletter.py $(BENCH_NEWSLETTER_ARGS)

## make bench-import: generated WordPress export (and ninjs folder) imported twice; BENCH_IMPORT_ARGS="--scale 100000 --ninjs --compare DIR".
bench-import: install-dev
	$(PY) scripts/bench_import.py $(BENCH_IMPORT_ARGS)

## make cluster: the production shape on one machine (primary + replica, Redis, S3, 2 nodes, 2 workers, Varnish), checked.
cluster: install-dev
	$(PY) scripts/cluster.py $(CLUSTER_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
