-- Issue 9 hardening of approvals:
--  * number_choices: the numbers the approval page offers, drawn once per approval, so reloading
--    the page never shows new decoys (space-separated, in display order);
--  * shown_at: when the approval page was first shown to its user (audited once as "shown");
--  * authorization_id: the OAuth2 authorization (grant) the base token belongs to, so revoking the
--    grant revokes its open approvals and unused action tokens;
--  * status 'revoked': the grant was revoked before the action token was used.
ALTER TABLE action_approval ADD COLUMN number_choices varchar(200) DEFAULT NULL;
ALTER TABLE action_approval ADD COLUMN shown_at timestamptz DEFAULT NULL;
ALTER TABLE action_approval ADD COLUMN authorization_id varchar(100) DEFAULT NULL;
ALTER TABLE action_approval ADD COLUMN revoked_at timestamptz DEFAULT NULL;

ALTER TABLE action_approval DROP CONSTRAINT action_approval_status_check;
ALTER TABLE action_approval ADD CONSTRAINT action_approval_status_check
    CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'issued', 'revoked'));

CREATE INDEX action_approval_authorization_idx ON action_approval (authorization_id)
    WHERE status IN ('pending', 'approved', 'issued');
