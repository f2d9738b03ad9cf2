import Foundation

/// What `check` and `backup` report about a database file.
struct DatabaseReport: CustomStringConvertible {
    var path: String
    var integrity: [String]
    var foreignKeyViolations: Int
    var appliedMigrations: [String]
    var missingMigrations: [String]
    var knowledgeBaseSemver: String?
    var bytes: Int64

    var isHealthy: Bool { integrity == ["ok"] && foreignKeyViolations == 0 }

    var description: String {
        """
        database:        \(path) (\(bytes) bytes)
        integrity_check: \(integrity.prefix(10).joined(separator: "; "))
        foreign keys:    \(foreignKeyViolations == 0 ? "ok" : "\(foreignKeyViolations) violations")
        migrations:      \(appliedMigrations.count) applied\(missingMigrations.isEmpty ? "" : ", not yet applied: \(missingMigrations.joined(separator: ", "))")
        knowledge base:  \(knowledgeBaseSemver ?? "none")
        status:          \(isHealthy ? "healthy" : "DAMAGED")
        """
    }
}
