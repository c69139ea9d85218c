-- Break-glass grants (issue 9): each bound to the credential that asked (`session/<token hash>` or
-- `token/<id>`), flagged when unusual (the reason the national coordinator was alerted), revocable.
-- Grants made before this migration lived only in the audit trail; they lasted an hour and are not carried.
CREATE TABLE break_glass_grants (
    id         uuid PRIMARY KEY,
    case_id    uuid NOT NULL,
    user_id    uuid NOT NULL REFERENCES users (id),
    credential text NOT NULL,
    reason     text NOT NULL,
    granted_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    unusual    text,
    revoked_at timestamptz,
    revoked_by text
);
CREATE INDEX break_glass_grants_user_idx ON break_glass_grants (user_id, granted_at);
CREATE INDEX break_glass_grants_granted_idx ON break_glass_grants (granted_at);

-- API tokens expire (renewable) and record their last use. Tokens issued before this migration expire 90
-- days after it.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = now() + interval '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
