#!/usr/bin/env bash
# Builds and runs the service on its embedded SQLite default (./data/exercise-analgesia.sqlite,
# created on first start) at http://127.0.0.1:8080. Extra arguments go to the service, e.g.
#   scripts/run.sh --http-port 9090
# Set CONFIGURATION=release for an optimised build (slower to compile).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
exec swift run -c "${CONFIGURATION:-debug}" exercise-analgesia "$@"
