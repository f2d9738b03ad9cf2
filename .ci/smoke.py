#!/usr/bin/env python3
"""Smoke-tests the real release binary: starts it on a free loopback port with a fresh database,
from a working directory that is not the repository, calls every endpoint with curl, checks the
answers, then stops it by its pid with SIGTERM and expects a clean exit.

Usage: .ci/smoke.py PATH/TO/exercise-analgesia
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import check, failures, free_port  # noqa: E402


def curl(base, path, method="GET", headers=(), data=None):
    """One request through curl; returns (status, headers dict, body text)."""
    command = ["curl", "-sS", "--max-time", "10", "-X", method, "-D", "-", f"{base}{path}"]
    if data is not None:
        command += ["--data-binary", data]
    if method == "HEAD":
        command = ["curl", "-sS", "--max-time", "10", "-I", f"{base}{path}"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command, capture_output=True, check=True).stdout.decode("utf-8")
    head, _, body = output.partition("\r\n\r\n")
    lines = head.split("\r\n")
    status = int(lines[0].split()[1])
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return status, fields, body


def json_of(body):
    try:
        return json.loads(body)
    except ValueError:
        return None


def main():
    binary = os.path.abspath(sys.argv[1])
    workdir = tempfile.mkdtemp(prefix="ea-smoke-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = os.path.join(workdir, "server.log")
    log = open(log_path, "w")
    process = subprocess.Popen(
        [binary, "--http-host", "127.0.0.1", "--http-port", str(port), "--db-path", os.path.join(workdir, "db", "kb.sqlite")],
        cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    print(f"started pid {process.pid} on {base} in {workdir}")
    try:
        started = time.monotonic()
        ready = False
        while time.monotonic() - started < 30:
            if process.poll() is not None:
                break
            try:
                status, _, _ = curl(base, "/health/ready")
                if status == 200:
                    ready = True
                    break
            except subprocess.CalledProcessError:
                pass
            time.sleep(0.1)
        check(ready, "the service became ready within 30 s")
        if not ready:
            return
        print(f"ready after {time.monotonic() - started:.2f} s")

        status, _, body = curl(base, "/health/live")
        check(status == 200 and json_of(body) == {"status": "ok"}, "GET /health/live")
        status, _, body = curl(base, "/openapi.yaml")
        check(status == 200 and body.startswith("openapi: 3.1.0"), "GET /openapi.yaml")

        status, headers, body = curl(base, "/v1/knowledge-base")
        kb = json_of(body) or {}
        version = headers.get("knowledge-base-version", "")
        check(status == 200 and kb.get("version") == version and version.startswith("2.0.1+"), "GET /v1/knowledge-base")
        check(kb.get("counts") == {"conditions": 8, "mechanisms": 17, "findings": 61, "guidelines": 21}, "knowledge counts")

        expectations = [
            ("/v1/conditions?limit=100", lambda j: len(j["data"]) == 8),
            ("/v1/conditions/fibromyalgia", lambda j: any(
                c["exerciseType"] == "isometric" and c["site"] == "any" and c["response"] == "hyperalgesia" for c in j["eaProfile"])),
            ("/v1/conditions?code=http://hl7.org/fhir/sid/icd-10-cm%7CM17.11", lambda j: [c["slug"] for c in j["data"]] == ["osteoarthritis"]),
            ("/v1/mechanisms?limit=100", lambda j: len(j["data"]) == 17),
            ("/v1/mechanisms/nitric-oxide", lambda j: j["verdict"] == "not-supported"),
            ("/v1/findings?limit=100", lambda j: len(j["data"]) == 61),
            ("/v1/findings?condition=chronic-low-back-pain&response=hypoalgesia", lambda j: len(j["data"]) >= 2),
            ("/v1/findings/staud-2005-unilateral-isometric-30-mvc", lambda j: j["references"][0]["number"] == 47),
            ("/v1/guidelines?limit=100", lambda j: len(j["data"]) == 21),
            ("/v1/guidelines/no-grading-on-major-flare", lambda j: j["tablePosition"] == 12 and "NG206" in j["cautions"][0]),
            ("/v1/search?q=isometric%20fibromyalgia", lambda j: "<mark>" in j["data"][0]["snippet"]),
        ]
        for path, predicate in expectations:
            status, headers, body = curl(base, path)
            document = json_of(body)
            try:
                good = status == 200 and predicate(document)
            except (KeyError, IndexError, TypeError):
                good = False
            check(good, f"GET {path} -> {status}")
            check(headers.get("knowledge-base-version") == version, f"GET {path} carries the knowledge-base version")
            etag = headers.get("etag", "")
            check(etag.startswith('"') and etag.endswith('"'), f"GET {path} has a strong ETag ({etag})")
            status, _, _ = curl(base, path, headers=[f"If-None-Match: {etag}"])
            check(status == 304, f"GET {path} with If-None-Match -> {status}")

        profile = '{"conditions":["http://hl7.org/fhir/sid/icd-10-cm|M79.7","chronic-low-back-pain"],"painfulRegions":["widespread"]}'
        status, headers, body = curl(base, "/v1/recommendations", method="POST", data=profile,
                                     headers=["Content-Type: application/json"])
        advice = json_of(body) or {}
        aerobic = [e for e in advice.get("expectedResponses", []) if e["exerciseType"] == "aerobic" and e["site"] == "any"]
        check(status == 200 and headers.get("knowledge-base-version") == version, "POST /v1/recommendations")
        check(aerobic and aerobic[0]["response"] != "hypoalgesia", "fibromyalgia with low back pain is not promised aerobic hypoalgesia")
        check(any(r["guideline"] == "low-intensity-in-fibromyalgia" for r in advice.get("recommendations", [])),
              "fibromyalgia gets low-intensity advice")
        status, _, again = curl(base, "/v1/recommendations", method="POST", data=profile, headers=["Content-Type: application/json"])
        check(again == body, "recommendations are byte-identical for the same request")
        status, _, body = curl(base, "/v1/recommendations", method="POST", data='{"conditions":["fibromyalga"]}',
                               headers=["Content-Type: application/json"])
        check(status == 422 and "fibromyalgia" in (json_of(body) or {}).get("suggestions", []), "unknown condition -> 422 with suggestion")
        status, _, body = curl(base, "/v1/recommendations", method="POST",
                               data='{"conditions":["http://hl7.org/fhir/sid/icd-10-cm|S13.4XXA"]}',
                               headers=["Content-Type: application/json"])
        check(status == 422 and "initial-encounter" in (json_of(body) or {}).get("detail", ""),
              "an acute initial-encounter code -> 422 saying why")
        status, _, body = curl(base, "/v1/recommendations", method="POST", data='{"conditions":["shoulder-myalgia"]}',
                               headers=["Content-Type: application/json"])
        myalgia = json_of(body) or {}
        check(status == 200 and myalgia.get("dysfunctionScope") == "painful-region"
              and not any(r["guideline"] == "tailor-to-prevent-flares" for r in myalgia.get("recommendations", [])),
              "shoulder myalgia gets site-specific advice only")

        status, headers, body = curl(base, "/metrics")
        check(status == 200 and "knowledge_base_info" in body and "hb_requests" in body, "GET /metrics")

        status, _, body = curl(base, "/cds-services")
        check(status == 200 and len((json_of(body) or {}).get("services", [])) == 2, "GET /cds-services")
        status, headers, body = curl(base, "/cds-services/exercise-analgesia-patient-view", method="POST",
                                     data='{"hook":"patient-view","hookInstance":"x","context":{"patientId":"1"}}',
                                     headers=["Content-Type: application/json"])
        check(status == 401 and headers.get("www-authenticate", "").startswith("Bearer"),
              "an unsigned CDS Hooks call is refused by default")

        status, headers, _ = curl(base, "/v1/conditions/fibromyalgia", method="HEAD")
        check(status == 200 and "etag" in headers, "HEAD /v1/conditions/fibromyalgia")

        problems = [
            ("GET", "/v1/conditions/migraine", 404),
            ("GET", "/v1/findings?limit=0", 400),
            ("GET", "/v1/findings?limit=999999", 400),
            ("GET", "/v1/findings?cursor=junk", 400),
            ("GET", "/v1/findings?colour=red", 400),
            ("GET", "/v1/search?q=" + "a" * 10000, 400),
            ("DELETE", "/v1/knowledge-base", 405),
            ("POST", "/v1/conditions", 401),
            ("GET", "/no/such/path", 404),
        ]
        for method, path, expected in problems:
            status, headers, body = curl(base, path, method=method)
            problem = json_of(body) or {}
            check(status == expected and headers.get("content-type", "").startswith("application/problem+json")
                  and problem.get("status") == expected and problem.get("detail"),
                  f"{method} {path[:60]} -> {status} problem+json")

        # Curated writes through the real binary: a key made by the CLI on the live database.
        db_path = os.path.join(workdir, "db", "kb.sqlite")
        created = subprocess.run([binary, "keys", "create", "--name", "smoke", "--role", "curator", "--db-path", db_path],
                                 capture_output=True, text=True, cwd=workdir)
        token = next((line.split()[1] for line in created.stdout.splitlines() if line.startswith("token:")), "")
        check(created.returncode == 0 and token.startswith("eak_"), "keys create prints a token")
        listed = subprocess.run([binary, "keys", "list", "--db-path", db_path], capture_output=True, text=True, cwd=workdir)
        check(listed.returncode == 0 and "curator" in listed.stdout and token not in listed.stdout, "keys list never shows tokens")
        auth = f"Authorization: Bearer {token}"
        item = ('{"slug":"smoke-mechanism","name":"Smoke","summary":"Made by the smoke test.",'
                '"verdict":"hypothesized","verdictRationale":"Testing only.","locator":"biology/p6","basis":"hypothesis"}')
        status, headers, body = curl(base, "/v1/mechanisms", method="POST", data=item,
                                     headers=[auth, "Content-Type: application/json", "Idempotency-Key: smoke-1"])
        check(status == 201 and headers.get("location") == "/v1/mechanisms/smoke-mechanism", f"POST /v1/mechanisms -> {status}")
        etag = headers.get("etag", "")
        status, again, _ = curl(base, "/v1/mechanisms", method="POST", data=item,
                                headers=[auth, "Content-Type: application/json", "Idempotency-Key: smoke-1"])
        check(status == 201 and again.get("etag") == etag, "a retried create answers the first result")
        status, _, _ = curl(base, "/v1/mechanisms/smoke-mechanism", method="PATCH", data='{"verdict":"unclear"}',
                            headers=[auth, "Content-Type: application/merge-patch+json"])
        check(status == 428, f"PATCH without If-Match -> {status}")
        status, headers, body = curl(base, "/v1/mechanisms/smoke-mechanism", method="PATCH", data='{"verdict":"unclear"}',
                                     headers=[auth, "Content-Type: application/merge-patch+json", f"If-Match: {etag}"])
        check(status == 200 and (json_of(body) or {}).get("version") == 2, f"PATCH with If-Match -> {status}")
        status, _, _ = curl(base, "/v1/mechanisms/smoke-mechanism", method="DELETE", headers=[auth, f"If-Match: {etag}"])
        check(status == 412, f"DELETE with a stale If-Match -> {status}")
        status, _, _ = curl(base, "/v1/mechanisms/smoke-mechanism", method="DELETE", headers=[auth, f"If-Match: {headers.get('etag')}"])
        check(status == 204, f"DELETE -> {status}")
        status, _, _ = curl(base, "/v1/mechanisms/smoke-mechanism")
        check(status == 410, f"GET a deleted item -> {status}")
        status, _, body = curl(base, "/v1/mechanisms/smoke-mechanism/history")
        check(status == 200 and [e["operation"] for e in (json_of(body) or {}).get("data", [])] == ["delete", "patch", "create"],
              "the history lists delete, patch, create")
        status, headers, body = curl(base, "/v1/export")
        check(status == 200 and body.startswith('{"exportedAt"') and len(body.splitlines()) > 100, "GET /v1/export")
        log.flush()
        check(token not in open(log_path).read(), "the token never reaches the log")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=15)
            check(code == 0, f"exit code after SIGTERM is 0 (got {code})")
        except subprocess.TimeoutExpired:
            process.kill()
            check(False, "the service stopped within 15 s of SIGTERM")
        log.close()
        if failures:
            print("---- server log ----")
            print(open(log_path).read()[-4000:])


if __name__ == "__main__":
    main()
    if failures:
        print(f"smoke test: {len(failures)} failure(s)")
        sys.exit(1)
    print("smoke test: all checks passed")
