-- Issue 13, decoupled approval:
--  * an approval asked through OpenID CIBA has no base token;
--  * backchannel_request: what CIBA adds to such an approval (auth_req_id, the requesting client's
--    scope and delivery mode, the ping bearer), one row per approval;
--  * subject_email: where a user is reached by e-mail, by qualified subject (a user of this server
--    by name, a subject of a trusted issuer as issuer#sub), from the user store or the last ID token;
--  * notification_outbox: notifications written in the approval's own transaction and delivered after
--    commit by a worker, at least once, with retries and exponential backoff.
ALTER TABLE action_approval ALTER COLUMN base_token_hash DROP NOT NULL;

CREATE TABLE backchannel_request (
    approval_id varchar(64) NOT NULL PRIMARY KEY REFERENCES action_approval (id) ON DELETE CASCADE,
    auth_req_id varchar(64) NOT NULL,
    client_id varchar(100) NOT NULL,
    scope varchar(1000) NOT NULL,
    delivery_mode varchar(8) NOT NULL,
    client_notification_token varchar(1024) DEFAULT NULL,
    CONSTRAINT backchannel_request_auth_req_id_key UNIQUE (auth_req_id),
    CONSTRAINT backchannel_request_delivery_mode_check CHECK (delivery_mode IN ('poll', 'ping'))
);

CREATE TABLE subject_email (
    subject varchar(700) NOT NULL PRIMARY KEY,
    email varchar(320) NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE notification_outbox (
    id bigserial PRIMARY KEY,
    channel varchar(16) NOT NULL,
    approval_id varchar(64) NOT NULL,
    recipient varchar(1000) NOT NULL,
    payload text NOT NULL,
    created_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    delivered_at timestamptz DEFAULT NULL,
    abandoned_at timestamptz DEFAULT NULL,
    last_error varchar(500) DEFAULT NULL,
    CONSTRAINT notification_outbox_channel_check CHECK (channel IN ('webhook', 'email', 'ping'))
);

CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at)
    WHERE delivered_at IS NULL AND abandoned_at IS NULL;
