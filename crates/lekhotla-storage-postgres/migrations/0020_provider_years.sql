-- A service provider's year (issue 12): a shelter's beds and the funding an organisation was given for its
-- work with victims, by funder. `details` holds the record as JSON (`lekhotla_storage::provision`); the
-- year's totals are columns for the sums. Occupancy and length of stay are not kept: they are computed from
-- the Shelter referrals delivered to the shelter, read by the index below.
CREATE TABLE provider_years (
    organisation uuid NOT NULL CONSTRAINT provider_years_organisation_fk REFERENCES organisations (id),
    year         integer NOT NULL,
    version      bigint NOT NULL,
    beds         bigint CHECK (beds >= 0),
    committed    bigint NOT NULL CHECK (committed >= 0),
    disbursed    bigint NOT NULL CHECK (disbursed >= 0),
    details      text NOT NULL,
    PRIMARY KEY (organisation, year)
);

CREATE INDEX referrals_stays_idx ON referrals (service, to_org, delivered_on, closed_on);
