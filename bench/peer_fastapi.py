"""A peer for the bench only, not part of the product: the FastAPI + pydantic patient-view hook
an integrator might write instead of running the service (parse the bundle into models, map
codes with a dict, return one card). `bench/bench.py BINARY --peer` runs it side by side with
the release binary on the same distinct-patient load; it is deliberately naive (exact codes,
no knowledge base, no advice) and does no artificial extra work.

Run it alone (after `pip install fastapi uvicorn pydantic`):
    python3 -m uvicorn peer_fastapi:app --app-dir bench --host 127.0.0.1 --port N --workers 1 --log-level warning
"""

import uuid
from typing import Any, Optional

from fastapi import FastAPI
from pydantic import BaseModel


class Coding(BaseModel):
    system: Optional[str] = None
    code: Optional[str] = None
    display: Optional[str] = None


class CodeableConcept(BaseModel):
    coding: list[Coding] = []
    text: Optional[str] = None


class Reference(BaseModel):
    reference: Optional[str] = None


class Condition(BaseModel):
    resourceType: str = "Condition"
    id: Optional[str] = None
    code: Optional[CodeableConcept] = None
    clinicalStatus: Optional[CodeableConcept] = None
    verificationStatus: Optional[CodeableConcept] = None
    subject: Optional[Reference] = None


class Entry(BaseModel):
    resource: Condition


class Bundle(BaseModel):
    resourceType: str = "Bundle"
    entry: list[Entry] = []


class Prefetch(BaseModel):
    conditions: Optional[Bundle] = None


class HookRequest(BaseModel):
    hook: str
    hookInstance: str
    context: dict[str, Any] = {}
    prefetch: Prefetch = Prefetch()


ICD10CM, SNOMED, ICD10CM_OID = "http://hl7.org/fhir/sid/icd-10-cm", "http://snomed.info/sct", "urn:oid:2.16.840.1.113883.6.90"
CODES = {  # (system, code upper-cased without dots) -> condition
    (ICD10CM, "M797"): "fibromyalgia", (SNOMED, "203082005"): "fibromyalgia",
    (ICD10CM, "M5450"): "chronic-low-back-pain", (ICD10CM, "M1711"): "osteoarthritis",
    (ICD10CM, "M069"): "rheumatoid-arthritis", (ICD10CM, "M542"): "chronic-neck-pain",
    (ICD10CM, "G9332"): "chronic-fatigue-syndrome", (ICD10CM_OID, "G9332"): "chronic-fatigue-syndrome",
    (ICD10CM, "S134XXS"): "chronic-whiplash-associated-disorders",
}
EXCLUDED = {"inactive", "resolved", "remission", "refuted", "entered-in-error"}

app = FastAPI()


@app.post("/cds-services/exercise-analgesia-patient-view")
async def patient_view(request: HookRequest) -> dict:
    matched: list[str] = []
    for entry in request.prefetch.conditions.entry if request.prefetch.conditions else []:
        condition = entry.resource
        statuses = [c.code for s in (condition.clinicalStatus, condition.verificationStatus) if s for c in s.coding]
        if condition.code is None or EXCLUDED.intersection(statuses):
            continue
        for coding in condition.code.coding:
            slug = CODES.get((coding.system, (coding.code or "").upper().replace(".", "")))
            if slug and slug not in matched:
                matched.append(slug)
    if not matched:
        return {"cards": []}
    return {"cards": [{
        "uuid": str(uuid.uuid4()), "indicator": "info", "source": {"label": "peer"},
        "summary": "Exercise advice for " + ", ".join(matched),
        "detail": "Graded exercise is recommended for: " + ", ".join(matched) + ".",
    }]}
