import AnalgesiaKnowledge
import Foundation

/// Checks what the schema cannot: that an item's references name live items, that its lists have
/// no duplicates, that its codes belong to no other condition, that a code broader than the
/// studied population carries its caveat, and that a Table 1 guideline's locator is its item. Every problem is named (422;
/// 409 for a code another condition holds).
struct ReferenceValidator {
    let knowledge: KnowledgeBase

    func validate(_ item: CuratedItem) throws {
        var problems: [(String, String)] = []
        func require(_ field: String, _ value: String, in known: [String], kind: String) {
            if !known.contains(value) {
                let suggestions = KnowledgeBase.closest(to: value, among: known)
                problems.append((field, "names no live \(kind) ('\(value)').\(ProblemError.didYouMean(suggestions))"))
            }
        }
        func unique<Value: Hashable>(_ field: String, _ values: [Value]) {
            var seen = Set<Value>()
            for (index, value) in values.enumerated() where !seen.insert(value).inserted {
                problems.append(("\(field)[\(index)]", "repeats '\(value)'."))
            }
        }
        let content = knowledge.content
        let conditions = content.conditions.map(\.slug)
        let mechanisms = content.mechanisms.map(\.slug)
        let findings = content.findings.map(\.id)
        let populations = content.populations.map(\.slug)
        let sources = content.sources.map(\.id)

        switch item {
        case .condition(let condition):
            require("source", condition.sourceID, in: sources, kind: "source")
            unique("codes", condition.codes.map { "\($0.system.rawValue)|\($0.code)" })
            unique("eaStatements", condition.eaStatements.map { "\($0.exerciseType.rawValue)@\($0.site.rawValue)" })
            for (index, code) in condition.codes.enumerated() where code.scope != .exact && code.caveat == nil {
                problems.append(("codes[\(index)].caveat", "is required when scope is \(code.scope.rawValue): say what the clinician must confirm, or why the code is refused."))
            }
            for (index, statement) in condition.eaStatements.enumerated() {
                unique("eaStatements[\(index)].findings", statement.findingIDs)
                for (number, finding) in statement.findingIDs.enumerated() {
                    require("eaStatements[\(index)].findings[\(number)]", finding, in: findings, kind: "finding")
                }
            }
            guard problems.isEmpty else { throw ProblemError.invalidItem(problems) }
            for code in condition.codes {
                if let holder = content.conditions.first(where: { other in
                    other.slug != condition.slug && other.codes.contains { $0.system == code.system && $0.code == code.code }
                }) {
                    throw ProblemError.conflict(
                        "The code \(code.system.rawValue)|\(code.code) already belongs to the condition '\(holder.slug)'; a code identifies one condition."
                    )
                }
            }
        case .mechanism(let mechanism):
            require("source", mechanism.sourceID, in: sources, kind: "source")
        case .finding(let finding):
            require("source", finding.sourceID, in: sources, kind: "source")
            unique("conditions", finding.conditionSlugs)
            unique("mechanisms", finding.mechanismLinks.map(\.mechanismSlug))
            unique("references", finding.referenceNumbers)
            for (index, slug) in finding.conditionSlugs.enumerated() {
                require("conditions[\(index)]", slug, in: conditions, kind: "condition")
            }
            for (index, link) in finding.mechanismLinks.enumerated() {
                require("mechanisms[\(index)].slug", link.mechanismSlug, in: mechanisms, kind: "mechanism")
            }
            for (index, result) in finding.results.enumerated() {
                require("results[\(index)].population", result.populationSlug, in: populations, kind: "population")
            }
        case .guideline(let guideline):
            require("source", guideline.sourceID, in: sources, kind: "source")
            unique("conditions", guideline.conditionSlugs)
            unique("findings", guideline.findingIDs)
            for (index, slug) in guideline.conditionSlugs.enumerated() {
                require("conditions[\(index)]", slug, in: conditions, kind: "condition")
            }
            for (index, id) in guideline.findingIDs.enumerated() {
                require("findings[\(index)]", id, in: findings, kind: "finding")
            }
            if (guideline.origin == .table1) != (guideline.tablePosition != nil) {
                problems.append(("tablePosition", "is required when origin is table-1 and must be absent otherwise."))
            }
            if let position = guideline.tablePosition, guideline.origin == .table1, guideline.locator != .table1(position) {
                problems.append(("locator", "must be 'table-1/item-\(position)' for Table 1 item \(position)."))
            }
        }
        if !problems.isEmpty { throw ProblemError.invalidItem(problems) }
    }
}
