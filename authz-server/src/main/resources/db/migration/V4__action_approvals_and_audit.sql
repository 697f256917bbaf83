-- Just-In-Time action approvals: one row per approval request, from request to consumed token.
CREATE TABLE action_approval (
    id varchar(64) NOT NULL PRIMARY KEY,
    client_id varchar(100) NOT NULL,
    subject varchar(200) NOT NULL,
    action_type varchar(100) NOT NULL,
    resource varchar(1000) NOT NULL,
    authorization_detail text NOT NULL,           -- canonical JSON of the one requested detail
    binding_message varchar(256) DEFAULT NULL,
    base_token_hash varchar(64) NOT NULL,         -- base64url SHA-256 of the creating base token
    user_code varchar(8) NOT NULL,                -- the number the user must pick
    status varchar(16) NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0,
    number_matched_at timestamptz DEFAULT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    decided_at timestamptz DEFAULT NULL,
    decided_by varchar(200) DEFAULT NULL,
    acr varchar(200) DEFAULT NULL,
    auth_time timestamptz DEFAULT NULL,
    last_polled_at timestamptz DEFAULT NULL,
    token_jti varchar(64) DEFAULT NULL,
    token_issued_at timestamptz DEFAULT NULL,
    token_expires_at timestamptz DEFAULT NULL,
    consumed_at timestamptz DEFAULT NULL,
    consumed_by varchar(100) DEFAULT NULL,
    CONSTRAINT action_approval_status_check CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'issued')),
    CONSTRAINT action_approval_token_jti_key UNIQUE (token_jti)
);

CREATE INDEX action_approval_subject_created_idx ON action_approval (subject, created_at);
CREATE INDEX action_approval_open_expiry_idx ON action_approval (expires_at) WHERE status IN ('pending', 'approved');

-- The audit log: append-only, each row chained to the one before by
-- hash = SHA-256(prev_hash || canonical row), so any change or removal breaks the chain.
CREATE TABLE audit_event (
    seq bigint NOT NULL PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    event varchar(32) NOT NULL,
    actor varchar(200) NOT NULL,
    subject varchar(200) DEFAULT NULL,
    client_id varchar(100) DEFAULT NULL,
    action_type varchar(100) DEFAULT NULL,
    approval_id varchar(64) DEFAULT NULL,
    parameters text DEFAULT NULL,
    outcome varchar(200) NOT NULL,
    prev_hash char(64) NOT NULL,
    hash char(64) NOT NULL,
    CONSTRAINT audit_event_hash_key UNIQUE (hash)
);

CREATE INDEX audit_event_subject_idx ON audit_event (subject, occurred_at);
CREATE INDEX audit_event_approval_idx ON audit_event (approval_id);
CREATE INDEX audit_event_type_idx ON audit_event (action_type, occurred_at);
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END
$$;

CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
