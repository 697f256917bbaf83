-- Signing keys: generated once, never regenerated at restart. The private key is PKCS #8,
-- encrypted with AES-256-GCM under countersign.keys.encryption-key (IV || ciphertext || tag).

CREATE TABLE signing_key (
    kid varchar(64) NOT NULL PRIMARY KEY,
    algorithm varchar(16) NOT NULL,
    public_jwk text NOT NULL,
    encrypted_private_key bytea NOT NULL,
    created_at timestamptz NOT NULL,
    activates_at timestamptz NOT NULL,
    retires_at timestamptz DEFAULT NULL,
    CONSTRAINT signing_key_retires_after_activation CHECK (retires_at IS NULL OR retires_at > activates_at)
);
