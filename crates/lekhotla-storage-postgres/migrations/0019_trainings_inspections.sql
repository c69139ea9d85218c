-- Prevention work: trainings and joint inspections (issue 12). The columns are what lists and the figures
-- filter and group on; `details` holds the whole record as JSON (`lekhotla_storage::prevention`). A
-- training's participants are counted in groups of one organisation, role, sex and district; no participant is
-- named.
CREATE TABLE trainings (
    id           uuid PRIMARY KEY,
    version      bigint NOT NULL,
    organisation uuid NOT NULL CONSTRAINT trainings_organisation_fk REFERENCES organisations (id),
    place        text NOT NULL,
    district     text CONSTRAINT trainings_district_fk REFERENCES geography_units (code),
    started_on   date NOT NULL,
    ended_on     date,
    people       bigint NOT NULL CHECK (people >= 0),
    details      text NOT NULL
);
CREATE INDEX trainings_started_idx ON trainings (started_on, place, people);

CREATE TABLE training_participants (
    training_id  uuid NOT NULL CONSTRAINT training_participants_training_fk REFERENCES trainings (id),
    position     bigint NOT NULL,
    organisation uuid CONSTRAINT training_participants_organisation_fk REFERENCES organisations (id),
    role         text NOT NULL,
    sex          text NOT NULL,
    district     text CONSTRAINT training_participants_district_fk REFERENCES geography_units (code),
    people       bigint NOT NULL CHECK (people > 0),
    certified    bigint NOT NULL CHECK (certified >= 0 AND certified <= people),
    PRIMARY KEY (training_id, position)
);

-- Joint inspections of employers. `started_on` is the day of the inspection; `foreign_workers` the foreign
-- workers checked. The cases opened from one are linked by their numbers; no worker is named.
CREATE TABLE inspections (
    id              uuid PRIMARY KEY,
    version         bigint NOT NULL,
    organisation    uuid NOT NULL CONSTRAINT inspections_organisation_fk REFERENCES organisations (id),
    place           text NOT NULL,
    district        text CONSTRAINT inspections_district_fk REFERENCES geography_units (code),
    started_on      date NOT NULL,
    ended_on        date,
    foreign_workers bigint NOT NULL CHECK (foreign_workers >= 0),
    details         text NOT NULL
);
CREATE INDEX inspections_started_idx ON inspections (started_on, place, foreign_workers);

CREATE TABLE inspection_cases (
    inspection_id uuid NOT NULL CONSTRAINT inspection_cases_inspection_fk REFERENCES inspections (id),
    case_number   text NOT NULL CONSTRAINT inspection_cases_case_fk REFERENCES cases (number),
    PRIMARY KEY (inspection_id, case_number)
);
CREATE INDEX inspection_cases_case_idx ON inspection_cases (case_number);
