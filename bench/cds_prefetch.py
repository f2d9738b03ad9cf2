#!/usr/bin/env python3
"""CPU cost of a CDS Hooks call by problem-list size: starts the release binary on a free
loopback port (unsigned calls allowed, no rate limit), posts patient-view calls whose prefetch
holds N Conditions with narratives, and reads the server's own CPU time (utime + stime from
/proc/PID/stat) around them, so the client's work does not count. Prints CPU per call and per
Condition. Not part of CI (timings belong in bench/, not in tests). Stops the server by its pid.

Usage: bench/cds_prefetch.py PATH/TO/exercise-analgesia [calls-per-size]
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

NARRATIVE = "Recorded at the pain clinic; history reviewed with the patient. " * 24


def condition(i, code, narrative):
    text = NARRATIVE if narrative else "Condition"
    return {"fullUrl": f"https://ehr.example.org/fhir/Condition/c{i}", "resource": {
        "resourceType": "Condition", "id": f"c{i}", "meta": {"versionId": "3", "lastUpdated": "2026-11-01T10:00:00.000Z"},
        "text": {"status": "generated", "div": f"<div xmlns=\"http://www.w3.org/1999/xhtml\">{text}</div>"},
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
        "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": "problem-list-item"}]}],
        "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": code, "display": "x"}], "text": "x"},
        "subject": {"reference": "Patient/1288992"}, "onsetDateTime": "2019-05-01", "recordedDate": "2019-06-01",
        "note": [{"text": text}]}}


def body(count, narrative=True):
    entries = [condition(i, f"J45.{i % 10}", narrative) for i in range(count - 1)] + [condition(count, "M79.7", narrative)]
    return json.dumps({"hook": "patient-view", "hookInstance": "bench", "context": {"userId": "Practitioner/1", "patientId": "1288992"},
                       "prefetch": {"conditions": {"resourceType": "Bundle", "type": "searchset", "total": count, "entry": entries}}}).encode()


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    binary = os.path.abspath(sys.argv[1])
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    workdir = tempfile.mkdtemp(prefix="ea-bench-cds-")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([binary, "--http-host", "127.0.0.1", "--http-port", str(port), "--db-path", os.path.join(workdir, "kb.sqlite"),
                                "--cds-allow-unsigned", "--rate-requests-per-second", "0", "--log-level", "error"],
                               cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", "/health/ready")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        print(f"| Conditions | narratives | body | server CPU per call | per Condition |")
        print(f"|---:|---|---:|---:|---:|")
        for count, narrative in ((1, True), (50, True), (500, True), (500, False)):
            payload = body(count, narrative)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for _ in range(3):  # warm up
                connection.request("POST", "/cds-services/exercise-analgesia-patient-view", body=payload, headers={"Content-Type": "application/json"})
                connection.getresponse().read()
            before = cpu_seconds(process.pid)
            for _ in range(calls):
                connection.request("POST", "/cds-services/exercise-analgesia-patient-view", body=payload, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                data = response.read()
                assert response.status == 200, (response.status, data[:200])
            per_call = (cpu_seconds(process.pid) - before) / calls
            print(f"| {count} | {'~4 KB each' if narrative else 'short'} | {len(payload) / 1024:.0f} KiB | {per_call * 1000:.2f} ms | {per_call / count * 1e6:.1f} µs |")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    main()
