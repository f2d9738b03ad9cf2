import Foundation

/// Everything the rules know from a patient's conditions alone, worked out once per condition
/// set of one knowledge snapshot: the dysfunction's scope and the conditions behind it, the
/// cautions, the expected responses, and the evaluation (with its explanation) of every
/// predicate in the rule set that asks only about the conditions.
///
/// Advice for two patients with the same conditions differs only in what the profile adds
/// (regions, phase, flare, trend, factors, medications), so a caller may share one analysis
/// across them (`RecommendationEngine.advise(_:given:)`). The predicates that read the profile
/// are never part of it (`Predicate.asksOnlyAboutConditions`).
public struct ConditionAnalysis: Sendable {
    /// The condition slugs analysed (sorted and de-duplicated, as in `PatientProfile`).
    public let conditionSlugs: [String]
    /// The knowledge snapshot analysed against (`KnowledgeBase.version`).
    public let knowledgeBaseVersion: String
    let conditions: [Condition]
    let facts: ConditionFacts
    let evaluations: [Predicate: RuleContext.Evaluation]

    init(knowledge: KnowledgeBase, ruleSet: RuleSet, conditionSlugs: [String]) {
        let profile = PatientProfile(conditionSlugs: conditionSlugs)
        let conditions = profile.conditionSlugs.compactMap { knowledge.condition($0) }
        let context = RuleContext(knowledge: knowledge, profile: profile, conditions: conditions)
        var evaluations: [Predicate: RuleContext.Evaluation] = [:]
        for predicate in Self.conditionPredicates(of: ruleSet) where evaluations[predicate] == nil {
            evaluations[predicate] = context.evaluate(predicate)
        }
        self.conditionSlugs = profile.conditionSlugs
        knowledgeBaseVersion = knowledge.version
        self.conditions = conditions
        self.evaluations = evaluations
        facts = ConditionFacts(context)
    }

    /// The predicates asking only about the conditions, wherever they sit in the rules, and the
    /// two that decide the dysfunction's scope.
    static func conditionPredicates(of ruleSet: RuleSet) -> [Predicate] {
        func leaves(_ predicate: Predicate) -> [Predicate] {
            switch predicate {
            case .all(let predicates), .any(let predicates): predicates.flatMap(leaves)
            case .not(let inner): leaves(inner)
            default: predicate.asksOnlyAboutConditions ? [predicate] : []
            }
        }
        return [.anySiteDysfunction(nil), .painfulRegionDysfunction(nil)] + ruleSet.rules.flatMap { leaves($0.when) }
    }
}
