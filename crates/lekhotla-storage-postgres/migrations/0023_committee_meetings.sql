-- Committee meetings (issue 12): the Multi-Sectoral Committee's (`committee` = 'MSC') and the district
-- committees' (`committee` = the district's code, also in `district`). The columns are what lists filter and
-- sort on: the day, how many action items are still open and the earliest open deadline; `details` holds the
-- whole record as JSON (`lekhotla_storage::committee`): agenda, attendance by organisation, decisions and action
-- items, linked to plan activities by code and to cases by number only. No person is named.
CREATE TABLE committee_meetings (
    id            uuid PRIMARY KEY,
    version       bigint NOT NULL,
    committee     text NOT NULL,
    district      text CONSTRAINT committee_meetings_district_fk REFERENCES geography_units (code),
    held_on       date NOT NULL,
    open_actions  bigint NOT NULL CHECK (open_actions >= 0),
    next_deadline date,
    details       text NOT NULL
);
CREATE INDEX committee_meetings_held_idx ON committee_meetings (held_on, committee);
CREATE INDEX committee_meetings_open_idx ON committee_meetings (open_actions, next_deadline);
