-- Committee meetings (issue 12): the Multi-Sectoral Committee's (`committee` = 'MSC') and the district
-- committees' (`committee` = the district's code, also in `district`). The columns are what lists filter and
-- sort on: the day, how many action items are still open and the earliest open deadline; `details` holds the
-- whole record as JSON (`lekhotla_storage::committee`): agenda, attendance by organisation, decisions and action
-- items, linked to plan activities by code and to cases by number only. No person is named.
CREATE TABLE committee_meetings (
    id            TEXT PRIMARY KEY NOT NULL,
    version       INTEGER NOT NULL,
    committee     TEXT NOT NULL,
    district      TEXT REFERENCES geography_units (code),
    held_on       TEXT NOT NULL,
    open_actions  INTEGER NOT NULL CHECK (open_actions >= 0),
    next_deadline TEXT,
    details       TEXT NOT NULL
);
CREATE INDEX committee_meetings_held_idx ON committee_meetings (held_on, committee);
CREATE INDEX committee_meetings_open_idx ON committee_meetings (open_actions, next_deadline);
