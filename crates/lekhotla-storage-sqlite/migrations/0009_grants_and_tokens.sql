-- Break-glass grants (issue 9): each bound to the credential that asked (`session/<token hash>` or
-- `token/<id>`), flagged when unusual (the reason the national coordinator was alerted), revocable.
-- Grants made before this migration lived only in the audit trail; they lasted an hour and are not carried.
CREATE TABLE break_glass_grants (
    id         TEXT PRIMARY KEY NOT NULL,
    case_id    TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    credential TEXT NOT NULL,
    reason     TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    unusual    TEXT,
    revoked_at TEXT,
    revoked_by TEXT
);
CREATE INDEX break_glass_grants_user_idx ON break_glass_grants (user_id, granted_at);
CREATE INDEX break_glass_grants_granted_idx ON break_glass_grants (granted_at);

-- API tokens expire (renewable) and record their last use. Tokens issued before this migration expire 90
-- days after it.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 days');
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
