#!/usr/bin/env python3
"""Fault tests against the real binary (CI runs them; about a minute in all):

1. kill -9 every 2 s during a write load: after a restart every acknowledged write is there and
   `exercise-analgesia check` (PRAGMA integrity_check, foreign keys) is healthy;
2. 300 slow connections trickling header bytes, and slow bodies: GET /health/live still answers
   within 100 ms (19 of 20 probes, none near a 1 s SYN retry), the trickling connections are closed by the header deadline, a slow body by the
   body deadline;
3. another process holds the SQLite write lock for 2 s: writes made meanwhile wait and succeed;
4. `exercise-analgesia backup` while curators write: the copy is healthy, holds every write
   acknowledged before the backup began, and a server started on it (the documented restore)
   serves them;
5. oversized and crowded requests over raw sockets: headers over the limit answer 431, a huge
   declared body with `Expect: 100-continue` and a streamed one over the limit answer 413 (both
   problem+json, and the first without a `100 Continue`), and a client beyond the connection
   cap waits in the accept queue until a connection closes, then is served.

Every server listens on 127.0.0.1, is bounded in time and is stopped by its own pid.
Usage: .ci/faults.py PATH/TO/exercise-analgesia
"""

import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import check, failures, free_port, request  # noqa: E402

servers = []


class Server:
    """The binary on a free loopback port, with its own fresh working directory and database."""

    def __init__(self, binary, name, *extra):
        self.binary, self.extra = binary, list(extra)
        self.workdir, self.port = tempfile.mkdtemp(prefix=f"ea-{name}-"), free_port()
        self.db = os.path.join(self.workdir, "kb.sqlite")
        self.process = None
        servers.append(self)

    def start(self):
        log = open(os.path.join(self.workdir, "server.log"), "a")
        self.process = subprocess.Popen(
            [self.binary, "--http-host", "127.0.0.1", "--http-port", str(self.port), "--db-path", self.db,
             "--rate-requests-per-second", "0", "--log-level", "warning"] + self.extra,
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                status, _, _ = request(self.port, "GET", "/health/ready", timeout=1)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("server did not become ready")

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                return None
        return self.process.returncode if self.process else None

    def key(self, role="curator"):
        out = subprocess.run([self.binary, "keys", "create", "--name", "faults", "--role", role, "--db-path", self.db],
                             capture_output=True, text=True, check=True).stdout
        return next(line.split()[1] for line in out.splitlines() if line.startswith("token:"))


def mechanism(slug):
    return json.dumps({"slug": slug, "name": slug, "summary": "Fault test.", "verdict": "unclear",
                       "verdictRationale": "Fault test.", "locator": "biology/p6", "basis": "hypothesis"})


class WriteLoad:
    """Curators creating mechanisms (`PREFIX-THREAD-N`) on a few threads until stopped, each with an
    Idempotency-Key; remembers, in order, the ones the server acknowledged with 201."""

    def __init__(self, server, token, prefix, threads):
        self.server, self.token, self.prefix = server, token, prefix
        self.acknowledged, self.attempts = [], 0
        self.lock, self.stopping = threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self.write, args=(i,)) for i in range(threads)]
        for thread in self.threads:
            thread.start()

    def write(self, index):
        number = 0
        while not self.stopping.is_set():
            number += 1
            slug = f"{self.prefix}-{index}-{number}"
            with self.lock:
                self.attempts += 1
            try:
                status, _, _ = request(self.server.port, "POST", "/v1/mechanisms", mechanism(slug), {
                    "Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                    "Idempotency-Key": slug}, timeout=5)
            except OSError:  # the server is down (killed) for a moment
                time.sleep(0.05)
                continue
            if status == 201:
                with self.lock:
                    self.acknowledged.append(slug)

    def acknowledged_so_far(self):
        with self.lock:
            return list(self.acknowledged)

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join()
        return list(self.acknowledged), self.attempts


def kill_nine(binary):
    print("kill -9 every 2 s during writes")
    server = Server(binary, "kill9")
    token = server.key()
    server.start()
    load = WriteLoad(server, token, "kill", threads=4)
    for _ in range(5):
        time.sleep(2)
        server.kill9()
        server.start()
    acknowledged, attempts = load.stop()
    missing = [slug for slug in sorted(acknowledged)
               if request(server.port, "GET", f"/v1/mechanisms/{slug}")[0] != 200]
    check(len(acknowledged) > 50, f"{len(acknowledged)} writes acknowledged of {attempts} attempted across 5 kills")
    check(not missing, f"every acknowledged write survived the kills ({len(missing)} missing)")
    server.stop()
    report = subprocess.run([binary, "check", "--db-path", server.db], capture_output=True, text=True)
    check(report.returncode == 0 and "integrity_check: ok" in report.stdout, "integrity_check ok after the kills")


def listen_overflows():
    """The kernel's count of connections dropped because a listen queue was full (Linux only)."""
    try:
        with open("/proc/net/netstat") as netstat:
            lines = [line.split() for line in netstat if line.startswith("TcpExt:")]
        return int(dict(zip(lines[0], lines[1]))["ListenOverflows"])
    except (OSError, KeyError, IndexError, ValueError):
        return None


def slow_clients(binary):
    print("300 slow connections and slow bodies")
    overflows_before = listen_overflows()
    server = Server(binary, "slow", "--http-header-timeout-seconds", "3", "--http-body-timeout-seconds", "2")
    server.start()
    sockets = []
    for _ in range(300):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\n")
        sockets.append(sock)
    stop = threading.Event()

    def trickle():
        while not stop.is_set():
            for sock in list(sockets):
                try:
                    sock.sendall(b"X")
                except OSError:
                    pass
            time.sleep(0.5)

    trickler = threading.Thread(target=trickle)
    trickler.start()
    latencies = []
    connects = []
    for _ in range(20):
        # Time the TCP connect apart from the whole exchange: a connect near 1 s is a SYN the
        # kernel dropped because the listen queue was full, not a slow answer.
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.connect()
        connects.append((time.monotonic() - started) * 1000)
        connection.request("GET", "/health/live")
        response = connection.getresponse()
        response.read()
        connection.close()
        latencies.append((time.monotonic() - started) * 1000)
        if response.status != 200:
            check(False, f"GET /health/live answers while 300 clients trickle (got {response.status})")
        time.sleep(0.1)
    worst = max(latencies)
    overflows = None if overflows_before is None else listen_overflows() - overflows_before
    within = sum(latency < 100 for latency in latencies)
    # One probe in 20 may lose its core to the machine's other work (CI runners are shared);
    # a second one may not, and none may wait for a SYN retry (a full accept queue costs 1 s).
    check(within >= 19 and worst < 1000,
          f"GET /health/live within 100 ms while 300 clients trickle ({within} of 20; worst {worst:.1f} ms, of which "
          f"connect {connects[latencies.index(worst)]:.1f} ms; median {sorted(latencies)[10]:.1f} ms; "
          f"listen-queue overflows {overflows})")

    time.sleep(4)  # past the 3 s header deadline
    closed = 0
    for sock in sockets:
        sock.settimeout(0.5)
        try:
            if sock.recv(1) == b"":
                closed += 1
        except (ConnectionResetError, BrokenPipeError):
            closed += 1
        except socket.timeout:
            pass
    stop.set()
    trickler.join()
    check(closed == len(sockets), f"trickling connections closed by the header deadline ({closed} of {len(sockets)})")
    for sock in sockets:
        sock.close()

    # A body that trickles past the body deadline gets its connection closed.
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    sock.sendall(b"POST /v1/recommendations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
    started = time.monotonic()
    answer = b""
    while True:
        try:
            sock.sendall(b" ")
            chunk = sock.recv(4096) if select_readable(sock, 0.5) else b"-"
        except OSError:
            break
        if chunk == b"":
            break
        if chunk != b"-":
            answer += chunk
        if time.monotonic() - started > 8:
            break
    sock.close()
    elapsed = time.monotonic() - started
    check(answer == b"" and elapsed < 5, f"a trickled body is cut off by the body deadline (closed after {elapsed:.1f} s)")
    check(server.stop() == 0, "the server stops cleanly on SIGTERM")


def select_readable(sock, timeout):
    import select
    readable, _, _ = select.select([sock], [], [], timeout)
    return bool(readable)


def write_lock(binary):
    print("another process holds the write lock for 2 s")
    server = Server(binary, "lock")
    token = server.key()
    server.start()
    holder = sqlite3.connect(server.db, timeout=10, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE kb_meta SET updated_at = updated_at")
    released = threading.Event()

    def release():
        time.sleep(2)
        holder.execute("COMMIT")
        released.set()

    threading.Thread(target=release).start()
    results = []

    def write(index):
        started = time.monotonic()
        status, _, body = request(server.port, "POST", "/v1/mechanisms", mechanism(f"locked-{index}"), {
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"}, timeout=15)
        results.append((status, time.monotonic() - started, body[:200]))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    released.wait()
    holder.close()
    statuses = sorted(status for status, _, _ in results)
    slowest = max(seconds for _, seconds, _ in results)
    check(statuses == [201] * 10, f"10 writes during a 2 s external lock all succeed ({statuses})")
    check(slowest >= 1.5, f"they waited for the lock (slowest {slowest:.2f} s) instead of failing")
    check(server.stop() == 0, "the server stops cleanly on SIGTERM")


def backup_during_writes(binary):
    print("backup while curators write, then restore from it")
    server = Server(binary, "backup")
    token = server.key()
    server.start()
    load = WriteLoad(server, token, "backup", threads=2)
    time.sleep(1)
    before = load.acknowledged_so_far()
    copy = os.path.join(server.workdir, "backups", "kb-copy.sqlite")
    started = time.monotonic()
    report = subprocess.run([binary, "backup", "--to", copy, "--db-path", server.db], capture_output=True, text=True)
    took = time.monotonic() - started
    time.sleep(0.5)
    acknowledged, _ = load.stop()
    check(report.returncode == 0 and "status:          healthy" in report.stdout,
          f"backup during {len(acknowledged)} writes exits 0 and reports healthy (took {took:.1f} s)")
    check(len(acknowledged) > len(before), f"the writers kept writing through the backup ({len(before)} before it, {len(acknowledged)} in all)")
    check(not os.path.exists(copy + "-wal"), "the copy is one self-contained file (no -wal)")
    server.stop()
    with sqlite3.connect(copy) as database:
        present = {row[0] for row in database.execute("SELECT slug FROM mechanism WHERE slug LIKE 'backup-%'")}
    missing = [slug for slug in before if slug not in present]
    check(before and not missing,
          f"the copy holds all {len(before)} writes acknowledged before the backup began ({len(missing)} missing)")
    restored = Server(binary, "restore")
    shutil.copy(copy, restored.db)
    restored.start()
    check(request(restored.port, "GET", f"/v1/mechanisms/{before[-1]}")[0] == 200,
          "a server started on the copy (the documented restore) serves them")
    check(restored.stop() == 0, "the restored server stops cleanly on SIGTERM")


def raw_exchange(port, data, wait=5):
    """Sends raw bytes and reads until the server closes or `wait` seconds pass quietly."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=wait)
    try:
        sock.sendall(data)
        answer = b""
        while select_readable(sock, wait):
            chunk = sock.recv(65536)
            if not chunk:
                return answer, True
            answer += chunk
        return answer, False
    except (ConnectionResetError, BrokenPipeError):
        return answer, True
    finally:
        sock.close()


def status_of(answer):
    head = answer.split(b"\r\n", 1)[0].split()
    return int(head[1]) if len(head) > 1 and head[1].isdigit() else None


def oversized_and_crowded(binary):
    print("oversized headers and bodies, more connections than the cap")
    server = Server(binary, "limits", "--http-max-connections", "8")
    server.start()

    big_header = b"X-Padding: " + b"a" * 20000 + b"\r\n"
    answer, _ = raw_exchange(server.port, b"GET /health/live HTTP/1.1\r\nHost: x\r\n" + big_header + b"\r\n")
    check(status_of(answer) == 431 and b"application/problem+json" in answer,
          f"20 KB of headers answer 431 problem+json (got {status_of(answer)})")

    answer, closed = raw_exchange(server.port, b"POST /v1/recommendations HTTP/1.1\r\nHost: x\r\n"
                                  b"Content-Type: application/json\r\nContent-Length: 104857600\r\n"
                                  b"Expect: 100-continue\r\n\r\n")
    check(status_of(answer) == 413 and b"100 Continue" not in answer and b"at most 65536 bytes" in answer and closed,
          f"a declared 100 MB body with Expect: 100-continue: 413 problem+json, no 100 Continue, connection closed "
          f"(got {status_of(answer)}, closed {closed})")

    chunk = b"%x\r\n%s\r\n" % (16384, b" " * 16384)
    answer, closed = raw_exchange(server.port, b"POST /v1/recommendations HTTP/1.1\r\nHost: x\r\n"
                                  b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk * 6)
    check(status_of(answer) == 413 and b"at most 65536 bytes" in answer and closed,
          f"a streamed 96 KB body: 413 naming the limit, connection closed (got {status_of(answer)}, closed {closed})")

    # Fill the cap with kept-alive connections, each proven accepted by an answered request.
    held = []
    for _ in range(8):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", "/health/live")
        connection.getresponse().read()
        held.append(connection)
    waiting = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    waiting.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n")
    check(not select_readable(waiting, 1.0), "a ninth client is not served while 8 connections (the cap) are open")
    held.pop().close()
    served = select_readable(waiting, 5.0) and status_of(waiting.recv(4096)) == 200
    check(served, "it is served once one of them closes")
    waiting.close()
    for connection in held:
        connection.close()
    check(server.stop() == 0, "the server stops cleanly on SIGTERM")


def main():
    binary = os.path.abspath(sys.argv[1])
    started = time.monotonic()
    for test in (kill_nine, slow_clients, write_lock, backup_during_writes, oversized_and_crowded):
        try:
            test(binary)
        except Exception as error:  # a broken step is a failure, not a crash of the script
            check(False, f"{test.__name__} raised {error!r}")
        finally:
            for server in servers:
                server.stop()
            servers.clear()
    print(f"fault tests took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
    if failures:
        print(f"fault tests: {len(failures)} failure(s)")
        sys.exit(1)
    print("fault tests: all passed")
