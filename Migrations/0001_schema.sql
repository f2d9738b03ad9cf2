-- 0001_schema: the knowledge store's tables.
-- Append-only: a landed migration is never edited; later changes come as new files.
-- Enumerations are enforced by CHECK constraints so that a bad row can never be stored,
-- whichever client writes it.

-- The knowledge-base version: one row. `semver` is advanced by data migrations and curated
-- writes; the content hash served to clients is computed from the data itself.
CREATE TABLE kb_meta (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    semver      TEXT    NOT NULL CHECK (semver GLOB '[0-9]*.[0-9]*.[0-9]*'),
    revision    INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
    updated_at  TEXT    NOT NULL
);

-- Where the knowledge comes from. Every item points to one source.
CREATE TABLE source (
    id        TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    kind      TEXT NOT NULL CHECK (kind IN ('narrative-review')),
    citation  TEXT NOT NULL,
    authors   TEXT NOT NULL CHECK (json_valid(authors) AND json_type(authors) = 'array'),
    title     TEXT NOT NULL,
    journal   TEXT NOT NULL,
    year      INTEGER NOT NULL,
    volume    TEXT NOT NULL,
    pages     TEXT NOT NULL,
    doi       TEXT NOT NULL,
    url       TEXT NOT NULL
);

-- Primary studies identified for some of the source's numbered references.
CREATE TABLE citation (
    source_id     TEXT    NOT NULL REFERENCES source(id),
    ref_number    INTEGER NOT NULL CHECK (ref_number > 0),
    first_author  TEXT    NOT NULL,
    year          INTEGER NOT NULL,
    title         TEXT    NOT NULL,
    journal       TEXT    NOT NULL,
    volume_pages  TEXT,
    doi           TEXT,
    pmid          TEXT,
    match_basis   TEXT    NOT NULL,
    PRIMARY KEY (source_id, ref_number)
);

CREATE TABLE condition (
    slug                        TEXT PRIMARY KEY
        CHECK (length(slug) BETWEEN 2 AND 64 AND slug GLOB '[a-z]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
    name                        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    summary                     TEXT    NOT NULL,
    synonyms                    TEXT    NOT NULL DEFAULT '[]'
        CHECK (json_valid(synonyms) AND json_type(synonyms) = 'array'),
    central_sensitization       INTEGER NOT NULL CHECK (central_sensitization IN (0, 1)),
    central_sensitization_note  TEXT    NOT NULL,
    ea_summary                  TEXT    NOT NULL,
    source_id                   TEXT    NOT NULL REFERENCES source(id)
);

-- Codes an EHR sends. `match` = 'prefix' lets an ICD-10 category (M17) find its specific
-- codes (M17.11); codes are stored upper-case without dots, as lookups normalise them.
CREATE TABLE condition_code (
    condition_slug  TEXT NOT NULL REFERENCES condition(slug) ON DELETE CASCADE,
    system          TEXT NOT NULL CHECK (system IN (
                        'http://snomed.info/sct',
                        'http://hl7.org/fhir/sid/icd-10-cm',
                        'http://hl7.org/fhir/sid/icd-10')),
    code            TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*.*'),
    display         TEXT NOT NULL,
    match           TEXT NOT NULL CHECK (match IN ('exact', 'prefix')),
    PRIMARY KEY (system, code)
);
CREATE INDEX condition_code_by_condition ON condition_code(condition_slug);

-- Groups of people studied; pain-free people are the reference.
CREATE TABLE population (
    slug            TEXT PRIMARY KEY
        CHECK (length(slug) BETWEEN 2 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'),
    name            TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    is_reference    INTEGER NOT NULL CHECK (is_reference IN (0, 1)),
    condition_slug  TEXT REFERENCES condition(slug)
);

CREATE TABLE mechanism (
    slug               TEXT PRIMARY KEY
        CHECK (length(slug) BETWEEN 2 AND 64 AND slug GLOB '[a-z]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
    name               TEXT NOT NULL,
    summary            TEXT NOT NULL,
    verdict            TEXT NOT NULL CHECK (verdict IN (
                           'supported', 'hypothesized', 'unclear', 'unlikely', 'not-supported', 'inconclusive')),
    verdict_rationale  TEXT NOT NULL,
    source_id          TEXT NOT NULL REFERENCES source(id)
);

CREATE TABLE finding (
    id                TEXT PRIMARY KEY
        CHECK (length(id) BETWEEN 2 AND 80 AND id GLOB '[a-z]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    title             TEXT NOT NULL,
    summary           TEXT NOT NULL,
    evidence_status   TEXT NOT NULL CHECK (evidence_status IN (
                          'published', 'pilot', 'submitted', 'in-preparation', 'stopped-early', 'hypothesis')),
    study_design      TEXT NOT NULL,
    named_authors     TEXT,
    -- The exercise protocol, when the finding is about one.
    exercise_type     TEXT CHECK (exercise_type IN (
                          'aerobic', 'isometric', 'eccentric', 'resistance', 'motor-control', 'exercise-therapy')),
    protocol          TEXT,
    muscles           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(muscles) AND json_type(muscles) = 'array'),
    intensity         TEXT,
    duration          TEXT,
    measures          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(measures) AND json_type(measures) = 'array'),
    measurement_sites TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(measurement_sites) AND json_type(measurement_sites) = 'array'),
    source_id         TEXT NOT NULL REFERENCES source(id)
);

-- The result for each population. `site` says where the exercised body part lies relative
-- to the population's pain; `response` is set only for results about acute pain sensitivity.
CREATE TABLE finding_result (
    finding_id       TEXT    NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    ordinal          INTEGER NOT NULL CHECK (ordinal >= 0),
    population_slug  TEXT    NOT NULL REFERENCES population(slug),
    site             TEXT    NOT NULL DEFAULT 'any'
        CHECK (site IN ('any', 'painful-region', 'non-painful-region')),
    response         TEXT CHECK (response IN ('hypoalgesia', 'no-change', 'hyperalgesia', 'unknown')),
    outcome          TEXT    NOT NULL,
    PRIMARY KEY (finding_id, ordinal)
);
CREATE INDEX finding_result_by_population ON finding_result(population_slug);

CREATE TABLE finding_reference (
    finding_id  TEXT    NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    ref_number  INTEGER NOT NULL CHECK (ref_number > 0),
    PRIMARY KEY (finding_id, ref_number)
);

CREATE TABLE finding_condition (
    finding_id      TEXT NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    condition_slug  TEXT NOT NULL REFERENCES condition(slug),
    PRIMARY KEY (finding_id, condition_slug)
);
CREATE INDEX finding_condition_by_condition ON finding_condition(condition_slug);

-- How a finding bears on a mechanism.
CREATE TABLE finding_mechanism (
    finding_id      TEXT NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    mechanism_slug  TEXT NOT NULL REFERENCES mechanism(slug),
    relation        TEXT NOT NULL CHECK (relation IN ('supports', 'argues-against', 'inconclusive', 'context')),
    PRIMARY KEY (finding_id, mechanism_slug)
);
CREATE INDEX finding_mechanism_by_mechanism ON finding_mechanism(mechanism_slug);

-- A condition's expected acute response to an exercise type at a site. Cells the review
-- does not address are not stored; the service reports them as 'unknown'.
CREATE TABLE ea_response (
    condition_slug  TEXT NOT NULL REFERENCES condition(slug) ON DELETE CASCADE,
    exercise_type   TEXT NOT NULL CHECK (exercise_type IN (
                        'aerobic', 'isometric', 'eccentric', 'resistance', 'motor-control')),
    site            TEXT NOT NULL CHECK (site IN ('any', 'painful-region', 'non-painful-region')),
    response        TEXT NOT NULL CHECK (response IN ('hypoalgesia', 'no-change', 'hyperalgesia', 'unknown')),
    evidence_basis  TEXT NOT NULL CHECK (evidence_basis IN ('published', 'preliminary', 'review-statement')),
    rationale       TEXT NOT NULL,
    PRIMARY KEY (condition_slug, exercise_type, site)
);

CREATE TABLE ea_response_finding (
    condition_slug  TEXT NOT NULL,
    exercise_type   TEXT NOT NULL,
    site            TEXT NOT NULL,
    finding_id      TEXT NOT NULL REFERENCES finding(id),
    PRIMARY KEY (condition_slug, exercise_type, site, finding_id),
    FOREIGN KEY (condition_slug, exercise_type, site)
        REFERENCES ea_response(condition_slug, exercise_type, site) ON DELETE CASCADE
);

CREATE TABLE guideline (
    slug            TEXT PRIMARY KEY
        CHECK (length(slug) BETWEEN 2 AND 64 AND slug GLOB '[a-z]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
    title           TEXT    NOT NULL,
    advice          TEXT    NOT NULL,
    rationale       TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('practice', 'research-hypothesis')),
    origin          TEXT    NOT NULL CHECK (origin IN ('table-1', 'text')),
    table_position  INTEGER CHECK (table_position BETWEEN 1 AND 12),
    evidence_level  TEXT    NOT NULL CHECK (evidence_level IN (
                        'study-findings', 'clinical-reasoning', 'research-hypothesis')),
    source_id       TEXT    NOT NULL REFERENCES source(id),
    CHECK ((origin = 'table-1') = (table_position IS NOT NULL))
);

CREATE TABLE guideline_condition (
    guideline_slug  TEXT NOT NULL REFERENCES guideline(slug) ON DELETE CASCADE,
    condition_slug  TEXT NOT NULL REFERENCES condition(slug),
    PRIMARY KEY (guideline_slug, condition_slug)
);
CREATE INDEX guideline_condition_by_condition ON guideline_condition(condition_slug);

CREATE TABLE guideline_finding (
    guideline_slug  TEXT NOT NULL REFERENCES guideline(slug) ON DELETE CASCADE,
    finding_id      TEXT NOT NULL REFERENCES finding(id),
    PRIMARY KEY (guideline_slug, finding_id)
);

-- Full-text search over every kind, kept current by triggers.
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED,
    ref UNINDEXED,
    title,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER condition_search_insert AFTER INSERT ON condition BEGIN
    INSERT INTO search_index (kind, ref, title, body) VALUES (
        'condition', new.slug, new.name,
        new.summary || ' ' || (SELECT group_concat(value, ', ') FROM json_each(new.synonyms))
            || ' ' || new.ea_summary || ' ' || new.central_sensitization_note);
END;
CREATE TRIGGER condition_search_update AFTER UPDATE ON condition BEGIN
    DELETE FROM search_index WHERE kind = 'condition' AND ref = old.slug;
    INSERT INTO search_index (kind, ref, title, body) VALUES (
        'condition', new.slug, new.name,
        new.summary || ' ' || (SELECT group_concat(value, ', ') FROM json_each(new.synonyms))
            || ' ' || new.ea_summary || ' ' || new.central_sensitization_note);
END;
CREATE TRIGGER condition_search_delete AFTER DELETE ON condition BEGIN
    DELETE FROM search_index WHERE kind = 'condition' AND ref = old.slug;
END;

CREATE TRIGGER mechanism_search_insert AFTER INSERT ON mechanism BEGIN
    INSERT INTO search_index (kind, ref, title, body)
    VALUES ('mechanism', new.slug, new.name, new.summary || ' ' || new.verdict_rationale);
END;
CREATE TRIGGER mechanism_search_update AFTER UPDATE ON mechanism BEGIN
    DELETE FROM search_index WHERE kind = 'mechanism' AND ref = old.slug;
    INSERT INTO search_index (kind, ref, title, body)
    VALUES ('mechanism', new.slug, new.name, new.summary || ' ' || new.verdict_rationale);
END;
CREATE TRIGGER mechanism_search_delete AFTER DELETE ON mechanism BEGIN
    DELETE FROM search_index WHERE kind = 'mechanism' AND ref = old.slug;
END;

CREATE TRIGGER finding_search_insert AFTER INSERT ON finding BEGIN
    INSERT INTO search_index (kind, ref, title, body) VALUES (
        'finding', new.id, new.title,
        new.summary || ' ' || coalesce(new.named_authors, '') || ' ' || coalesce(new.protocol, ''));
END;
CREATE TRIGGER finding_search_update AFTER UPDATE ON finding BEGIN
    DELETE FROM search_index WHERE kind = 'finding' AND ref = old.id;
    INSERT INTO search_index (kind, ref, title, body) VALUES (
        'finding', new.id, new.title,
        new.summary || ' ' || coalesce(new.named_authors, '') || ' ' || coalesce(new.protocol, ''));
END;
CREATE TRIGGER finding_search_delete AFTER DELETE ON finding BEGIN
    DELETE FROM search_index WHERE kind = 'finding' AND ref = old.id;
END;

CREATE TRIGGER guideline_search_insert AFTER INSERT ON guideline BEGIN
    INSERT INTO search_index (kind, ref, title, body)
    VALUES ('guideline', new.slug, new.title, new.advice || ' ' || new.rationale);
END;
CREATE TRIGGER guideline_search_update AFTER UPDATE ON guideline BEGIN
    DELETE FROM search_index WHERE kind = 'guideline' AND ref = old.slug;
    INSERT INTO search_index (kind, ref, title, body)
    VALUES ('guideline', new.slug, new.title, new.advice || ' ' || new.rationale);
END;
CREATE TRIGGER guideline_search_delete AFTER DELETE ON guideline BEGIN
    DELETE FROM search_index WHERE kind = 'guideline' AND ref = old.slug;
END;
