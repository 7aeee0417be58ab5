# One target for each thing a person does. Every target installs what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/hengdian
REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: poppler install static run dev test test-clock test-browser test-services fuzz lint bench bench-api bench-gap bench-replan bench-disruption bench-board bench-options soak board-screenshots worker beat migrate seed clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## poppler-utils (Debian's package; installed here if missing, needs root): the tests read the
## PDFs as a viewer without Adobe's fonts does (pdftotext, pdffonts, pdftoppm)
poppler:
	command -v pdftoppm >/dev/null || (apt-get update -q && apt-get install -y -q --no-install-recommends poppler-utils)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

static: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput -v0

## The embedded demo: SQLite, tasks in-process, demo data, served by gunicorn on
## http://127.0.0.1:8000 (gunicorn.conf.py; HENGDIAN_BIND, WEB_CONCURRENCY and WEB_THREADS change it)
run: seed static
	$(BIN)/gunicorn --config gunicorn.conf.py

## For people changing the code: Django's development server, reloading on every edit
dev: seed
	DJANGO_STATIC_FROM_SOURCE=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

## The whole suite on the embedded default (SQLite, no broker), plus lint and the import contract
test: $(STAMP) poppler
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -m "not postgres and not services and not browser and not fuzz" -q

## The suite again at three frozen instants of the base's clock (after midnight, a night shoot's
## small hours, and the last minutes of a year): a test that depends on the hour fails here
CLOCK_INSTANTS ?= 2026-12-04T00:10+08:00 2026-12-05T03:30+08:00 2026-12-31T23:50+08:00
test-clock: $(STAMP) poppler
	set -e; for instant in $(CLOCK_INSTANTS); do \
		echo "== the suite at $$instant"; \
		HENGDIAN_TEST_NOW=$$instant $(BIN)/pytest -m "not postgres and not services and not browser and not fuzz" -q; \
	done

## The board in headless Chromium (Debian's package, and a CJK font for its screenshots; installed here if missing, needs root)
test-browser: $(STAMP)
	command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q --no-install-recommends chromium)
	fc-list :lang=zh | grep -q . || (apt-get update -q && apt-get install -y -q --no-install-recommends fonts-noto-cjk)
	$(BIN)/pytest -m browser -q

## The same suite against PostgreSQL and Redis, with the tests only they can show
test-services: $(STAMP) poppler
	DATABASE_URL=$(PG_URL) CELERY_BROKER_URL=$(REDIS_URL) $(BIN)/pytest -m "not browser and not fuzz" -q

## Schema fuzzing of the whole API as every role (schemathesis on the project's own schema)
fuzz: $(STAMP)
	$(BIN)/pytest -m fuzz -q tests/test_fuzz_api.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## The optimiser (S, M, L) and shooting-order benchmarks; tables in bench/results/
bench: $(STAMP)
	$(BIN)/python bench/solver_bench.py
	$(BIN)/python bench/sequence_bench.py

## Where the optimiser's gap to the bound lies: M with sets never full, without extras, both
bench-gap: $(STAMP)
	$(BIN)/python bench/gap_sources.py --size M --seed 1

## End-to-end re-plan latency at size M with a real worker (needs PostgreSQL and Redis)
bench-replan: $(STAMP)
	bench/replan.sh 60

## Repair latency: M-size rain over one zone, from the POST to the published repair
bench-disruption: $(STAMP)
	bench/disruption.sh 30

## API load: gunicorn + PostgreSQL + a loopback load generator at 10, 50 and 200 clients
bench-api: $(STAMP)
	bench/api_load.sh 20

## The board's load time and download size for a 300-location, 4,000-booking day
bench-board: $(STAMP)
	$(BIN)/python bench/board_load.py --runs 9

## Reception's options for one scene on the demo base (p50/p95 in bench/results/options-<base>.json)
bench-options: $(STAMP)
	$(BIN)/python bench/options_bench.py --runs 200 --base demo
	$(BIN)/python bench/options_bench.py --runs 100 --base L

## The soak (issue 22): the real stack on loopback (gunicorn, a fresh PostgreSQL database, a
## Redis of its own, two workers, beat) driven over HTTP for MINUTES with faults injected, then
## manage.py check_invariants; exits non-zero on a violation or an unexplained failure.
## Report: bench/results/soak.md. Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust).
MINUTES ?= 10
soak: $(STAMP)
	$(BIN)/python -m bench.soak --minutes $(MINUTES)

## The board's screenshots in docs/: Chromium, and a CJK font or the Chinese is boxes (needs root)
board-screenshots: $(STAMP)
	command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q --no-install-recommends chromium)
	fc-list :lang=zh | grep -q . || (apt-get update -q && apt-get install -y -q --no-install-recommends fonts-noto-cjk)
	$(BIN)/python bench/board_screenshots.py

## A Celery worker and the beat scheduler (set DATABASE_URL and CELERY_BROKER_URL first)
worker: $(STAMP)
	$(BIN)/celery -A hengdian worker --pool prefork --concurrency 1 -n planner@%h --loglevel INFO

beat: $(STAMP)
	$(BIN)/celery -A hengdian beat --loglevel INFO

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
