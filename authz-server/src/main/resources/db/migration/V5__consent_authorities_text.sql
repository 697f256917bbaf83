-- A consent now also records each granted authorization_details entry (RFC 9396) as an authority
-- holding the entry's canonical JSON in base64url: a few entries outgrow varchar(1000).
ALTER TABLE oauth2_authorization_consent ALTER COLUMN authorities TYPE text;
