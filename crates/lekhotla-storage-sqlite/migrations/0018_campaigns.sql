-- Prevention work: awareness campaigns (issue 12). The columns are what lists and the figures filter and
-- group on; `details` holds the whole record as JSON (`lekhotla_storage::prevention`).
CREATE TABLE campaigns (
    id           TEXT PRIMARY KEY NOT NULL,
    version      INTEGER NOT NULL,
    organisation TEXT NOT NULL REFERENCES organisations (id),
    place        TEXT NOT NULL,
    district     TEXT REFERENCES geography_units (code),
    started_on   TEXT NOT NULL,
    ended_on     TEXT,
    reach        INTEGER NOT NULL CHECK (reach >= 0),
    details      TEXT NOT NULL
);
CREATE INDEX campaigns_started_idx ON campaigns (started_on, place, reach);
