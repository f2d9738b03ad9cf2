import AnalgesiaAPI
import Foundation

extension CDSCardBuilder {
    /// Said whenever the patient's problem list may be missing Conditions (a page that could not
    /// be read, a bound reached): advice given, or not given, from part of the list must not look
    /// like advice from all of it.
    func incompleteProblemListCard(reason: String, considered: Int, origin: String) -> Components.Schemas.CDSCard {
        .init(
            uuid: UUID().uuidString.lowercased(),
            summary: Self.clamp("Problem list incomplete: exercise-analgesia advice considered \(considered) entries only"),
            detail: """
                The patient's Conditions came from \(origin), but \(reason). Covered conditions among the \
                Conditions that were not read are not reflected in any advice here; check the full problem list.
                """,
            indicator: .info,
            source: .init(label: Self.sourceLabel)
        )
    }
}
