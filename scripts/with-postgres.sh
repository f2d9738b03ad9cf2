#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb in a temporary directory, a
# server on a free loopback port (never another interface), TEST_DB_URL exported for the
# command, and the server stopped by its own data directory (and the directory removed) when the
# command ends, however it ends. As root, the cluster runs as the `postgres` user. The command
# gets PG_TIMEOUT seconds (default 3600), so a hung command cannot keep the server up for ever.
#   scripts/with-postgres.sh swift test
# Needs PostgreSQL's server binaries (Debian: postgresql); fails if they are missing.
set -euo pipefail

bin="${PG_BIN:-}"
if [ -z "$bin" ]; then
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-postgres.sh: PostgreSQL's server binaries (initdb, pg_ctl) are not installed (Debian: apt-get install postgresql)." >&2
  exit 3
fi

run_as=()
owner="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  run_as=(runuser -u postgres --)
  owner=postgres
fi

dir="$(mktemp -d /tmp/analgesia-pg.XXXXXX)"
chown "$owner" "$dir"
chmod 700 "$dir"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"

stop() {
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

printf '%s\n' "$password" > "$dir/password"
chown "$owner" "$dir/password"
"${run_as[@]}" "$bin/initdb" -D "$dir/data" -U analgesia --pwfile="$dir/password" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# fsync off: the cluster is thrown away, and the tests create a database per test.
# PG_DURABLE=1 keeps PostgreSQL's durable defaults (bench/run.sh, which times writes).
options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=1000"
[ "${PG_DURABLE:-}" = 1 ] || options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
"${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "$options" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

# PG_CTL stop|start: the fault tests take the server away and bring it back.
cat > "$dir/pgctl" <<CTL
#!/usr/bin/env bash
case "\$1" in
  stop) ${run_as[*]} "$bin/pg_ctl" -D "$dir/data" -m fast -w stop ;;
  start) ${run_as[*]} "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o "$options" start ;;
esac
CTL
chmod 755 "$dir/pgctl"

export TEST_DB_URL="postgres://analgesia:$password@127.0.0.1:$port/postgres?sslmode=disable"
export PG_DATA_DIR="$dir/data" PG_BIN="$bin" PG_CTL="$dir/pgctl"
echo "with-postgres.sh: throwaway PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
set +e
timeout --kill-after=30 "${PG_TIMEOUT:-3600}" "$@"
status=$?
[ "$status" -eq 124 ] && echo "with-postgres.sh: the command did not finish within ${PG_TIMEOUT:-3600} s; stopped" >&2
set -e
exit $status
