#!/usr/bin/env python3
"""Load-tests the release binary with wrk and writes docs/performance.md.

Each endpoint is measured against GET /health/live, served through the same OpenAPI stack, in
the same run: the rounds interleave the endpoints, and the report gives medians over rounds and
the ratios to the health endpoint, which are what to trust on a shared, noisy machine.

With --db-url (bench/run.sh passes a throwaway cluster's when PostgreSQL is installed) the same
rounds run a second time against one replica on PostgreSQL, and curated writes (one client,
If-Match PATCHes one after another) are timed on both backends.

With --peer (and fastapi, uvicorn and pydantic installed) the patient-view load also runs against
bench/peer_fastapi.py, a FastAPI + pydantic hook an integrator might write instead, under uvicorn
with one worker, after the main rounds; it exists only for the bench and is not part of the product.

Usage: bench/bench.py BINARY [--rounds N] [--duration SECONDS] [--connections N] [--output FILE]
                     [--db-url postgres://…] [--peer]
"""

import argparse
import datetime
import importlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))

RECOMMENDATION_BODY = (
    '{"conditions":["http://hl7.org/fhir/sid/icd-10-cm|M79.7","chronic-low-back-pain"],'
    '"painfulRegions":["widespread"],"phase":"grading","flare":"none","painTrend":"stable"}'
)


def distinct_profiles():
    """More distinct profiles than the server remembers (256), so every answer is computed."""
    import itertools
    import json
    conditions = ["fibromyalgia", "chronic-fatigue-syndrome", "chronic-whiplash-associated-disorders",
                  "chronic-low-back-pain", "osteoarthritis", "rheumatoid-arthritis", "shoulder-myalgia", "chronic-neck-pain"]
    bodies = []
    for pair in itertools.combinations(conditions, 2):
        for phase in ["initiation", "established", "grading"]:
            for flare in ["none", "minor", "major"]:
                for trend in ["decreasing", "stable", "increasing"]:
                    bodies.append(json.dumps({"conditions": list(pair), "painfulRegions": ["neck", "shoulder"],
                                              "phase": phase, "flare": flare, "painTrend": trend}, separators=(",", ":")))
    return bodies


COVERED = [("http://hl7.org/fhir/sid/icd-10-cm", "M79.7"), ("http://hl7.org/fhir/sid/icd-10-cm", "M54.50"),
           ("http://hl7.org/fhir/sid/icd-10-cm", "M17.11"), ("http://hl7.org/fhir/sid/icd-10-cm", "M06.9"),
           ("http://hl7.org/fhir/sid/icd-10-cm", "M54.2"), ("http://snomed.info/sct", "203082005"),
           ("urn:oid:2.16.840.1.113883.6.90", "G93.32"), ("http://hl7.org/fhir/sid/icd-10-cm", "S13.4XXS")]
OTHER = [("http://hl7.org/fhir/sid/icd-10-cm", code) for code in
         ("E11.9", "I10", "J45.909", "K21.9", "F32.9", "E78.5", "N39.0", "G47.33", "M81.0", "H52.4")]
NARRATIVE = "Recorded at the pain clinic; history, examination and imaging reviewed with the patient. " * 2


def fhir_condition(patient, index, system, code, rng):
    return {"fullUrl": f"https://ehr.example.org/fhir/Condition/{patient}-{index}", "resource": {
        "resourceType": "Condition", "id": f"{patient}-{index}",
        "meta": {"versionId": str(rng.randint(1, 9)), "lastUpdated": "2026-11-01T10:00:00.000Z"},
        "text": {"status": "generated", "div": f"<div xmlns=\"http://www.w3.org/1999/xhtml\">{NARRATIVE}</div>"},
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
        "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                                           "code": rng.choice(["confirmed", "confirmed", "confirmed", "provisional"])}]},
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": "problem-list-item"}]}],
        "code": {"coding": [{"system": system, "code": code, "display": "As coded by the EHR"}], "text": "As coded by the EHR"},
        "subject": {"reference": f"Patient/{patient}"}, "onsetDateTime": "2019-05-01", "recordedDate": "2019-06-01"}}


def hook_bodies(hook, count=400, sizes=(5, 50), seed=7):
    """A different patient on every request: its own hookInstance, patient id and Condition ids,
    and a problem list of `sizes` Conditions (narratives included) mixing covered and other codes."""
    import json
    import random
    import uuid
    rng = random.Random(seed)
    bodies = []
    for n in range(count):
        patient = f"p{seed}-{n}"
        size = rng.randint(*sizes)
        covered = rng.sample(COVERED, rng.randint(1, 3))
        codes = covered + [rng.choice(OTHER) for _ in range(max(0, size - len(covered)))]
        rng.shuffle(codes)
        context = {"userId": "Practitioner/example", "patientId": patient}
        if hook == "order-select":
            context["selections"] = [f"ServiceRequest/{patient}-order"]
            context["draftOrders"] = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
                "resourceType": "ServiceRequest", "id": f"{patient}-order", "status": "draft", "intent": "order",
                "code": {"coding": [rng.choice([{"system": "http://snomed.info/sct", "code": "229065009"},
                                                {"system": "http://www.ama-assn.org/go/cpt", "code": "97110"}])]},
                "subject": {"reference": f"Patient/{patient}"}}}]}
        bodies.append(json.dumps({
            "hook": hook, "hookInstance": str(uuid.UUID(int=rng.getrandbits(128))), "context": context,
            "prefetch": {"conditions": {"resourceType": "Bundle", "type": "searchset", "total": len(codes),
                                        "entry": [fhir_condition(patient, i, s, c, rng) for i, (s, c) in enumerate(codes)]}},
        }, separators=(",", ":")))
    return bodies


PATIENT_VIEW = "POST patient-view hook (a different patient per request, 5–50 Conditions)"

# name, method, path, body (None for GET; a list for a different body on each request); a name
# with "reader key" sends Authorization: Bearer with a reader key made for the run
ENDPOINTS = [
    ("GET /health/live", "GET", "/health/live", None),
    ("GET /v1/conditions/fibromyalgia (one item)", "GET", "/v1/conditions/fibromyalgia", None),
    ("GET /v1/conditions/fibromyalgia (one item, reader key)", "GET", "/v1/conditions/fibromyalgia", None),
    ("GET /v1/findings?limit=20 (a list page)", "GET", "/v1/findings?limit=20", None),
    ("GET /v1/search?q=isometric%20exercise (full-text)", "GET", "/v1/search?q=isometric%20exercise", None),
    ("POST /v1/recommendations (one profile, repeated)", "POST", "/v1/recommendations", RECOMMENDATION_BODY),
    ("POST /v1/recommendations (756 distinct profiles)", "POST", "/v1/recommendations", distinct_profiles()),
    (PATIENT_VIEW, "POST", "/cds-services/exercise-analgesia-patient-view", hook_bodies("patient-view")),
    ("POST order-select hook (a different patient per request, 5–50 Conditions)", "POST",
     "/cds-services/exercise-analgesia-order-select", hook_bodies("order-select", seed=11)),
    ("POST patient-view hook (a different patient per request, 500 Conditions)", "POST",
     "/cds-services/exercise-analgesia-patient-view", hook_bodies("patient-view", count=20, sizes=(500, 500), seed=13)),
    ("GET /conditions/fibromyalgia (HTML page)", "GET", "/conditions/fibromyalgia", None),
    ("GET /recommend?… (HTML page, one profile)", "GET",
     "/recommend?conditions=fibromyalgia&conditions=chronic-low-back-pain&painfulRegions=widespread&phase=grading", None),
]


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'



def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(base, method, path, body, seconds, connections, token=None):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    script = None
    if body is not None:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(f'wrk.method = "{method}"\nwrk.headers["Content-Type"] = "application/json"\n')
        if isinstance(body, list):
            script.write("local bodies = {" + ",".join(lua_string(b) for b in body) + "}\nlocal i = 0\n")
            script.write("request = function()\n  i = i % #bodies + 1\n"
                         "  return wrk.format(nil, nil, nil, bodies[i])\nend\n")
        else:
            script.write(f"wrk.body = {lua_string(body)}\n")
        script.close()
        command += ["-s", script.name]
    command.append(base + path)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return {
        "rps": rps,
        "p50": to_ms(*p50.groups()),
        "p99": to_ms(*p99.groups()),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def cpu_seconds(pid):
    """The CPU time (user + system) process `pid` has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settle(pid, timeout=30.0):
    """Waits until the server has finished the requests wrk left in flight (its CPU time stops
    growing for 200 ms), so one row's backlog is not measured as the next row's latency: after
    the 500-Condition row the server still had about a second of queued hook calls to answer."""
    deadline = time.monotonic() + timeout
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = cpu_seconds(pid)
        if now - before <= 0.02:
            return
        before = now


def rss_mib(pid, field="VmRSS"):
    """Resident memory in MiB: VmRSS in all, RssAnon (heap, stacks) or RssFile (mapped code)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_split(pid):
    return {field: rss_mib(pid, field) for field in ("VmRSS", "RssAnon", "RssFile")}


def http(base, method, path, body=None, headers=None):
    request = urllib.request.Request(base + path, data=body.encode() if body else None, method=method,
                                     headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def curated_writes(base, token, seconds):
    """One curator PATCHes a mechanism again and again, each with the ETag the last answer gave:
    the latency of an acknowledged curated write (a transaction, an audit row, the next snapshot)."""
    path = "/v1/mechanisms/gate-control"
    status, headers, _ = http(base, "GET", path)
    etag = headers.get("ETag")
    latencies, failures, n = [], 0, 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        n += 1
        body = '{"name":"Gate control theory (bench %d)"}' % n
        started = time.monotonic()
        status, headers, _ = http(base, "PATCH", path, body, {
            "Authorization": f"Bearer {token}", "If-Match": etag, "Content-Type": "application/merge-patch+json"})
        latencies.append((time.monotonic() - started) * 1000)
        if status == 200:
            etag = headers.get("ETag")
        else:
            failures += 1
            etag = http(base, "GET", path)[1].get("ETag")
    latencies.sort()
    return {"writes": len(latencies), "per_second": len(latencies) / seconds,
            "p50": statistics.median(latencies), "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)],
            "failures": failures}


def allocator_env():
    """The glibc allocator settings the Dockerfile ships (MALLOC_ARENA_MAX, GLIBC_TUNABLES), so the
    bench measures the memory a container uses."""
    with open(os.path.join(HERE, "..", "Dockerfile")) as dockerfile:
        text = dockerfile.read()
    return dict(re.findall(r"\b(MALLOC_ARENA_MAX|GLIBC_TUNABLES)=(\S+)", text))


def measure(binary, args, backend, db_args):
    """Starts the server on one backend, times readiness, runs the rounds and the curated writes."""
    workdir = tempfile.mkdtemp(prefix="ea-bench-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(workdir, "server.log"), "w")

    def start():
        # One client (wrk) on 64 connections: rate limiting is off for the measurement.
        process = subprocess.Popen(
            [binary, "--http-host", "127.0.0.1", "--http-port", str(port), *db_args,
             "--log-level", "warning", "--rate-requests-per-second", "0", "--cds-allow-unsigned", "true"],
            stdout=log, stderr=subprocess.STDOUT, cwd=workdir, env={**os.environ, **allocator_env()})
        started = time.monotonic()
        deadline = started + 30
        while True:
            try:
                if urllib.request.urlopen(base + "/health/ready", timeout=1).status == 200:
                    return process, time.monotonic() - started
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                sys.exit(f"the server ({backend}) did not become ready")
            time.sleep(0.005)

    def stop(process):
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()

    def key(role):
        made = subprocess.run([binary, "keys", "create", "--name", f"bench-{role}", "--role", role, *db_args],
                              capture_output=True, text=True, check=True, timeout=60)
        return next(line.split()[1] for line in made.stdout.splitlines() if line.startswith("token:"))

    # The first start creates and migrates the database; readiness is timed on the restarts.
    first, _ = start()
    stop(first)
    token, curator = key("reader"), key("curator")
    ready_times = []
    for _ in range(3):
        process, seconds = start()
        ready_times.append(seconds * 1000)
        stop(process)
    server, _ = start()
    results = {name: [] for name, *_ in ENDPOINTS}
    rss = []
    try:
        for name, method, path, body in ENDPOINTS:  # warm-up
            wrk(base, method, path, body, 2, args.connections, token if "reader key" in name else None)
            settle(server.pid)
        for round_number in range(args.rounds):
            for name, method, path, body in ENDPOINTS:
                before = cpu_seconds(server.pid)
                result = wrk(base, method, path, body, args.duration, args.connections,
                             token if "reader key" in name else None)
                # The server's own CPU per answered request (wrk's is not in it).
                result["cpu_us"] = (cpu_seconds(server.pid) - before) / max(1.0, result["rps"] * args.duration) * 1e6
                results[name].append(result)
                rss.append(rss_split(server.pid))
                settle(server.pid)
                print(f"{backend} round {round_number + 1} {name}: {result['rps']:.0f} req/s p50 {result['p50']:.2f} ms "
                      f"p99 {result['p99']:.2f} ms non-2xx {result['non2xx']}", flush=True)
        writes = curated_writes(base, curator, args.duration)
        print(f"{backend} curated writes: {writes}", flush=True)
    finally:
        stop(server)
    return {"results": results, "rss": rss, "ready": ready_times, "writes": writes}


def table(run):
    results = run["results"]
    health = ENDPOINTS[0][0]
    median = {name: {key: statistics.median(r[key] for r in rounds) for key in ("rps", "p50", "p99", "cpu_us")}
              for name, rounds in results.items()}
    rows = []
    for name, *_ in ENDPOINTS:
        m = median[name]
        ratio_rps = m["rps"] / median[health]["rps"]
        ratio_p99 = m["p99"] / median[health]["p99"]
        failures = sum(r["non2xx"] for r in results[name])
        rows.append(f"| {name} | {m['rps']:,.0f} | {m['p50']:.2f} | {m['p99']:.2f} | {ratio_rps:.2f} | {ratio_p99:.2f} | "
                    f"{m['cpu_us']:,.0f} | {failures} |")
    return "\n".join(rows)


def postgres_section(runs, args):
    """The PostgreSQL rows and the curated writes, next to SQLite's."""
    writes = "\n".join(
        f"| {backend} | {run['writes']['writes']} | {run['writes']['per_second']:,.0f} | {run['writes']['p50']:.2f} | "
        f"{run['writes']['p99']:.2f} | {run['writes']['failures']} |" for backend, run in runs.items())
    if "PostgreSQL" not in runs:
        reads = ("PostgreSQL: unmeasured in this run (bench/run.sh measures it when PostgreSQL's server "
                 "binaries are installed, or pass --db-url).\n")
    else:
        postgres = runs["PostgreSQL"]
        peak = max(postgres["rss"], key=lambda split: split["VmRSS"])
        reads = f"""## One replica on PostgreSQL

The same rounds against one replica with `--db-url` (a throwaway PostgreSQL cluster on the same
machine, sharing its cores): reads come from the replica's memory, so this is the read throughput
of each replica; only search asks the database.

| endpoint | requests/s | p50 ms | p99 ms | throughput vs health | p99 vs health | server CPU µs per request | non-2xx |
|---|---:|---:|---:|---:|---:|---:|---:|
{table(postgres)}

RSS under load: {peak['VmRSS']:.1f} MiB at most ({peak['RssAnon']:.1f} MiB anonymous). Ready after
{statistics.median(postgres['ready']):.0f} ms on a migrated database (median of 3 starts).
"""
    return f"""{reads}
## Curated writes

One curator sends `PATCH /v1/mechanisms/gate-control` with `If-Match` again and again for
{args.duration} s, each after the answer to the last (a transaction with its audit row and the
next snapshot, acknowledged only once committed: SQLite with `synchronous = FULL`, PostgreSQL
with its durable defaults, both on the same disk).

| backend | writes | writes/s | p50 ms | p99 ms | failed |
|---|---:|---:|---:|---:|---:|
{writes}
"""


def measure_peer(args):
    """Runs the Swift patient-view row's load (same bodies, connections and duration, --rounds
    rounds after a warm-up) against bench/peer_fastapi.py under uvicorn with one worker.
    Returns the rounds, or a sentence saying why the peer was not measured."""
    for module in ("fastapi", "uvicorn", "pydantic"):
        try:
            importlib.import_module(module)
        except ImportError as error:
            return f"{module} does not import ({error}); pip install fastapi uvicorn pydantic"
    _, method, path, body = next(endpoint for endpoint in ENDPOINTS if endpoint[0] == PATIENT_VIEW)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(tempfile.mkdtemp(prefix="ea-bench-peer-"), "peer.log"), "w")
    peer = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "peer_fastapi:app", "--app-dir", HERE, "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1", "--log-level", "warning"],
        stdout=log, stderr=subprocess.STDOUT, cwd=HERE)
    rounds = []
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, answer = http(base, method, path, body[0], {"Content-Type": "application/json"})
                if status == 200:
                    break
                return f"the peer answered {status}: {answer[:200]!r}"
            except OSError:
                pass
            if time.monotonic() > deadline or peer.poll() is not None:
                return f"the peer did not answer within 30 s (log: {log.name})"
            time.sleep(0.05)
        wrk(base, method, path, body, 2, args.connections)  # warm-up
        for round_number in range(args.rounds):
            result = wrk(base, method, path, body, args.duration, args.connections)
            rounds.append(result)
            print(f"peer round {round_number + 1} {PATIENT_VIEW}: {result['rps']:.0f} req/s p50 {result['p50']:.2f} ms "
                  f"p99 {result['p99']:.2f} ms non-2xx {result['non2xx']}", flush=True)
    finally:
        peer.send_signal(signal.SIGTERM)
        try:
            peer.wait(timeout=15)
        except subprocess.TimeoutExpired:
            peer.kill()
            peer.wait()
        log.close()
    return rounds


def peer_section(peer, sqlite, args):
    """The peer's row next to the service's patient-view row; empty without --peer."""
    if peer is None:
        return ""
    heading = "\n## Peer: a FastAPI + pydantic hook (bench only)\n\n"
    if isinstance(peer, str):
        return heading + f"Unmeasured in this run: {peer}.\n"
    median = {key: statistics.median(r[key] for r in peer) for key in ("rps", "p50", "p99")}
    swift = {key: statistics.median(r[key] for r in sqlite["results"][PATIENT_VIEW]) for key in ("rps", "p50", "p99")}
    failures = sum(r["non2xx"] for r in peer)
    return heading + f"""[bench/peer_fastapi.py](../bench/peer_fastapi.py) is the hook an integrator might write instead
of running the service: FastAPI and pydantic models parse the bundle, a dict maps the codes, one
card names the conditions (no knowledge base, no advice). It exists only for the bench and is not
part of the product. It ran under uvicorn with one worker on 127.0.0.1, in the same run on the
same machine, right after the service's rounds, with the patient-view row's load: the same bodies
(a different patient per request, 5–50 Conditions), wrk -t1 -c{args.connections}, {args.duration} s, a warm-up
and {args.rounds} rounds. One uvicorn worker is one Python process; the service uses all {os.cpu_count()} cores.

| hook | requests/s | p50 ms | p99 ms | non-2xx |
|---|---:|---:|---:|---:|
| this service, patient-view (SQLite run) | {swift['rps']:,.0f} | {swift['p50']:.2f} | {swift['p99']:.2f} | {sum(r['non2xx'] for r in sqlite['results'][PATIENT_VIEW])} |
| FastAPI + pydantic peer | {median['rps']:,.0f} | {median['p50']:.2f} | {median['p99']:.2f} | {failures} |

The service answers {swift['rps'] / median['rps']:.1f}× the peer's throughput (aim: at least 15×). Peer per
round: {", ".join(f"{r['rps']:,.0f}" for r in peer)} req/s.
"""


def decode_floor():
    """Foundation's JSONDecoder alone on the hook rows' own bodies, into the smallest Codable types
    that hold what the service reads (bench/decode_floor.swift): the floor under a hook call."""
    swiftc = shutil.which("swiftc")
    if not swiftc:
        return "Unmeasured in this run: `swiftc` is not on PATH.\n"
    workdir = tempfile.mkdtemp(prefix="ea-floor-")
    program = os.path.join(workdir, "decode-floor")
    subprocess.run([swiftc, "-O", os.path.join(HERE, "decode_floor.swift"), "-o", program],
                   check=True, capture_output=True)
    bodies = {name: body for name, _, path, body in ENDPOINTS if path.startswith("/cds-services/")}
    with open(os.path.join(workdir, "bodies.json"), "w") as out:
        json.dump(bodies, out)
    lines = subprocess.run([program, os.path.join(workdir, "bodies.json")], check=True, capture_output=True,
                           text=True).stdout.strip().splitlines()
    shutil.rmtree(workdir, ignore_errors=True)
    return "\n".join(f"- {line}" for line in lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--output", default=os.path.join(HERE, "..", "docs", "performance.md"))
    parser.add_argument("--command", default="bench/run.sh")
    parser.add_argument("--db-url", help="also measure one replica on this PostgreSQL database")
    parser.add_argument("--peer", action="store_true",
                        help="also run the patient-view load against bench/peer_fastapi.py (bench only)")
    args = parser.parse_args()

    binary = os.path.abspath(args.binary)
    workdir = tempfile.mkdtemp(prefix="ea-bench-")
    runs = {"SQLite": measure(binary, args, "SQLite", ["--db-path", os.path.join(workdir, "kb.sqlite")])}
    if args.db_url:
        runs["PostgreSQL"] = measure(binary, args, "PostgreSQL", ["--db-url", args.db_url])
    peer = measure_peer(args) if args.peer else None
    if isinstance(peer, str):
        print(f"peer row skipped: {peer}", flush=True)
    sqlite = runs["SQLite"]
    peak = max(sqlite["rss"], key=lambda split: split["VmRSS"])
    ready_times = sqlite["ready"]
    results = sqlite["results"]
    rows = [table(sqlite)]
    floor = decode_floor()

    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    report = f"""# Performance

Produced by `{args.command}` on {datetime.date.today().isoformat()}: wrk -t1 -c{args.connections}, {args.duration} s per
endpoint, {args.rounds} interleaved rounds after a warm-up, against the release binary on
127.0.0.1 with a fresh database. wrk and the server share the machine ({os.cpu_count()} cores,
{cpu}, {platform.system()} {platform.release()}). Figures are medians over the rounds; the
ratios compare each endpoint with `GET /health/live` (served through the same OpenAPI stack)
in the same run, which is what to trust on a shared, noisy machine.

| endpoint | requests/s | p50 ms | p99 ms | throughput vs health | p99 vs health | server CPU µs per request | non-2xx |
|---|---:|---:|---:|---:|---:|---:|---:|
{chr(10).join(rows)}

Server RSS under load: {peak['VmRSS']:.1f} MiB at most, of which {peak['RssAnon']:.1f} MiB anonymous (heap,
stacks, caches: what the service itself allocates) and {peak['RssFile']:.1f} MiB file-backed (pages of
the executable and the shared Swift, Foundation and ICU libraries it has touched; clean, shared with
other processes using the same libraries, and reclaimable by the kernel), with the Dockerfile's
allocator settings ({", ".join(f"{k}={v}" for k, v in sorted(allocator_env().items()))}). Ready (GET /health/ready answers 200) after
{statistics.median(ready_times):.0f} ms from process start on an existing database (median of 3 starts,
measured by polling every 5 ms).

The keyed row sends a reader key (`Authorization: Bearer`), as EHRs do when
`auth.requireKeyForReads` is on; a verified key is trusted for 5 s, so it costs no database read.

Aims: GET item at least 0.8× and the HTML pages at least 0.5× the health endpoint's throughput
(issues 6 and 13); computed advice (distinct recommendation profiles, and both hooks with a
different patient on every request) at least 0.5× with p99 within 2× (issue 14); RSS under load
below 50 MiB; ready within 150 ms on an existing database. The server remembers its last 256
answers, at most 4 MiB (the output is a pure function of the body and the knowledge version), so
the first recommendation row measures a repeated profile, as an EHR sends at each view of the
same patient, and the second measures profiles it has to compute, cycling through more than it
remembers (756 profiles over 28 pairs of conditions: what follows from the conditions alone is
worked out once per condition set, `ConditionAnalysis`, and the rest per profile). Hook calls are
never repeated byte for byte (each has its own hookInstance, patient and Condition ids); the
engine's advice is remembered per normalised profile (`AdviceMemo`), so patients with the same
covered conditions share it, while decoding the prefetch and building the card are paid on every
call. Where the time goes: [bench/README.md](../bench/README.md).

## The floor under a hook call

Decoding a hook body with Foundation's `JSONDecoder` into the smallest Codable types that hold
what the service reads (the generated types declare the same members) costs, on its own
(`bench/decode_floor.swift` on the rows' own bodies, after the rounds, a warm-up, then the median
of 3 passes of about 4 MB each; CPU time of one core):

{floor}
`JSONDecoder` is the only JSON parser in the stack (`JSONSerialization` is slower, and parsing by
hand is ruled out), so no hook call can cost less than this plus what `GET /health/live` costs
(its server CPU per request above). Compare with the server CPU per request of the hook rows:
what a call costs beyond those two is the service's own work (mapping codes, the advice, the
card, encoding the answer).

{postgres_section(runs, args)}{peer_section(peer, sqlite, args)}
Per-round results (SQLite):

| round | endpoint | requests/s | p50 ms | p99 ms |
|---:|---|---:|---:|---:|
""" + "\n".join(
        f"| {i + 1} | {name} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} |"
        for i in range(args.rounds) for name, *_ in ENDPOINTS for r in [results[name][i]]) + "\n"
    with open(args.output, "w") as output:
        output.write(report)
    print(report)


if __name__ == "__main__":
    main()
