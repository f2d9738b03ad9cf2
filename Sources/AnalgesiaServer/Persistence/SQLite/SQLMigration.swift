import Foundation

/// One numbered SQL file of Migrations/; its name without `.sql` is the migration id.
struct SQLMigration: Sendable, Hashable {
    let identifier: String
    let sql: String

    /// The migrations compiled into this executable (Package.swift embeds every Migrations/*.sql;
    /// `MigrationTests` fails when a file is missing from this list or out of order).
    static func bundled() throws -> [SQLMigration] {
        let embedded: [(String, [UInt8])] = [
            ("0001_schema", PackageResources._001_schema_sql),
            ("0002_source_and_conditions", PackageResources._002_source_and_conditions_sql),
            ("0003_mechanisms_and_findings", PackageResources._003_mechanisms_and_findings_sql),
            ("0004_ea_profiles_and_guidelines", PackageResources._004_ea_profiles_and_guidelines_sql),
            ("0005_change_tracking", PackageResources._005_change_tracking_sql),
            ("0006_cds_feedback", PackageResources._006_cds_feedback_sql),
            ("0007_curation", PackageResources._007_curation_sql),
            ("0008_knowledge_fidelity", PackageResources._008_knowledge_fidelity_sql),
            ("0009_knowledge_2_0_1", PackageResources._009_knowledge_2_0_1_sql),
        ]
        return try embedded.map { identifier, bytes in
            guard let sql = String(bytes: bytes, encoding: .utf8) else { throw MissingResourceError(name: identifier) }
            return SQLMigration(identifier: identifier, sql: sql)
        }
    }
}
