#!/usr/bin/env python3
"""Fault tests of two replicas on one PostgreSQL (CI runs them under scripts/with-postgres.sh):

1. a write through replica A is served by replica B within 1 s (NOTIFY, with the revision poll
   set to 30 s so that it cannot be what delivers it);
2. concurrent If-Match writes of the same ETag through A and B: one 200, one 412;
3. a create replayed with its Idempotency-Key on the other replica answers the first result and
   creates nothing;
4. a key revoked through A is refused by B at once (B had just trusted it);
5. kill -9 of A during a write load through A and B: every acknowledged write is there, and B
   kept serving;
6. PostgreSQL stopped and restarted under read load: reads answer 200 throughout, writes answer
   503 problem+json with Retry-After and /health/ready names the failing check, then both recover
   without a restart.

The replicas listen on 127.0.0.1, are bounded in time and stopped by their own pid.
Usage: scripts/with-postgres.sh .ci/replicas.py PATH/TO/exercise-analgesia  (needs TEST_DB_URL, PG_CTL)
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import check, failures, free_port, request  # noqa: E402

replicas = []
DB_URL = os.environ["TEST_DB_URL"]


class Replica:
    def __init__(self, binary, name):
        self.binary, self.name, self.port = binary, name, free_port()
        self.workdir = tempfile.mkdtemp(prefix=f"ea-replica-{name}-")
        self.process = None
        replicas.append(self)

    def start(self):
        log = open(os.path.join(self.workdir, "server.log"), "a")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--http-host", "127.0.0.1", "--http-port", str(self.port), "--db-url", DB_URL,
             "--kb-refresh-seconds", "30", "--rate-requests-per-second", "0", "--db-timeout-seconds", "3",
             "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/health/ready", timeout=1)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"replica {self.name} did not become ready")

    def log(self):
        with open(os.path.join(self.workdir, "server.log")) as file:
            return file.read()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.returncode if self.process else None


def key(binary, role):
    out = subprocess.run([binary, "keys", "create", "--name", f"replicas-{role}", "--role", role, "--db-url", DB_URL],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    fields = dict(line.split(None, 1) for line in out.splitlines() if line.strip())
    return fields["id:"].strip(), fields["token:"].strip()


def auth(token, **extra):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    headers.update(extra)
    return headers


def mechanism(slug, summary="Replica test."):
    return json.dumps({"slug": slug, "name": slug, "summary": summary, "verdict": "unclear",
                       "verdictRationale": "Replica test.", "locator": "biology/p6", "basis": "hypothesis"})


def etag(replica, path):
    return request(replica.port, "GET", path)[1].get("ETag")


def main():
    binary = os.path.abspath(sys.argv[1])
    started = time.monotonic()
    a, b = Replica(binary, "a"), Replica(binary, "b")
    # Started together: the migrations run under an advisory lock, one replica after the other.
    starters = [threading.Thread(target=r.start) for r in (a, b)]
    for thread in starters:
        thread.start()
    for thread in starters:
        thread.join()
    _, curator = key(binary, "curator")
    _, admin = key(binary, "admin")
    check(DB_URL.split(":")[2].split("@")[0] not in a.log() + b.log(), "the database password is in no log line")

    print("1. a write through A is served by B within 1 s")
    path = "/v1/mechanisms/gate-control"
    status, _, _ = request(a.port, "PATCH", path, json.dumps({"summary": "Changed through replica A."}),
                           auth(curator, **{"If-Match": etag(a, path), "Content-Type": "application/merge-patch+json"}))
    written = time.monotonic()
    check(status == 200, f"PATCH through A answers 200 (got {status})")
    seen = None
    while time.monotonic() - written < 3:
        if json.loads(request(b.port, "GET", path)[2]).get("summary") == "Changed through replica A.":
            seen = time.monotonic() - written
            break
        time.sleep(0.01)
    check(seen is not None and seen < 1.0, f"B serves it after {seen if seen is None else round(seen * 1000)} ms (limit 1000)")

    print("2. concurrent If-Match writes through A and B")
    current = etag(a, path)
    check(current == etag(b, path), "A and B serve the same ETag")
    statuses = []

    def patch(replica, text):
        statuses.append(request(replica.port, "PATCH", path, json.dumps({"summary": text}),
                                auth(curator, **{"If-Match": current, "Content-Type": "application/merge-patch+json"}))[0])
    racers = [threading.Thread(target=patch, args=(r, f"Raced through {r.name}.")) for r in (a, b)]
    for thread in racers:
        thread.start()
    for thread in racers:
        thread.join()
    check(sorted(statuses) == [200, 412], f"one 200 and one 412 (got {sorted(statuses)})")

    print("3. an Idempotency-Key replayed on the other replica")
    body = mechanism("replica-idempotent")
    first = request(a.port, "POST", "/v1/mechanisms", body, auth(curator, **{"Idempotency-Key": "replica-key-1"}))
    again = request(b.port, "POST", "/v1/mechanisms", body, auth(curator, **{"Idempotency-Key": "replica-key-1"}))
    check(first[0] == 201 and again[0] == 201, f"both answer 201 (got {first[0]}, {again[0]})")
    check(first[1].get("ETag") == again[1].get("ETag") and json.loads(first[2]) == json.loads(again[2]),
          "B answers A's first result")
    history = json.loads(request(b.port, "GET", "/v1/mechanisms/replica-idempotent/history")[2])
    check(len(history.get("data", [])) == 1, "one create, not two")

    print("4. a key revoked through A is refused by B at once")
    reader_id, reader = key(binary, "reader")
    check(request(b.port, "GET", "/v1/keys", headers=auth(reader))[0] == 403, "B knows the reader key (403 for a weaker role)")
    status = request(a.port, "DELETE", f"/v1/keys/{reader_id}", headers=auth(admin))[0]
    revoked = time.monotonic()
    check(status == 204, f"DELETE /v1/keys through A answers 204 (got {status})")
    refused = None
    while time.monotonic() - revoked < 5:
        if request(b.port, "GET", "/v1/keys", headers=auth(reader))[0] == 401:
            refused = time.monotonic() - revoked
            break
        time.sleep(0.01)
    check(refused is not None and refused < 1.0,
          f"B refuses it after {refused if refused is None else round(refused * 1000)} ms (its trust window is 5 s)")

    print("5. kill -9 of A during writes through A and B")
    acknowledged, lock, stopping = [], threading.Lock(), threading.Event()
    b_errors = []

    def writer(replica, index):
        number = 0
        while not stopping.is_set():
            number += 1
            slug = f"killed-{replica.name}-{index}-{number}"
            try:
                status = request(replica.port, "POST", "/v1/mechanisms", mechanism(slug),
                                 auth(curator, **{"Idempotency-Key": slug}), timeout=5)[0]
            except OSError:
                time.sleep(0.05)
                continue
            if status == 201:
                with lock:
                    acknowledged.append(slug)
            elif replica is b:
                b_errors.append(status)
    writers = [threading.Thread(target=writer, args=(r, i)) for r in (a, b) for i in range(2)]
    for thread in writers:
        thread.start()
    time.sleep(2)
    a.process.send_signal(signal.SIGKILL)
    a.process.wait(timeout=10)
    time.sleep(1.5)
    stopping.set()
    for thread in writers:
        thread.join()
    check(len(acknowledged) > 10, f"{len(acknowledged)} writes acknowledged")
    check(not b_errors, f"B kept writing while A died (other answers: {sorted(set(b_errors))})")
    missing = [slug for slug in acknowledged if request(b.port, "GET", f"/v1/mechanisms/{slug}")[0] != 200]
    check(not missing, f"every acknowledged write is served by B ({len(missing)} missing)")

    print("6. PostgreSQL stopped and restarted under read load")
    reads, read_lock, reading = [], threading.Lock(), threading.Event()
    reading.set()

    def reader_load():
        while reading.is_set():
            try:
                status = request(b.port, "GET", "/v1/conditions/fibromyalgia", timeout=5)[0]
            except OSError as error:
                status = repr(error)
            with read_lock:
                reads.append(status)
            time.sleep(0.005)
    readers = [threading.Thread(target=reader_load) for _ in range(2)]
    for thread in readers:
        thread.start()
    time.sleep(0.5)
    subprocess.run([os.environ["PG_CTL"], "stop"], check=True, capture_output=True, timeout=60)
    time.sleep(0.5)
    t0 = time.monotonic()
    status, headers, body = request(b.port, "POST", "/v1/mechanisms", mechanism("during-outage"),
                                    auth(curator, **{"Idempotency-Key": "during-outage"}), timeout=15)
    took = time.monotonic() - t0
    problem = json.loads(body or b"{}")
    check(status == 503 and headers.get("Content-Type", "").startswith("application/problem+json"),
          f"a write during the outage answers 503 problem+json (got {status}, in {took:.1f} s)")
    check("Retry-After" in headers, "with Retry-After")
    check(problem.get("type") == "/problems/database-unavailable", f"type {problem.get('type')}")
    status, _, body = request(b.port, "GET", "/health/ready", timeout=10)
    check(status == 503 and "'database'" in json.loads(body).get("detail", ""), f"/health/ready answers 503 naming 'database' (got {status})")
    check(b"password" not in body and DB_URL.split(":")[2].split("@")[0].encode() not in body, "no password in the answer")
    subprocess.run([os.environ["PG_CTL"], "start"], check=True, capture_output=True, timeout=60)
    back = time.monotonic()
    recovered = None
    while time.monotonic() - back < 30:
        status = request(b.port, "POST", "/v1/mechanisms", mechanism("after-outage"),
                         auth(curator, **{"Idempotency-Key": "after-outage"}), timeout=15)[0]
        if status == 201:
            recovered = time.monotonic() - back
            break
        time.sleep(0.2)
    check(recovered is not None, f"writes recover without a restart ({recovered if recovered is None else round(recovered, 1)} s after PostgreSQL is back)")
    check(request(b.port, "GET", "/health/ready")[0] == 200, "/health/ready answers 200 again")
    reading.clear()
    for thread in readers:
        thread.join()
    bad = [status for status in reads if status != 200]
    check(len(reads) > 50 and not bad, f"{len(reads)} reads during the outage, all 200 ({len(bad)} not: {sorted(set(map(str, bad)))[:3]})")
    check(b.stop() == 0, "B stops cleanly on SIGTERM")
    print(f"replica tests took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:
        check(False, f"raised {error!r}")
    finally:
        for replica in replicas:
            replica.stop()
    if failures:
        print(f"replica tests: {len(failures)} failure(s)")
        sys.exit(1)
    print("replica tests: all passed")
