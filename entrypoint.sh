#!/bin/sh
# Start the service: apply migrations once, then run WEB_CONCURRENCY uvicorn workers.
# Used by the container and by `make run`; every setting comes from the environment.
set -eu

PYTHON="${PYTHON:-python}"
cd "$(dirname "$0")"

# Production keeps a generated admin key in the data directory (a volume in compose) unless
# ADMIN_API_KEY or ADMIN_API_KEY_FILE says otherwise.
if [ "${ENVIRONMENT:-development}" = "production" ]; then
    export ADMIN_API_KEY_FILE="${ADMIN_API_KEY_FILE:-$PWD/data/admin_api_key}"
fi

# Once, before any worker starts (startup.py): make the admin key on a first start, refuse
# unsafe settings, apply migrations (the workers must not race on the schema), print the URLs.
"$PYTHON" -m startup
export AUTO_MIGRATE=false

# Prometheus' multiprocess mode: every worker writes its samples here and /metrics adds
# them up. It must start empty, or a restart would report the previous run's counts.
if [ -z "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
    PROMETHEUS_MULTIPROC_DIR="$(mktemp -d -t smart-suggest-metrics.XXXXXX)"
else
    mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    find "$PROMETHEUS_MULTIPROC_DIR" -maxdepth 1 -name '*.db' -delete
fi
export PROMETHEUS_MULTIPROC_DIR

# The model builder (live/builder.py) starts next to the workers, so its start-up overlaps
# theirs; it stops with uvicorn (its parent after the exec below). A worker starts one of
# its own only if none is running (MODEL_BUILDER=external: one runs elsewhere).
if [ "${MODEL_BUILDER:-embedded}" = "embedded" ]; then
    "$PYTHON" -m live.builder --parent $$ &
fi

if [ "${LOG_FORMAT:-text}" = "json" ]; then
    set -- --log-config logging.json "$@"
fi

# Workers never fit (the builder process does, live/builder.py): they map its artefact and
# answer the supervisor's ping at once, so uvicorn's 5 s default holds, and a dead or hung
# worker is replaced within seconds.
exec "$PYTHON" -m uvicorn app:create_app --factory \
    --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" \
    --workers "${WEB_CONCURRENCY:-1}" \
    --timeout-worker-healthcheck "${WORKER_HEALTHCHECK_SECONDS:-5}" \
    --no-access-log "$@"
