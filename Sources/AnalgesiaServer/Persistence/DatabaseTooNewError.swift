/// The database was migrated by a newer build than this one.
struct DatabaseTooNewError: Error, CustomStringConvertible {
    var unknownMigrations: [String]
    var description: String {
        "The database has migrations this build does not know (\(unknownMigrations.joined(separator: ", "))); run a newer build or restore a backup."
    }
}
