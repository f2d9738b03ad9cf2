#!/usr/bin/env python3
"""Validates every FHIR resource the service emits with an independent FHIR R4 validator: the
`fhir.resources` package's R4B models (pydantic). Starts the release binary on a free loopback
port (unsigned hook calls allowed), sends order-select calls whose update suggestions carry a
ServiceRequest (each trigger code, orders with and without notes, with the members EHRs send),
and validates each suggested resource. The service emits no other FHIR resource (no
OperationOutcome: its errors are RFC 9457 problems); the script fails if a card carries any
resource type it does not validate. Stops the binary by its pid.

Usage: .ci/fhir_validate.py PATH/TO/exercise-analgesia
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import free_port  # noqa: E402

from fhir.resources.R4B.servicerequest import ServiceRequest

VALIDATORS = {"ServiceRequest": ServiceRequest}

TRIGGERS = [
    ("http://snomed.info/sct", "229065009"),
    ("http://snomed.info/sct", "91251008"),
    ("http://www.ama-assn.org/go/cpt", "97110"),
    ("http://www.ama-assn.org/go/cpt", "97112"),
    ("http://www.ama-assn.org/go/cpt", "97113"),
    ("http://www.ama-assn.org/go/cpt", "97530"),
    ("http://www.ama-assn.org/go/cpt", "97150"),
    ("urn:oid:2.16.840.1.113883.6.12", "97110"),
]

CONDITIONS = {
    "resourceType": "Bundle",
    "type": "searchset",
    "entry": [
        {"resource": {"resourceType": "Condition", "id": code.replace(".", ""),
                      "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                      "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": code}]},
                      "subject": {"reference": "Patient/1288992"}}}
        for code in ("M79.7", "M17.11", "M54.50")
    ],
}


def orders():
    """Draft ServiceRequests as EHRs send them: minimal, with notes, with timing and performer."""
    for system, code in TRIGGERS:
        base = {"resourceType": "ServiceRequest", "id": "exercise-1", "status": "draft", "intent": "order",
                "code": {"coding": [{"system": system, "code": code, "display": "Exercise"}], "text": "Exercise therapy"},
                "subject": {"reference": "Patient/1288992"}}
        yield base
        yield dict(base, note=[{"text": "Earlier note", "authorString": "Dr A", "time": "2026-11-30T10:00:00Z"}],
                   occurrenceTiming={"repeat": {"frequency": 2, "period": 1, "periodUnit": "wk"}},
                   requester={"reference": "Practitioner/example", "display": "Dr Adam Careful"},
                   authoredOn="2026-11-30", priority="routine", category=[{"coding": [{"system": "http://snomed.info/sct", "code": "386053000"}]}],
                   meta={"lastUpdated": "2026-11-30T10:00:00.123Z"}, extension=[{"url": "http://example.org/x", "valueString": "y"}])


def post(base, path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def main():
    binary = os.path.abspath(sys.argv[1])
    workdir = tempfile.mkdtemp(prefix="ea-fhir-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(workdir, "server.log"), "w")
    process = subprocess.Popen([binary, "--http-host", "127.0.0.1", "--http-port", str(port), "--db-path",
                                os.path.join(workdir, "kb.sqlite"), "--cds-allow-unsigned", "--rate-requests-per-second", "0",
                                "--cds-public-url", "https://cds.example.org"], cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    failures, validated = [], 0
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/health/ready", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("the service did not become ready")
        for order in orders():
            body = {"hook": "order-select", "hookInstance": "fhir-validation",
                    "context": {"userId": "Practitioner/example", "patientId": "1288992", "selections": ["ServiceRequest/exercise-1"],
                                "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": order}]}},
                    "prefetch": {"conditions": CONDITIONS}}
            ServiceRequest.model_validate(order)  # the input is valid, so any error is the service's
            cards = post(base, "/cds-services/exercise-analgesia-order-select", body)["cards"]
            if not cards:
                failures.append(f"no card for {order['code']['coding'][0]}")
            for card in cards:
                for suggestion in card.get("suggestions", []):
                    for action in suggestion.get("actions", []):
                        resource = action.get("resource")
                        if resource is None:
                            continue
                        validator = VALIDATORS.get(resource.get("resourceType"))
                        if validator is None:
                            failures.append(f"unvalidated resource type {resource.get('resourceType')}")
                            continue
                        try:
                            validator.model_validate(resource)
                            validated += 1
                        except Exception as error:  # pydantic.ValidationError
                            failures.append(f"{resource.get('resourceType')} invalid: {error}")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    for failure in failures:
        print("  FAIL", failure)
    print(f"{validated} emitted FHIR resources valid against fhir.resources R4B, {len(failures)} failures")
    print(f"{validated} passed, {len(failures)} failed")
    sys.exit(1 if failures or validated == 0 else 0)


if __name__ == "__main__":
    main()
