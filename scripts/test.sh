#!/usr/bin/env bash
# Runs the whole test suite (in-memory databases, no network, no sleeps).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
exec swift test "$@"
