-- Subjects of trusted issuers (identity providers beside Countersign): the same sub at two
-- issuers is two people. NULL: a user of this server.
ALTER TABLE action_approval ADD COLUMN subject_issuer varchar(500) DEFAULT NULL;

DROP INDEX action_approval_subject_created_idx;
CREATE INDEX action_approval_subject_created_idx ON action_approval (subject, subject_issuer, created_at);
