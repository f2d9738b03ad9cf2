import AnalgesiaAPI

/// The FHIR R4 shapes the CDS Hooks endpoints read and write. They are declared in openapi.yaml
/// (the `FHIR…` schemas), so the generated server decodes a hook body once, straight into them:
/// members the service does not read are skipped, a wrong shape is a 400 naming the field, and a
/// `null` member counts as absent. A draft order keeps every member it was sent with, because an
/// update suggestion hands it back whole. What the values mean (statuses, code systems, trigger
/// codes) is decided in this folder, not by the types.
enum FHIR {
    /// A searchset Bundle, or the OperationOutcome an EHR sends when its query failed.
    typealias SearchResult = Components.Schemas.FHIRSearchResult
    typealias BundleEntry = Components.Schemas.FHIRBundleEntry
    typealias BundleLink = Components.Schemas.FHIRBundleLink
    /// A Condition (or any other resource: only its type is read then).
    typealias Resource = Components.Schemas.FHIRResource
    /// A draft order (ServiceRequest, MedicationRequest, …), kept whole.
    typealias DraftOrder = Components.Schemas.FHIRDraftOrder
    /// A Condition's CodeableConcept (unread members skipped).
    typealias CodeableConcept = Components.Schemas.FHIRCodeableConcept
    typealias Coding = Components.Schemas.FHIRCoding
    /// A draft order's code, kept whole.
    typealias OrderCodeableConcept = Components.Schemas.FHIROrderCodeableConcept
    typealias OrderCoding = Components.Schemas.FHIROrderCoding
    typealias Reference = Components.Schemas.FHIRReference
    typealias Annotation = Components.Schemas.FHIRAnnotation
    typealias OperationOutcomeIssue = Components.Schemas.FHIROperationOutcomeIssue
}
