#!/usr/bin/env bash
# Proves the Dockerfile's runtime stage without a container engine:
#   1. builds the release binary with the flags of the Dockerfile's `swift build -c release` line;
#   2. debootstraps a minimal Debian bookworm root (the runtime stage's base) and installs into it
#      exactly the packages the runtime stage's `apt-get install` names, read from the Dockerfile;
#   3. runs the binary there with chroot as uid 10001 (the image's user) and checks
#      /health/ready, a read and a recommendation. A shared library the packages do not bring
#      fails the check (ldd inside the root, and a binary that cannot start).
# Usage: .ci/container.sh  (as root; about 2 minutes plus the build)
set -euo pipefail
cd "$(dirname "$0")/.."

grep -q '^FROM debian:bookworm-slim' Dockerfile || { echo "container.sh: the runtime stage is not debian:bookworm-slim" >&2; exit 1; }
# The build flags: the continuation lines of the RUN that builds the release binary.
flags="$(awk '/^RUN swift build -c release/{on=1} on{print} on && !/\\$/{exit}' Dockerfile | tr -d '\\' | sed 's/^RUN //' | xargs)"
case "$flags" in "swift build -c release "*) ;; *) echo "container.sh: no release build line in the Dockerfile" >&2; exit 1 ;; esac
# The runtime packages: the install list after the runtime stage's FROM.
packages="$(awk '/^FROM debian:bookworm-slim/{on=1} on && /apt-get -q install/{grab=1; next} grab && /&&/{exit} grab{gsub(/\\/, ""); print}' Dockerfile | xargs)"
[ -n "$packages" ] || { echo "container.sh: no runtime packages found in the Dockerfile" >&2; exit 1; }
echo "container.sh: build: $flags"
echo "container.sh: runtime packages: $packages"

scratch="${SCRATCH_PATH:-.build}"
# shellcheck disable=SC2086
$flags --scratch-path "$scratch"
binary="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/exercise-analgesia"

root="$(mktemp -d /tmp/analgesia-root.XXXXXX)"
# mktemp makes the directory 0700; the root of a Debian system is 0755, or uid 10001 cannot reach
# anything in it.
chmod 0755 "$root"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  umount "$root/proc" 2>/dev/null || true
  umount "$root/dev" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT

mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# The downloaded packages are kept outside the repository (DEBOOTSTRAP_CACHE), so a second run
# fetches nothing it already has; the root itself is made afresh every run.
cache="${DEBOOTSTRAP_CACHE:-/var/cache/analgesia-debootstrap}"
mkdir -p "$cache"
debootstrap --variant=minbase --cache-dir="$cache" --include="$(echo "$packages" | tr ' ' ',')" bookworm "$root" "$mirror" \
  >"$root.debootstrap.log" 2>&1 || {
  tail -20 "$root.debootstrap.log" >&2
  echo "container.sh: debootstrap failed; is $mirror reachable (DEBIAN_MIRROR names another)?" >&2
  rm -f "$root.debootstrap.log"
  exit 1
}
rm -f "$root.debootstrap.log"
for package in $packages; do
  chroot "$root" dpkg -s "$package" >/dev/null || { echo "container.sh: $package did not install" >&2; exit 1; }
done

# The image's layout and user: /app (root-owned) and /data owned by uid 10001.
install -d -m 0755 "$root/app"
install -m 0755 "$binary" "$root/app/exercise-analgesia"
install -d -o 10001 -g 10001 -m 0750 "$root/data"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"

missing="$(chroot "$root" ldd /app/exercise-analgesia | grep 'not found' || true)"
if [ -n "$missing" ]; then
  echo "container.sh: FAIL: shared libraries missing from the runtime packages:" >&2
  echo "$missing" >&2
  exit 1
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base="http://127.0.0.1:$port"
chroot --userspec=10001:10001 "$root" /usr/bin/env -i HOME=/app HTTP_HOST=127.0.0.1 HTTP_PORT="$port" \
  DB_PATH=/data/exercise-analgesia.sqlite LOG_LEVEL=warning /app/exercise-analgesia >"$root/server.log" 2>&1 &
server=$!

ready=""
for _ in $(seq 1 200); do
  if curl -fsS -o /dev/null "$base/health/ready" 2>/dev/null; then ready=yes; break; fi
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
[ -n "$ready" ] || { echo "container.sh: FAIL: the binary did not become ready in the root" >&2; cat "$root/server.log" >&2; exit 1; }
echo "  ok   /health/ready answers 200 (uid 10001, chroot into bookworm + $packages)"
[ "$(stat -c %u "$root/data/exercise-analgesia.sqlite")" = 10001 ] || { echo "container.sh: FAIL: the database is not owned by uid 10001" >&2; exit 1; }
echo "  ok   the database on /data is owned by uid 10001"
curl -fsS "$base/v1/conditions/fibromyalgia" | grep -q '"slug":"fibromyalgia"' || { echo "container.sh: FAIL: GET /v1/conditions/fibromyalgia" >&2; exit 1; }
echo "  ok   a read answers"
curl -fsS -X POST "$base/v1/recommendations" -H 'Content-Type: application/json' \
  -d '{"conditions":["http://hl7.org/fhir/sid/icd-10-cm|M79.7"],"painfulRegions":["widespread"]}' \
  | grep -q '"expectedResponses"' || { echo "container.sh: FAIL: POST /v1/recommendations" >&2; exit 1; }
echo "  ok   a recommendation answers"
kill -TERM "$server"
# A binary that ignores SIGTERM is killed after 15 s, and then fails the check.
( sleep 15; kill -KILL "$server" 2>/dev/null ) &
watchdog=$!
status=0
wait "$server" || status=$?
kill "$watchdog" 2>/dev/null || true
server=""
[ "$status" -eq 0 ] || { echo "container.sh: FAIL: the binary did not stop cleanly after SIGTERM (status $status)" >&2; exit 1; }
echo "container.sh: the runtime stage runs the binary"
