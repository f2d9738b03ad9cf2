#!/usr/bin/env bash
# Runs the whole test suite (swift test; in-memory SQLite databases, no network, no sleeps), and
# its PostgreSQL half: the persistence contract on PostgreSQL next to SQLite, then every suite
# that goes through TestStore (the API suites) again with TEST_BACKEND=postgres. The server is
# the one TEST_DB_URL names (its user must be allowed to create databases), or a throwaway one
# (scripts/with-postgres.sh) when PostgreSQL's server binaries are installed. Without either it
# says that it skipped the PostgreSQL half; under CI (CI=true) it fails instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh

if [ -n "${TEST_DB_URL:-}" ]; then
  echo "test.sh: SQLite, and the persistence contract on PostgreSQL too" >&2
  swift test "$@"
  echo "test.sh: the PostgreSQL half: the suites again on PostgreSQL (TEST_BACKEND=postgres)" >&2
  # One test at a time: each test copies a database and opens its own pool, and Swift Testing
  # would otherwise start all of them at once (hundreds of connections, 'too many clients' and
  # tripped circuit breakers on two cores). Serially the half takes about two and a half minutes.
  TEST_BACKEND=postgres swift test --skip-build --no-parallel "$@"
  exit 0
fi
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${PG_BIN:-}" ]; then
  exec scripts/with-postgres.sh scripts/test.sh "$@"
fi
if [ "${CI:-}" = "true" ]; then
  echo "test.sh: no PostgreSQL for the PostgreSQL half (set TEST_DB_URL or install postgresql); CI must not skip it." >&2
  exit 1
fi
echo "test.sh: SKIPPING the PostgreSQL half: no TEST_DB_URL and no PostgreSQL server binaries (apt-get install postgresql)." >&2
swift test "$@"
echo "test.sh: SKIPPED the PostgreSQL half (SQLite only)." >&2
