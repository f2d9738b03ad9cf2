import Foundation
import AnalgesiaKnowledge

/// Code system identifiers as EHRs send them, mapped at the FHIR boundary onto the canonical URIs
/// the knowledge uses. FHIR R4 names SNOMED CT, ICD-10-CM and ICD-10 by URI, but many EHRs still
/// send the HL7 OIDs (`urn:oid:…`) they used in CDA and v2.
enum FHIRCodeSystem {
    static let cpt = "http://www.ama-assn.org/go/cpt"

    /// HL7 OIDs of the code systems the service reads, and their FHIR URIs.
    static let oids: [String: String] = [
        "2.16.840.1.113883.6.96": CodeSystem.snomedCT.rawValue,  // SNOMED CT
        "2.16.840.1.113883.6.90": CodeSystem.icd10CM.rawValue,  // ICD-10-CM
        "2.16.840.1.113883.6.3": CodeSystem.icd10.rawValue,  // ICD-10 (WHO)
        "2.16.840.1.113883.6.12": cpt,  // CPT-4
    ]

    /// The canonical URI of `system`: an OID form (`urn:oid:2.16.840.1.113883.6.96`, any case) maps
    /// to its URI; anything else is returned trimmed, as sent.
    static func canonical(_ system: String) -> String {
        // The common case, a URI as sent, without Foundation's (slow) trimming: this runs for
        // every coding of hundreds of Conditions.
        if let first = system.utf8.first, first != UInt8(ascii: "u"), first != UInt8(ascii: "U"), first > 0x20,
            let last = system.utf8.last, last > 0x20
        {
            return system
        }
        let trimmed = system.trimmingCharacters(in: .whitespaces)
        let prefix = "urn:oid:"
        guard trimmed.count > prefix.count, trimmed.prefix(prefix.count).lowercased() == prefix else { return trimmed }
        return oids[String(trimmed.dropFirst(prefix.count))] ?? trimmed
    }

    /// The knowledge's code system for a coding's `system`, if it is one the knowledge codes with.
    static func knowledgeSystem(_ system: String?) -> CodeSystem? {
        system.flatMap { CodeSystem(rawValue: canonical($0)) }
    }
}
