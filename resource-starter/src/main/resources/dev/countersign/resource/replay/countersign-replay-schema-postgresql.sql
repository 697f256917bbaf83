-- The table of JdbcReplayStore (countersign.resource.replay-store=jdbc), for PostgreSQL.
-- Add it to the API's own migrations; rows are purged once their token has expired.
CREATE TABLE IF NOT EXISTS countersign_used_action_token (
    jti_hash varchar(64) NOT NULL PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS countersign_used_action_token_expiry_idx ON countersign_used_action_token (expires_at);
