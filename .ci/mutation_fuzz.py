#!/usr/bin/env python3
"""Mutation fuzzing of every request body (CDS Hooks calls and feedback, recommendations, curated
creates, replacements (PUT) and merge patches (PATCH) of existing items, import, keys) against the
release binary, with radamsa (pyradamsa) mutating realistic seed bodies. Rate limiting is off so
every body reaches the parsers. Passes when no answer is a
5xx, no refused PUT or PATCH changed its item, no request hangs, and the process is alive and
healthy at the end.

Bounded: a fixed number of bodies per endpoint (at least 5,000 per hook endpoint), a per-request
timeout, and an overall deadline. The service is started on a free 127.0.0.1 port with a fresh
database and stopped by its pid; it makes no outbound connection (no trusted issuers, no FHIR
server allowlisted).

Usage: .ci/mutation_fuzz.py PATH/TO/exercise-analgesia [hook-bodies-per-endpoint]
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import free_port  # noqa: E402

import pyradamsa

DEADLINE_SECONDS = 1200
REQUEST_TIMEOUT = 15


def condition(i, system, code, narrative=False):
    resource = {"resourceType": "Condition", "id": f"c{i}",
                "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
                "code": {"coding": [{"system": system, "code": code, "display": "x"}], "text": "x"},
                "subject": {"reference": "Patient/1288992"}}
    if narrative:
        resource["text"] = {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">History reviewed.</div>"}
    return {"fullUrl": f"https://ehr.example.org/fhir/Condition/c{i}", "resource": resource}


BUNDLE = {"resourceType": "Bundle", "type": "searchset", "total": 4, "entry": [
    condition(1, "http://hl7.org/fhir/sid/icd-10-cm", "M79.7", narrative=True),
    condition(2, "urn:oid:2.16.840.1.113883.6.96", "203082005"),
    condition(3, "http://hl7.org/fhir/sid/icd-10", "M17"),
    condition(4, "http://hl7.org/fhir/sid/icd-10-cm", "J45.909")]}

PATIENT_VIEW = [
    {"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", "fhirServer": "https://ehr.example.org/fhir",
     "context": {"userId": "Practitioner/example", "patientId": "1288992"}, "prefetch": {"conditions": BUNDLE}},
    {"hook": "patient-view", "hookInstance": "x", "context": {"userId": "Practitioner/1", "patientId": "1"},
     "prefetch": {"conditions": dict(BUNDLE, link=[{"relation": "next", "url": "https://ehr.example.org/fhir/Condition?page=2"}])}},
    {"hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", "fhirServer": "http://hooks.smarthealthit.org:9080", "hook": "patient-view",
     "fhirAuthorization": {"access_token": "some-opaque-fhir-access-token", "token_type": "Bearer", "expires_in": 300,
                           "scope": "user/Patient.read user/Observation.read", "subject": "cds-service4"},
     "context": {"userId": "Practitioner/example", "patientId": "1288992"},
     "prefetch": {"patientToGreet": {"resourceType": "Patient", "gender": "male", "birthDate": "1925-12-23", "id": "1288992", "active": True}}},
    {"hook": "patient-view", "hookInstance": "x", "context": {"userId": "u", "patientId": "1"}, "prefetch": {"conditions": None}},
]

ORDER = {"resourceType": "ServiceRequest", "id": "exercise-1", "status": "draft", "intent": "order",
         "code": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "97110"}, {"system": "http://snomed.info/sct", "code": "229065009"}]},
         "subject": {"reference": "Patient/1288992"}, "note": [{"text": "Earlier note", "authorString": "Dr A"}],
         "occurrenceTiming": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "wk"}}}

ORDER_SELECT = [
    {"hook": "order-select", "hookInstance": "a8b7c6d5-0000-4000-8000-000000000001",
     "context": {"userId": "Practitioner/example", "patientId": "1288992", "encounterId": "89284", "selections": ["ServiceRequest/exercise-1"],
                 "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": [
                     {"resource": ORDER},
                     {"resource": {"resourceType": "MedicationRequest", "id": "med-1", "status": "draft", "intent": "order",
                                   "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "617993"}]}}}]}},
     "prefetch": {"conditions": BUNDLE}},
    {"hook": "order-select", "hookInstance": "x", "context": {"userId": "PractitionerRole/123", "patientId": "1288992",
     "selections": ["NutritionOrder/pureeddiet-simple"], "draftOrders": {"resourceType": "Bundle", "entry": [
         {"resource": {"resourceType": "NutritionOrder", "id": "pureeddiet-simple", "status": "draft",
                       "oralDiet": {"type": [{"coding": [{"system": "http://snomed.info/sct", "code": "226211001"}]}]}}}]}}},
]

FEEDBACK = [
    {"feedback": [{"card": "4e0a3a1d-3d1e-4c4a-8f37-2f8b6a1c9d10", "outcome": "overridden",
                   "overrideReason": {"reason": {"system": "https://example.org/reasons", "code": "patient-preference", "display": "Patient preference"},
                                      "userComment": "Prefers aquatic therapy."}, "outcomeTimestamp": "2026-11-24T10:15:00.123Z"},
                  {"card": "4e0a3a1d-3d1e-4c4a-8f37-2f8b6a1c9d10", "outcome": "accepted", "acceptedSuggestions": [{"id": "s1"}],
                   "outcomeTimestamp": "2026-11-24T11:16:00+01:00"}]},
]

RECOMMENDATIONS = [
    {"conditions": ["http://hl7.org/fhir/sid/icd-10-cm|M79.7", "chronic-low-back-pain"], "painfulRegions": ["widespread"],
     "phase": "initiation", "flare": "none", "painTrend": "stable", "cognitiveEmotionalFactors": ["catastrophizing"], "medications": ["snri"]},
    {"conditions": ["shoulder-myalgia"], "painfulRegions": ["shoulder"], "phase": "grading", "flare": "minor", "painTrend": "decreasing"},
]

# A merge patch changes these texts where the item has them, repeats its lists, and removes
# these optional members (null).
PATCHED_TEXTS = ("summary", "eaSummary", "advice", "rationale", "verdictRationale", "title")
NULLABLE = ("caution", "namedAuthors", "exercise")

class Client:
    """One keep-alive connection, reopened whenever the service closes it."""

    def __init__(self, port):
        self.port = port
        self.connection = None

    def request(self, method, path, body=b"", headers=None):
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                data = response.read()
                if (response.getheader("Connection") or "").lower() == "close":
                    self.close()
                return response.status, data
            except socket.timeout:
                self.close()
                raise
            except (ConnectionError, http.client.HTTPException):
                # The service closed the connection (after a 413, say); try once on a new one.
                self.close()
                if attempt == 1:
                    raise
        raise RuntimeError("unreachable")

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def main():
    binary = os.path.abspath(sys.argv[1])
    hook_bodies = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    other_bodies = max(200, hook_bodies // 10)
    workdir = tempfile.mkdtemp(prefix="ea-mutation-")
    db = os.path.join(workdir, "kb.sqlite")
    token = [line.split()[1] for line in subprocess.run([binary, "keys", "create", "--name", "fuzz", "--role", "admin", "--db-path", db],
                                                        capture_output=True, text=True, check=True).stdout.splitlines() if line.startswith("token:")][0]
    port = free_port()
    log = open(os.path.join(workdir, "server.log"), "w")
    process = subprocess.Popen([binary, "--http-host", "127.0.0.1", "--http-port", str(port), "--db-path", db, "--cds-allow-unsigned",
                                "--rate-requests-per-second", "0", "--log-level", "error", "--kb-refresh-seconds", "0"],
                               cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    print(f"started pid {process.pid} on 127.0.0.1:{port}")
    client = Client(port)
    failures = []
    counts = {}
    started = time.monotonic()
    try:
        for _ in range(300):
            try:
                if client.request("GET", "/health/ready")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        auth = {"Authorization": f"Bearer {token}"}
        # Curated-write seeds: the first item of each kind from the export, under a new key.
        status, export = client.request("GET", "/v1/export", headers=auth)
        lines = [json.loads(line) for line in export.decode().splitlines()[1:]]
        curated = {}
        existing = {}
        for line in lines:
            kind, item = line["type"], dict(line["item"])
            # Only the kinds with a create operation (sources, citations and populations come with the knowledge).
            if kind in curated or kind not in ("condition", "mechanism", "finding", "guideline"):
                continue
            existing[kind] = dict(item)
            for key in ("slug", "id"):
                if key in item:
                    item[key] = f"fuzz-{kind}-seed"
            curated[kind] = item
        json_headers = {"Content-Type": "application/json"}
        targets = [
            ("POST", "/cds-services/exercise-analgesia-patient-view", PATIENT_VIEW, hook_bodies, json_headers),
            ("POST", "/cds-services/exercise-analgesia-order-select", ORDER_SELECT, hook_bodies, json_headers),
            ("POST", "/cds-services/exercise-analgesia-patient-view/feedback", FEEDBACK, other_bodies, json_headers),
            ("POST", "/v1/recommendations", RECOMMENDATIONS, other_bodies, json_headers),
            ("POST", "/v1/keys", [{"name": "fuzzed key", "role": "reader"}], other_bodies, dict(json_headers, **auth)),
        ]
        for kind, item in sorted(curated.items()):
            targets.append(("POST", f"/v1/{kind}s", [item], other_bodies, dict(json_headers, **auth)))
        # Replacing and merge-patching an item that exists (If-Match: * so that a change that
        # lands does not turn the rest into 412s): the paths that apply a body to a stored item.
        for kind, item in sorted(existing.items()):
            key = item.get("slug") or item.get("id")
            changes = {name: f"{item[name]} (fuzzed)" for name in PATCHED_TEXTS if isinstance(item.get(name), str)}
            lists = {name: item[name] for name in ("references", "findings", "conditions") if isinstance(item.get(name), list)}
            patch = dict(changes, **lists, **{name: None for name in NULLABLE if name in item})
            if_match = dict(auth, **{"If-Match": "*"})
            targets.append(("PUT", f"/v1/{kind}s/{key}", [item], other_bodies // 2, dict(if_match, **json_headers)))
            targets.append(("PATCH", f"/v1/{kind}s/{key}", [patch], other_bodies // 2,
                            dict(if_match, **{"Content-Type": "application/merge-patch+json"})))
        targets.append(("POST", "/v1/import",
                        ["\n".join(json.dumps(line) for line in [json.loads(export.decode().splitlines()[0])] + lines[:5]) + "\n"],
                        other_bodies // 2, dict(auth, **{"Content-Type": "application/x-ndjson"})))

        radamsa = pyradamsa.Radamsa()
        for method, path, seeds, total, headers in targets:
            raw_seeds = [seed.encode() if isinstance(seed, str) else json.dumps(seed).encode() for seed in seeds]
            statuses = {}
            # A refused replacement or patch must leave the item as it was.
            stored = client.request("GET", path, headers=auth)[1] if method in ("PUT", "PATCH") else None
            # The seeds first, unmutated, then `total` mutated bodies.
            for i in range(len(raw_seeds) + total):
                if time.monotonic() - started > DEADLINE_SECONDS:
                    failures.append(f"deadline of {DEADLINE_SECONDS} s reached during {path} ({i} of {len(raw_seeds) + total})")
                    break
                seed = raw_seeds[i % len(raw_seeds)]
                body = seed if i < len(raw_seeds) else radamsa.fuzz(seed, seed=i, max_mut=max(4 * len(seed), 8192))
                try:
                    status, data = client.request(method, path, body=body, headers=headers)
                except socket.timeout:
                    failures.append(f"{method} {path}: no answer within {REQUEST_TIMEOUT} s (body {i})")
                    status = "timeout"
                except (ConnectionError, http.client.HTTPException) as error:
                    if process.poll() is not None:
                        failures.append(f"{method} {path}: the service died on body {i}")
                        open(os.path.join(workdir, f"killer-{i}.bin"), "wb").write(body)
                        raise SystemExit(1)
                    status = f"closed:{type(error).__name__}"
                statuses[status] = statuses.get(status, 0) + 1
                if isinstance(status, int) and status >= 500:
                    name = os.path.join(workdir, f"5xx-{len(failures)}.bin")
                    open(name, "wb").write(body)
                    failures.append(f"{method} {path}: {status} for body {i} (saved as {name}): {data[:200]!r}")
                if stored is not None:
                    now = client.request("GET", path, headers=auth)[1]
                    if isinstance(status, int) and status >= 400 and now != stored:
                        name = os.path.join(workdir, f"changed-{len(failures)}.bin")
                        open(name, "wb").write(body)
                        failures.append(f"{method} {path}: answered {status} but changed the item (body {i}, saved as {name})")
                    stored = now
            counts[f"{method} {path}"] = statuses
            print(f"{method} {path}: {sum(statuses.values())} bodies, statuses {dict(sorted(statuses.items(), key=str))}")
        alive = process.poll() is None
        healthy = alive and client.request("GET", "/health/live")[0] == 200
        if not healthy:
            failures.append("the service is not alive and healthy at the end")
    finally:
        client.close()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    for failure in failures[:50]:
        print("  FAIL", failure)
    total = sum(sum(statuses.values()) for statuses in counts.values())
    print(f"mutation fuzzing: {total} bodies in {time.monotonic() - started:.0f} s, {len(failures)} failures (log: {workdir}/server.log)")
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
