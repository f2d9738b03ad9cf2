-- 0005_change_tracking: every change to the knowledge advances kb_meta.revision, whoever makes it
-- (this service, a later data migration, or an operator with the sqlite3 shell). The service
-- polls the revision and swaps its in-memory snapshot when it moves. Created after the seed
-- data so that seeding leaves the revision at 0.

CREATE TRIGGER source_revision_insert AFTER INSERT ON source BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER source_revision_update AFTER UPDATE ON source BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER source_revision_delete AFTER DELETE ON source BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER citation_revision_insert AFTER INSERT ON citation BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER citation_revision_update AFTER UPDATE ON citation BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER citation_revision_delete AFTER DELETE ON citation BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER condition_revision_insert AFTER INSERT ON condition BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER condition_revision_update AFTER UPDATE ON condition BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER condition_revision_delete AFTER DELETE ON condition BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER condition_code_revision_insert AFTER INSERT ON condition_code BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER condition_code_revision_update AFTER UPDATE ON condition_code BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER condition_code_revision_delete AFTER DELETE ON condition_code BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER population_revision_insert AFTER INSERT ON population BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER population_revision_update AFTER UPDATE ON population BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER population_revision_delete AFTER DELETE ON population BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER mechanism_revision_insert AFTER INSERT ON mechanism BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER mechanism_revision_update AFTER UPDATE ON mechanism BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER mechanism_revision_delete AFTER DELETE ON mechanism BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_revision_insert AFTER INSERT ON finding BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_revision_update AFTER UPDATE ON finding BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_revision_delete AFTER DELETE ON finding BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_result_revision_insert AFTER INSERT ON finding_result BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_result_revision_update AFTER UPDATE ON finding_result BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_result_revision_delete AFTER DELETE ON finding_result BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_reference_revision_insert AFTER INSERT ON finding_reference BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_reference_revision_update AFTER UPDATE ON finding_reference BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_reference_revision_delete AFTER DELETE ON finding_reference BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_condition_revision_insert AFTER INSERT ON finding_condition BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_condition_revision_update AFTER UPDATE ON finding_condition BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_condition_revision_delete AFTER DELETE ON finding_condition BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_mechanism_revision_insert AFTER INSERT ON finding_mechanism BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_mechanism_revision_update AFTER UPDATE ON finding_mechanism BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER finding_mechanism_revision_delete AFTER DELETE ON finding_mechanism BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER ea_response_revision_insert AFTER INSERT ON ea_response BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER ea_response_revision_update AFTER UPDATE ON ea_response BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER ea_response_revision_delete AFTER DELETE ON ea_response BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER ea_response_finding_revision_insert AFTER INSERT ON ea_response_finding BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER ea_response_finding_revision_update AFTER UPDATE ON ea_response_finding BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER ea_response_finding_revision_delete AFTER DELETE ON ea_response_finding BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER guideline_revision_insert AFTER INSERT ON guideline BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER guideline_revision_update AFTER UPDATE ON guideline BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER guideline_revision_delete AFTER DELETE ON guideline BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER guideline_condition_revision_insert AFTER INSERT ON guideline_condition BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER guideline_condition_revision_update AFTER UPDATE ON guideline_condition BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER guideline_condition_revision_delete AFTER DELETE ON guideline_condition BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER guideline_finding_revision_insert AFTER INSERT ON guideline_finding BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER guideline_finding_revision_update AFTER UPDATE ON guideline_finding BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
CREATE TRIGGER guideline_finding_revision_delete AFTER DELETE ON guideline_finding BEGIN
    UPDATE kb_meta SET revision = revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;
