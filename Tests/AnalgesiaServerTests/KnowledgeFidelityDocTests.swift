import AnalgesiaKnowledge
import Foundation
import Testing

@testable import AnalgesiaServer

/// docs/knowledge-fidelity.md lists every claim the service serves with its locator and basis;
/// this suite keeps the page and the data in step.
@Suite("docs/knowledge-fidelity.md")
struct KnowledgeFidelityDocTests {
    struct Row: Hashable {
        var locator: String
        var basis: String
    }

    /// `kind/id` → the page's locator and basis.
    static func rows() throws -> [String: Row] {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/knowledge-fidelity.md"), encoding: .utf8)
        var rows: [String: Row] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 6, ["ea-statement", "mechanism", "finding", "guideline", "rule"].contains(cells[1]) else { continue }
            let strip = { (cell: String) in cell.trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
            let key = "\(cells[1])/\(strip(cells[2]))"
            #expect(rows[key] == nil, "\(key) is listed twice")
            rows[key] = Row(locator: strip(cells[3]), basis: strip(cells[4]))
        }
        return rows
    }

    /// `kind/id` → what the service serves.
    static func served() async throws -> [String: Row] {
        let knowledge = try await seededKnowledge().1.knowledge
        var served: [String: Row] = [:]
        for condition in knowledge.conditions {
            for statement in condition.eaStatements {
                served["ea-statement/\(condition.slug)/\(statement.exerciseType.rawValue)/\(statement.site.rawValue)"] = Row(
                    locator: statement.locator?.description ?? "",
                    basis: statement.evidenceBasis.claimBasis.rawValue
                )
            }
        }
        for mechanism in knowledge.mechanisms {
            served["mechanism/\(mechanism.slug)"] = Row(locator: mechanism.locator?.description ?? "", basis: mechanism.basis?.rawValue ?? "")
        }
        for finding in knowledge.findings {
            served["finding/\(finding.id)"] = Row(locator: finding.locator?.description ?? "", basis: finding.basis?.rawValue ?? "")
        }
        for guideline in knowledge.guidelines {
            served["guideline/\(guideline.slug)"] = Row(locator: guideline.locator?.description ?? "", basis: guideline.basis.rawValue)
        }
        for rule in RuleSet.current.rules {
            served["rule/\(rule.id)"] = Row(locator: rule.locator.description, basis: rule.basis.rawValue)
        }
        return served
    }

    @Test("every served claim is listed once, with the locator and basis the service serves")
    func everyClaimListed() async throws {
        let rows = try Self.rows()
        let served = try await Self.served()
        #expect(served.count > 130)
        for (key, row) in served.sorted(by: { $0.key < $1.key }) {
            #expect(rows[key] == row, "\(key): the page says \(rows[key].map { "\($0)" } ?? "nothing"), the service serves \(row)")
        }
        let extra = Set(rows.keys).subtracting(served.keys)
        #expect(extra.isEmpty, "listed but not served: \(extra.sorted())")
    }
}
