-- Screenings of travellers at ports of entry (issue 12). The columns are what lists and the figures filter and
-- group on; `details` holds the whole record as JSON (`lekhotla_storage::prevention`). `place` is the port of
-- entry (a `port_of_entry` unit of the geography), `district` the port's district (none for a port whose district
-- is not established), `started_on` the session's first day; `travellers` the travellers screened and `referred`
-- the people referred for further screening. The cases opened from one are linked by their numbers; no
-- traveller is named.
CREATE TABLE screenings (
    id           TEXT PRIMARY KEY NOT NULL,
    version      INTEGER NOT NULL,
    organisation TEXT NOT NULL REFERENCES organisations (id),
    place        TEXT NOT NULL REFERENCES geography_units (code),
    district     TEXT REFERENCES geography_units (code),
    started_on   TEXT NOT NULL,
    ended_on     TEXT,
    travellers   INTEGER NOT NULL CHECK (travellers >= 0),
    details      TEXT NOT NULL,
    referred     INTEGER NOT NULL CHECK (referred >= 0 AND referred <= travellers)
);
CREATE INDEX screenings_started_idx ON screenings (started_on, place, travellers);

CREATE TABLE screening_cases (
    screening_id TEXT NOT NULL REFERENCES screenings (id),
    case_number  TEXT NOT NULL REFERENCES cases (number),
    PRIMARY KEY (screening_id, case_number)
);
CREATE INDEX screening_cases_case_idx ON screening_cases (case_number);
