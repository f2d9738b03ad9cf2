import ArgumentParser

/// What `backup` and `check` say on PostgreSQL: PostgreSQL's own tools do these jobs, and they
/// run wherever the database is, so the commands name them instead of failing obscurely.
enum PostgresTools {
    static func backup(_ url: PostgresURL) -> ValidationError {
        ValidationError(
            """
            backup copies the embedded SQLite file; this service stores in PostgreSQL (\(url)). Use PostgreSQL's tools:
              pg_dump --format=custom --file=analgesia.dump --host=\(url.host) --port=\(url.port) --username=\(url.user) \(url.database)
            (a consistent snapshot while replicas write; restore into an empty database with pg_restore --dbname=…), or the
            base backups and WAL archiving your PostgreSQL operators run. See docs/operations.md, "Running replicas".
            """
        )
    }

    static func check(_ url: PostgresURL) -> ValidationError {
        ValidationError(
            """
            check reads the embedded SQLite file; this service stores in PostgreSQL (\(url)). Use PostgreSQL's tools:
              pg_amcheck --host=\(url.host) --port=\(url.port) --username=\(url.user) --heapallindexed \(url.database)
            (table and index corruption). Migrations: every replica applies them at start-up and refuses a database a newer
            build migrated; GET /health/ready says whether all are applied.
            """
        )
    }
}
