#!/bin/sh
# System packages the production and browser tests and the load benchmark use; idempotent, for CI and
# new machines. Tests that need one of these skip with the reason when it is missing.
#   docker-compose  validates docker-compose.yml (`docker-compose config`; no engine needed)
#   wrk             the load generator of bench/load.py
#   postgresql      initdb/pg_ctl for the throwaway clusters of the fault tests (+ the shared server)
#   redis-server    throwaway Redis servers for the fault and cross-worker tests
#   chromium        the dashboard's browser tests (Playwright drives Debian's build)
set -eu
missing=""
command -v docker-compose >/dev/null 2>&1 || missing="$missing docker-compose"
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086  # the list is meant to split into package names
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
