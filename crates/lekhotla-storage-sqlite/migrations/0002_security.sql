-- Security core, SQLite: user accounts, sessions, API tokens, the append-only audit trail and its
-- signed checkpoints, and the wrapped keys of encryption at rest. The PostgreSQL migration of the
-- same name has the same tables and columns with PostgreSQL types.
--
-- Secrets are never stored in the clear: passwords as argon2id PHC strings, session and API tokens
-- and recovery codes as SHA-256 hex, the TOTP secret sealed, data keys wrapped by the master key.

CREATE TABLE users (
    id                 TEXT PRIMARY KEY NOT NULL,
    version            INTEGER NOT NULL,
    username           TEXT NOT NULL UNIQUE,
    organisation_id    TEXT NOT NULL REFERENCES organisations (id),
    roles              TEXT NOT NULL,
    district           TEXT REFERENCES geography_units (code),
    password_hash      TEXT NOT NULL,
    totp_secret_sealed TEXT,
    totp_last_step     INTEGER,
    disabled_at        TEXT,
    created_at         TEXT NOT NULL
);

CREATE TABLE recovery_codes (
    user_id   TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at   TEXT,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    address      TEXT,
    revoked_at   TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
    id         TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- One row per audited action, hash-chained: `hash` = SHA-256(prev_hash || canonical entry).
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    record    TEXT,
    fields    TEXT NOT NULL,
    purpose   TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, seq);
CREATE INDEX audit_log_record_idx ON audit_log (record, seq);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TABLE audit_checkpoints (
    seq       INTEGER PRIMARY KEY NOT NULL,
    head_hash TEXT NOT NULL,
    at        TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE TRIGGER audit_checkpoints_refuse_update BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
CREATE TRIGGER audit_checkpoints_refuse_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;

CREATE TABLE wrapped_keys (
    id         INTEGER PRIMARY KEY NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('data', 'blind_index')),
    wrapped    BLOB NOT NULL
);
