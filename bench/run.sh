#!/usr/bin/env bash
# Load test: builds the release binary, runs wrk (64 connections) against
# POST /v1/recommendations and GET /health/live in the same run, and writes
# docs/performance.md. When PostgreSQL's server binaries are installed, the same rounds run
# again against one replica on a throwaway cluster (scripts/with-postgres.sh), and curated
# writes are timed on both backends. Not part of CI: timings belong here, not in tests.
#   bench/run.sh [--rounds 3] [--duration 10]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
if ! command -v wrk >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q && $sudo apt-get install -y -q wrk
fi
swift build -c release --product exercise-analgesia
binary="$(swift build -c release --show-bin-path)/exercise-analgesia"
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${PG_BIN:-}" ]; then
  # shellcheck disable=SC2016
  PG_DURABLE=1 exec scripts/with-postgres.sh sh -c 'exec python3 bench/bench.py "$0" --db-url "$TEST_DB_URL" "$@"' "$binary" "$@"
fi
echo "bench/run.sh: PostgreSQL is not installed; its rows stay unmeasured" >&2
exec python3 bench/bench.py "$binary" "$@"
