-- Settings the national coordinator keeps (issue 12), each a JSON value under optimistic concurrency: first,
-- the referral deadlines of every service (`lekhotla_storage::deadlines`). None stored means the defaults.
CREATE TABLE settings (
    name    TEXT PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL,
    value   TEXT NOT NULL
);

-- The unanswered referrals, for the overdue lists and the digest: by state, then the day sent.
CREATE INDEX referrals_unanswered_idx ON referrals (state, sent_on, service, age_group, district);

-- Where a person's daily digest goes: the official's work e-mail address and the language it is written in.
-- Kept apart from the account; a person without a row gets no e-mail.
CREATE TABLE user_contacts (
    user_id  TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    email    TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('en', 'st'))
);
