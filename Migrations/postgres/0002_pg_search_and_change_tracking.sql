-- 0002_pg_search_and_change_tracking (PostgreSQL): full-text search and change tracking, the
-- PostgreSQL counterparts of SQLite's FTS5 index (0001, 0007) and revision triggers (0005).

-- Search: one row per live item, its title weighted above its body ('A' over 'B'), with the
-- 'english' configuration (Snowball stemming, as FTS5's porter tokenizer stems). Triggers keep
-- it current, whoever writes; a tombstoned item leaves it.
CREATE TABLE search_index (
    kind      text NOT NULL,
    ref       text NOT NULL,
    title     text NOT NULL,
    body      text NOT NULL,
    document  tsvector NOT NULL,
    PRIMARY KEY (kind, ref)
);
CREATE INDEX search_index_document ON search_index USING gin (document);

CREATE FUNCTION search_index_put(p_kind text, p_ref text, p_title text, p_body text, p_live boolean) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_index WHERE kind = p_kind AND ref = p_ref;
    IF p_live THEN
        INSERT INTO search_index (kind, ref, title, body, document) VALUES (
            p_kind, p_ref, p_title, p_body,
            setweight(to_tsvector('english', p_title), 'A') || setweight(to_tsvector('english', p_body), 'B'));
    END IF;
END $$;

CREATE FUNCTION search_index_condition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_index WHERE kind = 'condition' AND ref = OLD.slug;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.slug <> NEW.slug THEN
        DELETE FROM search_index WHERE kind = 'condition' AND ref = OLD.slug;
    END IF;
    PERFORM search_index_put('condition', NEW.slug, NEW.name,
        NEW.summary || ' ' || coalesce((SELECT string_agg(value, ', ') FROM jsonb_array_elements_text(NEW.synonyms::jsonb)), '')
            || ' ' || NEW.ea_summary || ' ' || NEW.central_sensitization_note,
        NEW.deleted_at IS NULL);
    RETURN NULL;
END $$;
CREATE TRIGGER condition_search AFTER INSERT OR UPDATE OR DELETE ON condition
    FOR EACH ROW EXECUTE FUNCTION search_index_condition();

CREATE FUNCTION search_index_mechanism() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_index WHERE kind = 'mechanism' AND ref = OLD.slug;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.slug <> NEW.slug THEN
        DELETE FROM search_index WHERE kind = 'mechanism' AND ref = OLD.slug;
    END IF;
    PERFORM search_index_put('mechanism', NEW.slug, NEW.name, NEW.summary || ' ' || NEW.verdict_rationale, NEW.deleted_at IS NULL);
    RETURN NULL;
END $$;
CREATE TRIGGER mechanism_search AFTER INSERT OR UPDATE OR DELETE ON mechanism
    FOR EACH ROW EXECUTE FUNCTION search_index_mechanism();

CREATE FUNCTION search_index_finding() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_index WHERE kind = 'finding' AND ref = OLD.id;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN
        DELETE FROM search_index WHERE kind = 'finding' AND ref = OLD.id;
    END IF;
    PERFORM search_index_put('finding', NEW.id, NEW.title,
        NEW.summary || ' ' || coalesce(NEW.named_authors, '') || ' ' || coalesce(NEW.protocol, ''), NEW.deleted_at IS NULL);
    RETURN NULL;
END $$;
CREATE TRIGGER finding_search AFTER INSERT OR UPDATE OR DELETE ON finding
    FOR EACH ROW EXECUTE FUNCTION search_index_finding();

CREATE FUNCTION search_index_guideline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_index WHERE kind = 'guideline' AND ref = OLD.slug;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.slug <> NEW.slug THEN
        DELETE FROM search_index WHERE kind = 'guideline' AND ref = OLD.slug;
    END IF;
    PERFORM search_index_put('guideline', NEW.slug, NEW.title, NEW.advice || ' ' || NEW.rationale, NEW.deleted_at IS NULL);
    RETURN NULL;
END $$;
CREATE TRIGGER guideline_search AFTER INSERT OR UPDATE OR DELETE ON guideline
    FOR EACH ROW EXECUTE FUNCTION search_index_guideline();

-- Change tracking: every statement that changes a knowledge table, whoever runs it (this
-- service on any replica, a later migration, an operator's psql), advances kb_meta.revision and
-- notifies 'kb_changed'. PostgreSQL delivers the notification at commit, to every replica that
-- listens, which then reloads its snapshot; the revision poll (kb.refreshSeconds) is the fallback.
CREATE FUNCTION kb_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE kb_meta SET revision = revision + 1,
        updated_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    PERFORM pg_notify('kb_changed', '');
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['source', 'citation', 'condition', 'condition_code', 'population', 'mechanism', 'finding',
        'finding_result', 'finding_reference', 'finding_condition', 'finding_mechanism', 'ea_response',
        'ea_response_finding', 'guideline', 'guideline_condition', 'guideline_finding']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION kb_touch()', t || '_revision', t);
    END LOOP;
END $$;

-- A revoked (or deleted) API key is announced on 'api_key_revoked' with its id, so that every
-- replica stops trusting it at once instead of after its 5 s verification window.
CREATE FUNCTION api_key_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('api_key_revoked', OLD.id);
    ELSIF NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL THEN
        PERFORM pg_notify('api_key_revoked', NEW.id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER api_key_revoked AFTER UPDATE OR DELETE ON api_key
    FOR EACH ROW EXECUTE FUNCTION api_key_revoked();
