-- Issue 14, draft-rosomakho-oauth-txn-challenge-00: an approval asked by presenting a resource
-- server's signed transaction authorization challenge. One row per approval: the identifier the
-- client polls with, the challenge's jti (used once: the unique key refuses a second use, also
-- when two arrive at once) and its txn, which the resulting access token carries.
CREATE TABLE transaction_authorization (
    approval_id varchar(64) NOT NULL PRIMARY KEY REFERENCES action_approval (id) ON DELETE CASCADE,
    transaction_authorization_id varchar(64) NOT NULL,
    client_id varchar(100) NOT NULL,
    challenge_issuer varchar(1000) NOT NULL,
    challenge_jti varchar(200) NOT NULL,
    challenge_expires_at timestamptz NOT NULL,
    txn varchar(200) NOT NULL,
    CONSTRAINT transaction_authorization_id_key UNIQUE (transaction_authorization_id),
    CONSTRAINT transaction_authorization_challenge_key UNIQUE (challenge_issuer, challenge_jti)
);
