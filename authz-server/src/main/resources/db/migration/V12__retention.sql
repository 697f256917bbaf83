-- Issue 15, growth: what the retention purge looks for, by index rather than by scanning.
-- Approvals that can lead to nothing any more, by the time their last step mattered.
CREATE INDEX action_approval_closed_idx ON action_approval
    ((coalesce(token_expires_at, revoked_at, decided_at, expires_at)))
    WHERE status NOT IN ('pending', 'approved');

-- Authorizations by the expiry of their last token (PostgreSQL's GREATEST skips nulls).
CREATE INDEX oauth2_authorization_last_expiry_idx ON oauth2_authorization
    ((GREATEST(authorization_code_expires_at, access_token_expires_at, refresh_token_expires_at,
               oidc_id_token_expires_at, user_code_expires_at, device_code_expires_at)));

-- Notifications whose delivery ended.
CREATE INDEX notification_outbox_ended_idx ON notification_outbox ((coalesce(delivered_at, abandoned_at)))
    WHERE delivered_at IS NOT NULL OR abandoned_at IS NOT NULL;
