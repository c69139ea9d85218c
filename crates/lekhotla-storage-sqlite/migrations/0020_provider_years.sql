-- A service provider's year (issue 12): a shelter's beds and the funding an organisation was given for its
-- work with victims, by funder. `details` holds the record as JSON (`lekhotla_storage::provision`); the
-- year's totals are columns for the sums. Occupancy and length of stay are not kept: they are computed from
-- the Shelter referrals delivered to the shelter, read by the index below.
CREATE TABLE provider_years (
    organisation TEXT NOT NULL REFERENCES organisations (id),
    year         INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    beds         INTEGER CHECK (beds >= 0),
    committed    INTEGER NOT NULL CHECK (committed >= 0),
    disbursed    INTEGER NOT NULL CHECK (disbursed >= 0),
    details      TEXT NOT NULL,
    PRIMARY KEY (organisation, year)
);

CREATE INDEX referrals_stays_idx ON referrals (service, to_org, delivered_on, closed_on);
