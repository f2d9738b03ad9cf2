import Foundation

/// The parts of the advice that depend only on the patient's conditions.
struct ConditionFacts: Sendable {
    let scope: DysfunctionScope
    /// The conditions (slugs) that give the dysfunction its scope.
    let driving: [String]
    let cautions: [String]
    /// Set when no condition has dysfunctional analgesia: rules written for it are then applied
    /// beyond the review, and the advice says so.
    let extensionNote: String?
    let expectedResponses: [ExpectedResponse]

    init(_ context: RuleContext) {
        let conditions = context.conditions
        scope = context.dysfunctionScope
        driving =
            switch scope {
            case .anySite: context.evaluate(.anySiteDysfunction(nil)).conditions.map(\.slug)
            case .painfulRegion: context.evaluate(.painfulRegionDysfunction(nil)).conditions.map(\.slug)
            case .none: []
            }
        cautions = conditions.compactMap(\.namedCaution)
        extensionNote = scope == .none ? Self.extensionNote(conditions) : nil
        expectedResponses = Self.expectedResponses(conditions, in: context.knowledge)
    }

    /// Says that a rule written for dysfunctional analgesia is applied to conditions without it.
    private static func extensionNote(_ conditions: [Condition]) -> String {
        "Table 1 and the practice text it belongs to are written for patients whose analgesia during exercise is dysfunctional; the review reports no such dysfunction for \(RecommendationEngine.names(conditions)). Applying this to them is clinical reasoning beyond the review."
    }

    /// Every exercise type at `any` site, plus the painful and non-painful sites where some
    /// condition's evidence tells them apart. Each condition's response carries its basis.
    private static func expectedResponses(_ conditions: [Condition], in knowledge: KnowledgeBase) -> [ExpectedResponse] {
        guard !conditions.isEmpty else { return [] }
        var responses: [ExpectedResponse] = []
        for type in ExerciseType.allCases {
            let distinguished = conditions.contains { condition in
                condition.eaStatements.contains { $0.exerciseType == type && $0.site != .any }
            }
            for site in distinguished ? Site.allCases : [.any] {
                let cells = conditions.compactMap { condition in
                    knowledge.eaCell(of: condition.slug, exerciseType: type, site: site).map { (condition, $0) }
                }
                guard let worst = cells.map(\.1.response).max(by: { $0.dysfunctionRank < $1.dysfunctionRank }) else { continue }
                let driving = cells.filter { $0.1.response == worst }
                let findings = Set(driving.flatMap(\.1.findingIDs)).sorted()
                let others = cells.filter { $0.1.response != worst }
                var rationale: String
                if worst == .unknown {
                    rationale = "The review reports no \(type.rawValue) exercise study for \(RecommendationEngine.names(driving.map(\.0)))."
                } else {
                    rationale = driving.map { "\($0.0.name): \($0.1.responseWithBasis)." }.joined(separator: " ")
                }
                if !others.isEmpty {
                    let rest = others.map { "\($0.0.name): \($0.1.responseWithBasis)" }.joined(separator: "; ")
                    rationale += " Also \(rest); the least favourable response is expected."
                }
                rationale += " " + KnowledgeBase.acuteOnlyNote
                responses.append(
                    ExpectedResponse(
                        exerciseType: type,
                        site: site,
                        response: worst,
                        basis: driving.map(\.1.basis).max { $0.strength < $1.strength } ?? .notStudied,
                        conditions: cells.map {
                            ConditionResponse(
                                condition: $0.0.slug,
                                response: $0.1.response,
                                evidenceBasis: $0.1.evidenceBasis,
                                stated: $0.1.stated,
                                basis: $0.1.basis,
                                qualifier: $0.1.qualifier,
                                locator: $0.1.locator,
                                references: $0.1.references
                            )
                        },
                        findingIDs: findings,
                        rationale: rationale
                    )
                )
            }
        }
        return responses
    }
}
