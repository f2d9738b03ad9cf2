-- 0001_pg_schema (PostgreSQL): the tables of Migrations/0001-0008 as they stand after 0008, in one
-- file. Append-only like the SQLite migrations: a landed file is never edited.
-- Column names and meanings are the SQLite store's, so one set of record types reads both.
-- Text stays text (JSON arrays and ISO 8601 timestamps too) for the same reason; the CHECK
-- constraints are SQLite's, with regular expressions for GLOB. Foreign keys are checked at
-- commit (DEFERRABLE INITIALLY DEFERRED), so an import's lines may refer forward, as on SQLite.
-- The review's knowledge is not written here: 0003 loads it from the NDJSON seed (0003_pg_review_knowledge_2_0_0.ndjson) generated from
-- the SQLite migrations (docs/ARCHITECTURE.md, "The knowledge is written once").

CREATE TABLE kb_meta (
    id          integer PRIMARY KEY CHECK (id = 1),
    semver      text    NOT NULL CHECK (semver ~ '^[0-9]+\.[0-9]+\.[0-9]+$'),
    revision    bigint  NOT NULL DEFAULT 0 CHECK (revision >= 0),
    updated_at  text    NOT NULL
);
INSERT INTO kb_meta (id, semver, revision, updated_at) VALUES (1, '0.0.0', 0, '1970-01-01T00:00:00.000Z');

CREATE TABLE source (
    id        text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    kind      text NOT NULL CHECK (kind IN ('narrative-review')),
    citation  text NOT NULL,
    authors   text NOT NULL CHECK (jsonb_typeof(authors::jsonb) = 'array'),
    title     text NOT NULL,
    journal   text NOT NULL,
    year      integer NOT NULL,
    volume    text NOT NULL,
    pages     text NOT NULL,
    doi       text NOT NULL,
    url       text NOT NULL
);

CREATE TABLE citation (
    source_id     text    NOT NULL REFERENCES source(id) DEFERRABLE INITIALLY DEFERRED,
    ref_number    integer NOT NULL CHECK (ref_number > 0),
    first_author  text    NOT NULL,
    year          integer NOT NULL,
    title         text    NOT NULL,
    journal       text    NOT NULL,
    volume_pages  text,
    doi           text,
    pmid          text,
    match_basis   text    NOT NULL,
    PRIMARY KEY (source_id, ref_number)
);

CREATE TABLE condition (
    slug                        text PRIMARY KEY CHECK (length(slug) BETWEEN 2 AND 64 AND slug ~ '^[a-z][a-z0-9-]*$'),
    name                        text    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    summary                     text    NOT NULL,
    synonyms                    text    NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(synonyms::jsonb) = 'array'),
    central_sensitization       boolean NOT NULL,
    central_sensitization_note  text    NOT NULL,
    ea_summary                  text    NOT NULL,
    caution                     text    CHECK (caution IS NULL OR length(caution) BETWEEN 1 AND 1000),
    source_id                   text    NOT NULL REFERENCES source(id) DEFERRABLE INITIALLY DEFERRED,
    version                     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at                  text
);

CREATE TABLE condition_code (
    condition_slug  text NOT NULL REFERENCES condition(slug) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    system          text NOT NULL CHECK (system IN (
                        'http://snomed.info/sct', 'http://hl7.org/fhir/sid/icd-10-cm', 'http://hl7.org/fhir/sid/icd-10')),
    code            text NOT NULL CHECK (length(code) BETWEEN 1 AND 32 AND position('.' in code) = 0),
    display         text NOT NULL,
    match           text NOT NULL CHECK (match IN ('exact', 'prefix')),
    scope           text NOT NULL DEFAULT 'exact' CHECK (scope IN ('exact', 'broader', 'excluded')),
    caveat          text CHECK (caveat IS NULL OR length(caveat) BETWEEN 1 AND 600),
    PRIMARY KEY (system, code)
);
CREATE INDEX condition_code_by_condition ON condition_code(condition_slug);

CREATE TABLE population (
    slug            text PRIMARY KEY CHECK (length(slug) BETWEEN 2 AND 64 AND slug !~ '[^a-z0-9-]'),
    name            text    NOT NULL,
    description     text    NOT NULL,
    is_reference    boolean NOT NULL,
    condition_slug  text REFERENCES condition(slug) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE mechanism (
    slug               text PRIMARY KEY CHECK (length(slug) BETWEEN 2 AND 64 AND slug ~ '^[a-z][a-z0-9-]*$'),
    name               text NOT NULL,
    summary            text NOT NULL,
    verdict            text NOT NULL CHECK (verdict IN (
                           'supported', 'hypothesized', 'unclear', 'unlikely', 'not-supported', 'inconclusive')),
    verdict_rationale  text NOT NULL,
    locator            text CHECK (locator IS NULL OR locator ~ '^((abstract|introduction|biology|muscle-contraction|aerobic|practice|drugs|conclusion)/p[1-9]|table-1/item-([1-9]|1[0-2]))$'),
    basis              text CHECK (basis IS NULL OR basis IN (
                           'study', 'pilot', 'unpublished', 'stopped-early', 'review-statement', 'clinical-reasoning',
                           'hypothesis', 'inferred', 'not-studied')),
    source_id          text NOT NULL REFERENCES source(id) DEFERRABLE INITIALLY DEFERRED,
    version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at         text
);

CREATE TABLE finding (
    id                text PRIMARY KEY CHECK (length(id) BETWEEN 2 AND 80 AND id ~ '^[a-z][a-z0-9-]*$'),
    title             text NOT NULL,
    summary           text NOT NULL,
    evidence_status   text NOT NULL CHECK (evidence_status IN (
                          'published', 'pilot', 'submitted', 'in-preparation', 'stopped-early', 'hypothesis')),
    study_design      text NOT NULL,
    named_authors     text,
    exercise_type     text CHECK (exercise_type IN (
                          'aerobic', 'isometric', 'eccentric', 'resistance', 'motor-control', 'exercise-therapy')),
    protocol          text,
    muscles           text NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(muscles::jsonb) = 'array'),
    intensity         text,
    duration          text,
    measures          text NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(measures::jsonb) = 'array'),
    measurement_sites text NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(measurement_sites::jsonb) = 'array'),
    locator           text CHECK (locator IS NULL OR locator ~ '^((abstract|introduction|biology|muscle-contraction|aerobic|practice|drugs|conclusion)/p[1-9]|table-1/item-([1-9]|1[0-2]))$'),
    basis             text CHECK (basis IS NULL OR basis IN (
                          'study', 'pilot', 'unpublished', 'stopped-early', 'review-statement', 'clinical-reasoning',
                          'hypothesis', 'inferred', 'not-studied')),
    source_id         text NOT NULL REFERENCES source(id) DEFERRABLE INITIALLY DEFERRED,
    version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at        text
);

CREATE TABLE finding_result (
    finding_id       text    NOT NULL REFERENCES finding(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    ordinal          integer NOT NULL CHECK (ordinal >= 0),
    population_slug  text    NOT NULL REFERENCES population(slug) DEFERRABLE INITIALLY DEFERRED,
    site             text    NOT NULL DEFAULT 'any' CHECK (site IN ('any', 'painful-region', 'non-painful-region')),
    response         text CHECK (response IN ('hypoalgesia', 'no-change', 'hyperalgesia', 'unknown')),
    outcome          text    NOT NULL,
    PRIMARY KEY (finding_id, ordinal)
);
CREATE INDEX finding_result_by_population ON finding_result(population_slug);

CREATE TABLE finding_reference (
    finding_id  text    NOT NULL REFERENCES finding(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    ref_number  integer NOT NULL CHECK (ref_number > 0),
    PRIMARY KEY (finding_id, ref_number)
);

CREATE TABLE finding_condition (
    finding_id      text NOT NULL REFERENCES finding(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    condition_slug  text NOT NULL REFERENCES condition(slug) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (finding_id, condition_slug)
);
CREATE INDEX finding_condition_by_condition ON finding_condition(condition_slug);

CREATE TABLE finding_mechanism (
    finding_id      text NOT NULL REFERENCES finding(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    mechanism_slug  text NOT NULL REFERENCES mechanism(slug) DEFERRABLE INITIALLY DEFERRED,
    relation        text NOT NULL CHECK (relation IN ('supports', 'argues-against', 'inconclusive', 'context')),
    PRIMARY KEY (finding_id, mechanism_slug)
);
CREATE INDEX finding_mechanism_by_mechanism ON finding_mechanism(mechanism_slug);

CREATE TABLE ea_response (
    condition_slug  text NOT NULL REFERENCES condition(slug) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    exercise_type   text NOT NULL CHECK (exercise_type IN ('aerobic', 'isometric', 'eccentric', 'resistance', 'motor-control')),
    site            text NOT NULL CHECK (site IN ('any', 'painful-region', 'non-painful-region')),
    response        text NOT NULL CHECK (response IN ('hypoalgesia', 'no-change', 'hyperalgesia', 'unknown')),
    evidence_basis  text NOT NULL CHECK (evidence_basis IN ('published', 'pilot', 'unpublished', 'review-statement')),
    rationale       text NOT NULL,
    locator         text CHECK (locator IS NULL OR locator ~ '^((abstract|introduction|biology|muscle-contraction|aerobic|practice|drugs|conclusion)/p[1-9]|table-1/item-([1-9]|1[0-2]))$'),
    qualifier       text CHECK (qualifier IS NULL OR length(qualifier) BETWEEN 1 AND 200),
    PRIMARY KEY (condition_slug, exercise_type, site)
);

CREATE TABLE ea_response_finding (
    condition_slug  text NOT NULL,
    exercise_type   text NOT NULL,
    site            text NOT NULL,
    finding_id      text NOT NULL REFERENCES finding(id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (condition_slug, exercise_type, site, finding_id),
    FOREIGN KEY (condition_slug, exercise_type, site)
        REFERENCES ea_response(condition_slug, exercise_type, site) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE guideline (
    slug            text    PRIMARY KEY CHECK (length(slug) BETWEEN 2 AND 64 AND slug ~ '^[a-z][a-z0-9-]*$'),
    title           text    NOT NULL,
    advice          text    NOT NULL,
    rationale       text    NOT NULL,
    kind            text    NOT NULL CHECK (kind IN ('practice', 'research-hypothesis')),
    origin          text    NOT NULL CHECK (origin IN ('table-1', 'text')),
    table_position  integer CHECK (table_position BETWEEN 1 AND 12),
    evidence_level  text    NOT NULL CHECK (evidence_level IN ('study-findings', 'clinical-reasoning', 'research-hypothesis')),
    locator         text CHECK (locator IS NULL OR locator ~ '^((abstract|introduction|biology|muscle-contraction|aerobic|practice|drugs|conclusion)/p[1-9]|table-1/item-([1-9]|1[0-2]))$'),
    source_id       text    NOT NULL REFERENCES source(id) DEFERRABLE INITIALLY DEFERRED,
    version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at      text,
    CHECK ((origin = 'table-1') = (table_position IS NOT NULL))
);

CREATE TABLE guideline_condition (
    guideline_slug  text NOT NULL REFERENCES guideline(slug) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    condition_slug  text NOT NULL REFERENCES condition(slug) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (guideline_slug, condition_slug)
);
CREATE INDEX guideline_condition_by_condition ON guideline_condition(condition_slug);

CREATE TABLE guideline_finding (
    guideline_slug  text NOT NULL REFERENCES guideline(slug) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    finding_id      text NOT NULL REFERENCES finding(id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (guideline_slug, finding_id)
);

-- CDS Hooks feedback: not knowledge, so it does not advance the revision.
CREATE TABLE cds_feedback (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id               text NOT NULL,
    card_uuid                text NOT NULL CHECK (length(card_uuid) BETWEEN 1 AND 200),
    outcome                  text NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
    accepted_suggestions     text NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(accepted_suggestions::jsonb) = 'array'),
    override_reason_system   text,
    override_reason_code     text,
    override_reason_display  text,
    user_comment             text CHECK (user_comment IS NULL OR length(user_comment) <= 2000),
    outcome_timestamp        text NOT NULL,
    received_at              text NOT NULL
);
CREATE INDEX cds_feedback_by_card ON cds_feedback(card_uuid);

-- API keys: only the SHA-256 of the token is kept.
CREATE TABLE api_key (
    id            text  PRIMARY KEY CHECK (id LIKE 'key\_%' AND length(id) BETWEEN 8 AND 40),
    name          text  NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role          text  NOT NULL CHECK (role IN ('reader', 'curator', 'admin')),
    token_sha256  bytea NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
    created_at    text  NOT NULL,
    revoked_at    text
);

-- Every curated change, with the item as it was and as it became (input JSON, NULL when absent).
CREATE TABLE audit_log (
    id          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text    NOT NULL CHECK (kind IN ('condition', 'mechanism', 'finding', 'guideline')),
    item_key    text    NOT NULL,
    version     integer NOT NULL CHECK (version >= 1),
    operation   text    NOT NULL CHECK (operation IN ('create', 'replace', 'patch', 'delete', 'import')),
    key_id      text    NOT NULL,
    at          text    NOT NULL,
    kb_version  text    NOT NULL,
    before      text CHECK (before IS NULL OR before::jsonb IS NOT NULL),
    after       text CHECK (after IS NULL OR after::jsonb IS NOT NULL)
);
CREATE INDEX audit_log_by_item ON audit_log(kind, item_key, id);

-- The first answer to a POST sent with an Idempotency-Key, per key holder, kept for 24 hours.
CREATE TABLE idempotency (
    key_id           text NOT NULL,
    idempotency_key  text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_sha256   text NOT NULL,
    status           integer NOT NULL,
    location         text,
    etag             text,
    kb_version       text NOT NULL,
    body             text NOT NULL,
    created_at       text NOT NULL,
    PRIMARY KEY (key_id, idempotency_key)
);
