#!/usr/bin/env bash
# Contract fuzzing: schemathesis against a running binary and openapi.yaml, every check, bounded
# in examples and time. Zero failures or this exits non-zero.
#
# Usage: .ci/fuzz.sh PATH/TO/exercise-analgesia [max-examples]
set -euo pipefail
cd "$(dirname "$0")/.."
binary="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
examples="${2:-25}"

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
db="$work/kb.sqlite"
token="$("$binary" keys create --name fuzz --role admin --db-path "$db" 2>/dev/null | awk '/^token:/{print $2}')"

# Rate limiting is off here: 429 is documented on every limited operation, but a limiter that
# answers most of the run would leave the contract itself unexercised (tests cover the limiter).
"$binary" --http-host 127.0.0.1 --http-port "$port" --db-path "$db" --cds-allow-unsigned --log-level warning \
    --rate-requests-per-second 0 \
    > "$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/health/ready" > /dev/null 2>&1 && break
    sleep 0.1
done

status=0
PYTHONPATH=.ci SCHEMATHESIS_HOOKS=schemathesis_hooks timeout 900 \
    schemathesis --config-file .ci/schemathesis.toml run openapi.yaml \
    --url "http://127.0.0.1:$port" \
    --checks all --continue-on-failure \
    --max-examples "$examples" \
    --seed 20261126 \
    -H "Authorization: Bearer $token" || status=$?

if ! kill -0 "$pid" 2>/dev/null; then
    echo "the service died during fuzzing:"; tail -50 "$work/server.log"; exit 1
fi
exit "$status"
