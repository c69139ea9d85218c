-- Prevention work: trainings and joint inspections (issue 12). The columns are what lists and the figures
-- filter and group on; `details` holds the whole record as JSON (`lekhotla_storage::prevention`). A
-- training's participants are counted in groups of one organisation, role, sex and district; no participant is
-- named.
CREATE TABLE trainings (
    id           TEXT PRIMARY KEY NOT NULL,
    version      INTEGER NOT NULL,
    organisation TEXT NOT NULL REFERENCES organisations (id),
    place        TEXT NOT NULL,
    district     TEXT REFERENCES geography_units (code),
    started_on   TEXT NOT NULL,
    ended_on     TEXT,
    people       INTEGER NOT NULL CHECK (people >= 0),
    details      TEXT NOT NULL
);
CREATE INDEX trainings_started_idx ON trainings (started_on, place, people);

CREATE TABLE training_participants (
    training_id  TEXT NOT NULL REFERENCES trainings (id),
    position     INTEGER NOT NULL,
    organisation TEXT REFERENCES organisations (id),
    role         TEXT NOT NULL,
    sex          TEXT NOT NULL,
    district     TEXT REFERENCES geography_units (code),
    people       INTEGER NOT NULL CHECK (people > 0),
    certified    INTEGER NOT NULL CHECK (certified >= 0 AND certified <= people),
    PRIMARY KEY (training_id, position)
);

-- Joint inspections of employers. `started_on` is the day of the inspection; `foreign_workers` the foreign
-- workers checked. The cases opened from one are linked by their numbers; no worker is named.
CREATE TABLE inspections (
    id              TEXT PRIMARY KEY NOT NULL,
    version         INTEGER NOT NULL,
    organisation    TEXT NOT NULL REFERENCES organisations (id),
    place           TEXT NOT NULL,
    district        TEXT REFERENCES geography_units (code),
    started_on      TEXT NOT NULL,
    ended_on        TEXT,
    foreign_workers INTEGER NOT NULL CHECK (foreign_workers >= 0),
    details         TEXT NOT NULL
);
CREATE INDEX inspections_started_idx ON inspections (started_on, place, foreign_workers);

CREATE TABLE inspection_cases (
    inspection_id TEXT NOT NULL REFERENCES inspections (id),
    case_number   TEXT NOT NULL REFERENCES cases (number),
    PRIMARY KEY (inspection_id, case_number)
);
CREATE INDEX inspection_cases_case_idx ON inspection_cases (case_number);
