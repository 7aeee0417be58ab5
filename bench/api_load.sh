#!/usr/bin/env bash
# The API load benchmark: a fresh PostgreSQL database seeded with the demo base, the service
# under gunicorn with production settings on 127.0.0.1, then bench/api_load.py against it.
# Usage: bench/api_load.sh [seconds per level, default 20]. Table: bench/results/api_load.md
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hengdian_apibench}
port=${BENCH_PORT:-8765}
workers=${BENCH_WORKERS:-4}
threads=${BENCH_THREADS:-2}
# Production settings (DEBUG off, secrets set), minus HTTPS: the benchmark speaks plain HTTP
# on loopback, so no redirect and no secure-only cookies. No broker: tasks run in-process.
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_SECURE_COOKIES=0 DJANGO_HSTS_SECONDS=0 DJANGO_LOG_LEVEL=WARNING
export DJANGO_SECRET_KEY=bench-only-secret-key-of-the-api-load-benchmark-0123456789abcdef
export PERSONAL_DATA_KEY=YmVuY2gtb25seS1wZXJzb25hbC1kYXRhLWtleS0wMDA=
export PERSONAL_DATA_HASH_KEY=bench-only-personal-data-hash-key-0123456789
export CELERY_BROKER_URL=
name=${DATABASE_URL##*/}
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py seed_demo >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
crews=/tmp/hengdian-bench-crews.json
.venv/bin/python bench/api_load_crews.py "$crews"
# Planner statistics, as a database in service has them (autovacuum would take its time).
psql -h 127.0.0.1 -U postgres -d "$name" -qc ANALYZE
.venv/bin/gunicorn hengdian.wsgi:application --bind "127.0.0.1:$port" --workers "$workers" \
    --worker-class gthread --threads "$threads" --backlog 2048 --log-level warning \
    >/tmp/hengdian-bench-gunicorn.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 60); do
    curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/auth/token/" && break
    sleep 0.5
done
.venv/bin/python bench/api_load.py --base "http://127.0.0.1:$port" --seconds "${1:-20}" \
    --crews "$crews" \
    --setup "gunicorn ($workers workers x $threads threads, gthread), PostgreSQL, seed_demo base, $(nproc) cores shared with the load generator, ${1:-20} s per level."
# Then the queries each main request costs, counted in-process on the same database.
.venv/bin/python -W ignore bench/api_queries.py "$crews" bench/results/api_load.md >/dev/null
