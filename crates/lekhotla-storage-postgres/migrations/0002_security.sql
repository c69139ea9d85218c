-- Security core, PostgreSQL. Mirrors the SQLite migration of the same name: user accounts,
-- sessions, API tokens, the append-only audit trail and its signed checkpoints, and the wrapped keys
-- of encryption at rest.
--
-- Secrets are never stored in the clear: passwords as argon2id PHC strings, session and API tokens
-- and recovery codes as SHA-256 hex, the TOTP secret sealed, data keys wrapped by the master key.

CREATE TABLE users (
    id                 uuid PRIMARY KEY,
    version            bigint NOT NULL,
    username           text NOT NULL UNIQUE,
    organisation_id    uuid NOT NULL CONSTRAINT users_organisation_fk REFERENCES organisations (id),
    roles              text NOT NULL,
    district           text CONSTRAINT users_district_fk REFERENCES geography_units (code),
    password_hash      text NOT NULL,
    totp_secret_sealed text,
    totp_last_step     bigint,
    disabled_at        timestamptz,
    created_at         timestamptz NOT NULL
);

CREATE TABLE recovery_codes (
    user_id   uuid NOT NULL REFERENCES users (id),
    code_hash text NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
    token_hash   text PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    address      text,
    revoked_at   timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
    id         uuid PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,
    user_id    uuid NOT NULL REFERENCES users (id),
    name       text NOT NULL,
    scopes     text NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- One row per audited action, hash-chained: `hash` = SHA-256(prev_hash || canonical entry).
CREATE TABLE audit_log (
    seq       bigint PRIMARY KEY,
    at        timestamptz NOT NULL,
    actor     text NOT NULL,
    action    text NOT NULL,
    record    text,
    fields    text NOT NULL,
    purpose   text,
    prev_hash text NOT NULL,
    hash      text NOT NULL
);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, seq);
CREATE INDEX audit_log_record_idx ON audit_log (record, seq);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- Appenders lock this one row, so entries get their seq and prev_hash one at a time.
CREATE TABLE audit_head (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    seq      bigint NOT NULL,
    hash     text NOT NULL
);
INSERT INTO audit_head (seq, hash) VALUES (0, repeat('0', 64));

CREATE FUNCTION lekhotla_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION lekhotla_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION lekhotla_append_only();

CREATE TABLE audit_checkpoints (
    seq       bigint PRIMARY KEY,
    head_hash text NOT NULL,
    at        timestamptz NOT NULL,
    signature text NOT NULL
);
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION lekhotla_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION lekhotla_append_only();

CREATE TABLE wrapped_keys (
    id      bigint PRIMARY KEY,
    purpose text NOT NULL CHECK (purpose IN ('data', 'blind_index')),
    wrapped bytea NOT NULL
);
