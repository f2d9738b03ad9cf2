#!/usr/bin/env bash
# Load test: builds the release binary, runs wrk (64 connections) against
# POST /v1/recommendations and GET /health/live in the same run, and writes
# docs/performance.md. Not part of CI: timings belong here, not in tests.
#   bench/run.sh [--rounds 3] [--duration 10]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
if ! command -v wrk >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q && $sudo apt-get install -y -q wrk
fi
swift build -c release --product exercise-analgesia
exec python3 bench/bench.py "$(swift build -c release --show-bin-path)/exercise-analgesia" "$@"
