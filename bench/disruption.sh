#!/usr/bin/env bash
# The repair latency benchmark (disruptions): a fresh PostgreSQL database, a real worker, then the script.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hengdian_disrupt_bench}
export CELERY_BROKER_URL=${BENCH_BROKER_URL:-redis://127.0.0.1:6379/5}
# A benchmark on this machine, not a deployment: keep the demo's secrets on PostgreSQL too.
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
name=${DATABASE_URL##*/}
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
.venv/bin/python manage.py migrate -v0
.venv/bin/celery -A hengdian worker --pool prefork --concurrency 1 -n bench-disruption@%h \
    --loglevel WARNING >/tmp/hengdian-disruption-bench-worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null || true' EXIT
.venv/bin/python bench/disruption_bench.py "${1:-30}" ${2:-}
