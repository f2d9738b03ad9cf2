-- 0007_curation: what curated writes need.
--   * every item kind a curator writes gets a version (advanced by each change to the item) and
--     a tombstone (`deleted_at`): deletes are soft, so references, history and the slug survive;
--   * API keys, stored only as the SHA-256 of their token;
--   * an audit row for every change, written in the same transaction as the change;
--   * the remembered answers of POSTs sent with an Idempotency-Key.

ALTER TABLE condition ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE condition ADD COLUMN deleted_at TEXT;
ALTER TABLE mechanism ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE mechanism ADD COLUMN deleted_at TEXT;
ALTER TABLE finding ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE finding ADD COLUMN deleted_at TEXT;
ALTER TABLE guideline ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE guideline ADD COLUMN deleted_at TEXT;

-- A tombstoned item leaves the search index; an update re-indexes only live items.
DROP TRIGGER condition_search_update;
CREATE TRIGGER condition_search_update AFTER UPDATE ON condition BEGIN
    DELETE FROM search_index WHERE kind = 'condition' AND ref = old.slug;
    INSERT INTO search_index (kind, ref, title, body)
    SELECT 'condition', new.slug, new.name,
        new.summary || ' ' || (SELECT group_concat(value, ', ') FROM json_each(new.synonyms))
            || ' ' || new.ea_summary || ' ' || new.central_sensitization_note
    WHERE new.deleted_at IS NULL;
END;
DROP TRIGGER mechanism_search_update;
CREATE TRIGGER mechanism_search_update AFTER UPDATE ON mechanism BEGIN
    DELETE FROM search_index WHERE kind = 'mechanism' AND ref = old.slug;
    INSERT INTO search_index (kind, ref, title, body)
    SELECT 'mechanism', new.slug, new.name, new.summary || ' ' || new.verdict_rationale
    WHERE new.deleted_at IS NULL;
END;
DROP TRIGGER finding_search_update;
CREATE TRIGGER finding_search_update AFTER UPDATE ON finding BEGIN
    DELETE FROM search_index WHERE kind = 'finding' AND ref = old.id;
    INSERT INTO search_index (kind, ref, title, body)
    SELECT 'finding', new.id, new.title,
        new.summary || ' ' || coalesce(new.named_authors, '') || ' ' || coalesce(new.protocol, '')
    WHERE new.deleted_at IS NULL;
END;
DROP TRIGGER guideline_search_update;
CREATE TRIGGER guideline_search_update AFTER UPDATE ON guideline BEGIN
    DELETE FROM search_index WHERE kind = 'guideline' AND ref = old.slug;
    INSERT INTO search_index (kind, ref, title, body)
    SELECT 'guideline', new.slug, new.title, new.advice || ' ' || new.rationale
    WHERE new.deleted_at IS NULL;
END;

-- API keys. The token is shown once, at creation; only its SHA-256 is kept.
CREATE TABLE api_key (
    id            TEXT PRIMARY KEY CHECK (id GLOB 'key_*' AND length(id) BETWEEN 8 AND 40),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role          TEXT NOT NULL CHECK (role IN ('reader', 'curator', 'admin')),
    token_sha256  BLOB NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
    created_at    TEXT NOT NULL,
    revoked_at    TEXT
);

-- Every curated change, with the item as it was and as it became (input JSON, NULL when absent).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('condition', 'mechanism', 'finding', 'guideline')),
    item_key    TEXT    NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    operation   TEXT    NOT NULL CHECK (operation IN ('create', 'replace', 'patch', 'delete', 'import')),
    key_id      TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    kb_version  TEXT    NOT NULL,
    before      TEXT CHECK (before IS NULL OR json_valid(before)),
    after       TEXT CHECK (after IS NULL OR json_valid(after))
);
CREATE INDEX audit_log_by_item ON audit_log(kind, item_key, id);

-- The first answer to a POST sent with an Idempotency-Key, per key holder, kept for 24 hours.
CREATE TABLE idempotency (
    key_id           TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_sha256   TEXT NOT NULL,
    status           INTEGER NOT NULL,
    location         TEXT,
    etag             TEXT,
    kb_version       TEXT NOT NULL,
    body             TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (key_id, idempotency_key)
);
