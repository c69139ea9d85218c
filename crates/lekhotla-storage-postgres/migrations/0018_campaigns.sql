-- Prevention work: awareness campaigns (issue 12). The columns are what lists and the figures filter and
-- group on; `details` holds the whole record as JSON (`lekhotla_storage::prevention`).
CREATE TABLE campaigns (
    id           uuid PRIMARY KEY,
    version      bigint NOT NULL,
    organisation uuid NOT NULL CONSTRAINT campaigns_organisation_fk REFERENCES organisations (id),
    place        text NOT NULL,
    district     text CONSTRAINT campaigns_district_fk REFERENCES geography_units (code),
    started_on   date NOT NULL,
    ended_on     date,
    reach        bigint NOT NULL CHECK (reach >= 0),
    details      text NOT NULL
);
CREATE INDEX campaigns_started_idx ON campaigns (started_on, place, reach);
