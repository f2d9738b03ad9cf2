-- 0006_cds_feedback: what clinicians did with CDS Hooks cards (CDS Hooks 2.0 feedback).
-- Not knowledge: changes here do not advance the knowledge-base revision.
CREATE TABLE cds_feedback (
    id                       INTEGER PRIMARY KEY,
    service_id               TEXT NOT NULL,
    card_uuid                TEXT NOT NULL CHECK (length(card_uuid) BETWEEN 1 AND 200),
    outcome                  TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
    accepted_suggestions     TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(accepted_suggestions) AND json_type(accepted_suggestions) = 'array'),
    override_reason_system   TEXT,
    override_reason_code     TEXT,
    override_reason_display  TEXT,
    user_comment             TEXT CHECK (user_comment IS NULL OR length(user_comment) <= 2000),
    outcome_timestamp        TEXT NOT NULL,
    received_at              TEXT NOT NULL
);
CREATE INDEX cds_feedback_by_card ON cds_feedback(card_uuid);
