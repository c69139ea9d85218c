-- Documents uploaded as evidence of the action plan's activities (issue 12, `lekhotla_storage::plan_files`).
-- People write names into documents: a file's name and its bytes (base64 text) are sealed like the registry's
-- notes, bound to the row; the activity, type, size, SHA-256 and time are open. A file is never changed.
CREATE TABLE plan_files (
    id           uuid PRIMARY KEY,
    activity     text NOT NULL,
    name         text NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL CHECK (size >= 0),
    sha256       text NOT NULL,
    content      text NOT NULL,
    uploaded_at  timestamptz NOT NULL
);
CREATE INDEX plan_files_activity_idx ON plan_files (activity, uploaded_at);
