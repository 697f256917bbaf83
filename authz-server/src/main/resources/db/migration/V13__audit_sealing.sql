-- Issue 15, the audit log without a global serialization point.
-- An audited step now only inserts its event (numbered by a sequence) and a row in
-- audit_unsealed; the sealer, one instance at a time, links the events in the order they
-- became visible: audit_seal holds the chain, position by position, each link
-- hash = SHA-256(prev_hash || canonical row of the event). The events chained before
-- this migration keep their hashes: their position is their seq.
CREATE SEQUENCE audit_event_seq_seq OWNED BY audit_event.seq;
SELECT setval('audit_event_seq_seq', coalesce((SELECT max(seq) FROM audit_event), 0) + 1, false);
ALTER TABLE audit_event ALTER COLUMN seq SET DEFAULT nextval('audit_event_seq_seq');

CREATE TABLE audit_seal (
    position bigint NOT NULL PRIMARY KEY,
    seq bigint NOT NULL REFERENCES audit_event (seq),
    prev_hash char(64) NOT NULL,
    hash char(64) NOT NULL,
    sealed_at timestamptz NOT NULL,
    CONSTRAINT audit_seal_seq_key UNIQUE (seq),
    CONSTRAINT audit_seal_hash_key UNIQUE (hash)
);

INSERT INTO audit_seal (position, seq, prev_hash, hash, sealed_at)
    SELECT seq, seq, prev_hash, hash, occurred_at FROM audit_event;

ALTER TABLE audit_event DROP COLUMN prev_hash, DROP COLUMN hash;

-- Events appended but not linked yet: small, read in order by the sealer, emptied as it goes.
CREATE TABLE audit_unsealed (
    seq bigint NOT NULL PRIMARY KEY
);

-- The chain head signed with the server's active key at an interval: whoever holds an
-- export and the server's public key can prove the log complete up to here.
CREATE TABLE audit_checkpoint (
    position bigint NOT NULL PRIMARY KEY,
    hash char(64) NOT NULL,
    signed_at timestamptz NOT NULL,
    key_id varchar(100) NOT NULL,
    public_jwk text NOT NULL,
    jws text NOT NULL
);

-- Exports taken through GET /audit/export: a segment of the chain may be released from
-- the database only up to a checkpoint that an export covered.
CREATE TABLE audit_export (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_position bigint NOT NULL,
    exported_at timestamptz NOT NULL,
    exported_by varchar(200) NOT NULL
);

-- Released segments: the chain in the database starts after the last one.
CREATE TABLE audit_segment_release (
    to_position bigint NOT NULL PRIMARY KEY,
    released_at timestamptz NOT NULL,
    events bigint NOT NULL
);

-- Rows of the chain are never changed or removed one by one. Whole segments, oldest first,
-- up to a checkpoint that an export covered, are released by audit_release_segment (run
-- as the schema owner, checking what it removes); anything else is refused as before.
CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(current_setting('countersign.audit_segment_release', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;

CREATE TRIGGER audit_seal_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_seal
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();

CREATE FUNCTION audit_is_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;

CREATE TRIGGER audit_checkpoint_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_is_insert_only();
CREATE TRIGGER audit_export_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_export
    FOR EACH STATEMENT EXECUTE FUNCTION audit_is_insert_only();
CREATE TRIGGER audit_segment_release_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_segment_release
    FOR EACH STATEMENT EXECUTE FUNCTION audit_is_insert_only();

-- Releases the chain up to a checkpoint at to_position: only the oldest segment, only up
-- to a checkpoint signed before signed_before that an export covered, and never the last
-- link (the sealer goes on from it). Returns the events removed, 0 when nothing qualifies.
CREATE FUNCTION audit_release_segment(to_position bigint, signed_before timestamptz, released_at timestamptz)
    RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    seqs bigint[];
    removed bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_checkpoint c WHERE c.position = to_position AND c.signed_at < signed_before)
            OR NOT EXISTS (SELECT 1 FROM audit_export x WHERE x.to_position >= audit_release_segment.to_position)
            OR NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.position > audit_release_segment.to_position)
            OR NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.position <= audit_release_segment.to_position) THEN
        RETURN 0;
    END IF;
    SELECT array_agg(s.seq) INTO seqs FROM audit_seal s WHERE s.position <= audit_release_segment.to_position;
    PERFORM set_config('countersign.audit_segment_release', 'on', true);
    DELETE FROM audit_seal s WHERE s.position <= audit_release_segment.to_position;
    DELETE FROM audit_event e WHERE e.seq = ANY (seqs);
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('countersign.audit_segment_release', 'off', true);
    INSERT INTO audit_segment_release (to_position, released_at, events)
        VALUES (audit_release_segment.to_position, released_at, removed);
    RETURN removed;
END
$$;
