-- Refresh tokens replaced by rotation, remembered (SHA-256, base64url) until they would have
-- expired: one presented again means the grant leaked, and the whole grant is revoked
-- (RFC 9700 section 4.14.2).
CREATE TABLE rotated_refresh_token (
    token_hash varchar(64) NOT NULL PRIMARY KEY,
    authorization_id varchar(100) NOT NULL,
    rotated_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX rotated_refresh_token_expiry_idx ON rotated_refresh_token (expires_at);
