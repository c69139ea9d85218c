-- Lekhotla case registry, SQLite. The PostgreSQL migration of the same name has the same tables
-- and columns with PostgreSQL types.
--
-- Storage conventions: ids are TEXT (hyphenated lower-case UUID), dates TEXT `YYYY-MM-DD`,
-- timestamps TEXT RFC 3339 in UTC, booleans INTEGER 0/1, vocabulary values their codes, and
-- multi-select values and country lists `|`-joined codes (HTCDS style). Every record of a case
-- carries `case_id` (deleted with the case) and a `position`, so lists read back in saved order.

CREATE TABLE geography_units (
    code        TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('country', 'district', 'port_of_entry')),
    parent_code TEXT,
    hub_code    TEXT,
    population  INTEGER,
    position    INTEGER NOT NULL
);

CREATE TABLE organisations (
    id       TEXT PRIMARY KEY NOT NULL,
    version  INTEGER NOT NULL,
    name     TEXT NOT NULL,
    org_type TEXT NOT NULL,
    district TEXT,
    services TEXT NOT NULL DEFAULT '',
    phone    TEXT,
    city     TEXT,
    country  TEXT NOT NULL
);

CREATE TABLE case_number_counters (
    country       TEXT NOT NULL,
    year          INTEGER NOT NULL,
    last_sequence INTEGER NOT NULL,
    PRIMARY KEY (country, year)
);

CREATE TABLE cases (
    id               TEXT PRIMARY KEY NOT NULL,
    number           TEXT NOT NULL UNIQUE,
    version          INTEGER NOT NULL,
    status           TEXT NOT NULL,
    closure_reason   TEXT,
    owner            TEXT,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    district         TEXT NOT NULL REFERENCES geography_units (code),
    detection_source TEXT NOT NULL,
    detected_on      TEXT NOT NULL,
    port_of_entry    TEXT REFERENCES geography_units (code),
    summary          TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    stage            TEXT NOT NULL CHECK (stage IN ('reported', 'under_investigation', 'prosecution', 'verdict')),
    victim_count     INTEGER NOT NULL DEFAULT 0,
    suspect_count    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cases_list_idx ON cases (detected_on DESC, number DESC);
CREATE INDEX cases_organisation_idx ON cases (organisation_id);
CREATE INDEX cases_district_idx ON cases (district);
CREATE INDEX cases_status_idx ON cases (status);
CREATE INDEX cases_stage_idx ON cases (stage);
CREATE INDEX cases_port_of_entry_idx ON cases (port_of_entry);

CREATE TABLE persons (
    id                  TEXT PRIMARY KEY NOT NULL,
    case_id             TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    role                TEXT NOT NULL CHECK (role IN ('victim', 'suspect', 'witness')),
    position            INTEGER NOT NULL,
    version             INTEGER NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('individual', 'business')),
    first_name          TEXT,
    middle_name         TEXT,
    second_name         TEXT,
    birthdate           TEXT,
    estimated_age       INTEGER,
    gender              TEXT,
    citizenship         TEXT NOT NULL DEFAULT '',
    identity_number     TEXT,
    phone               TEXT,
    email               TEXT,
    address             TEXT,
    city                TEXT,
    district            TEXT,
    country             TEXT,
    primary_language    TEXT,
    business_name       TEXT,
    business_kind       TEXT,
    registration_number TEXT
);
CREATE INDEX persons_case_idx ON persons (case_id, position);

CREATE TABLE victims (
    person_id                  TEXT PRIMARY KEY NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    case_id                    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    trafficking_status         TEXT NOT NULL,
    status_decided_by          TEXT,
    status_decided_by_org      TEXT,
    status_decided_on          TEXT,
    identified_on              TEXT NOT NULL,
    age_when_trafficked        INTEGER,
    exploitation_types         TEXT NOT NULL DEFAULT '',
    forced_labour_industry     TEXT,
    sex_exploitation_types     TEXT NOT NULL DEFAULT '',
    methods_of_control         TEXT NOT NULL DEFAULT '',
    recruitment_methods        TEXT NOT NULL DEFAULT '',
    relationship_to_trafficker TEXT,
    vulnerabilities            TEXT NOT NULL DEFAULT '',
    vulnerability_details      TEXT
);
CREATE INDEX victims_case_idx ON victims (case_id);

CREATE TABLE suspects (
    person_id            TEXT PRIMARY KEY NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    case_id              TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    roles                TEXT NOT NULL DEFAULT '',
    role_details         TEXT,
    official_public_body TEXT,
    official_position    TEXT,
    arrested_on          TEXT
);
CREATE INDEX suspects_case_idx ON suspects (case_id);

CREATE TABLE witnesses (
    person_id           TEXT PRIMARY KEY NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    case_id             TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    victim_id           TEXT,
    statement_taken_on  TEXT,
    testimony_preserved INTEGER NOT NULL DEFAULT 0 CHECK (testimony_preserved IN (0, 1))
);
CREATE INDEX witnesses_case_idx ON witnesses (case_id);

CREATE TABLE events (
    id            TEXT PRIMARY KEY NOT NULL,
    case_id       TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    event_type    TEXT NOT NULL,
    date          TEXT,
    country       TEXT NOT NULL,
    district      TEXT,
    port_of_entry TEXT,
    city          TEXT,
    place         TEXT,
    description   TEXT,
    latitude      REAL,
    longitude     REAL,
    victim_id     TEXT
);
CREATE INDEX events_case_idx ON events (case_id, position);

CREATE TABLE referrals (
    id             TEXT PRIMARY KEY NOT NULL,
    case_id        TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    victim_id      TEXT,
    from_org       TEXT NOT NULL,
    to_org         TEXT NOT NULL,
    service        TEXT NOT NULL,
    reason         TEXT NOT NULL,
    details        TEXT,
    automatic      INTEGER NOT NULL CHECK (automatic IN (0, 1)),
    state          TEXT NOT NULL,
    sent_on        TEXT NOT NULL,
    responded_on   TEXT,
    decline_reason TEXT,
    delivered_on   TEXT,
    delivery_note  TEXT,
    closed_on      TEXT
);
CREATE INDEX referrals_case_idx ON referrals (case_id, position);

CREATE TABLE consents (
    id           TEXT PRIMARY KEY NOT NULL,
    case_id      TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    victim_id    TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    given        INTEGER NOT NULL CHECK (given IN (0, 1)),
    recorded_on  TEXT NOT NULL,
    withdrawn_on TEXT,
    recorded_by  TEXT
);
CREATE INDEX consents_case_idx ON consents (case_id, position);

CREATE TABLE support_plans (
    id          TEXT PRIMARY KEY NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    victim_id   TEXT NOT NULL,
    plan_type   TEXT NOT NULL,
    provider    TEXT,
    objectives  TEXT NOT NULL,
    action_plan TEXT,
    started_on  TEXT NOT NULL,
    planned_end TEXT,
    actual_end  TEXT
);
CREATE INDEX support_plans_case_idx ON support_plans (case_id, position);

CREATE TABLE comments (
    id       TEXT PRIMARY KEY NOT NULL,
    case_id  TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    author   TEXT NOT NULL,
    at       TEXT NOT NULL,
    text     TEXT NOT NULL
);
CREATE INDEX comments_case_idx ON comments (case_id, position);

CREATE TABLE case_links (
    case_id       TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    other_case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (case_id, other_case_id)
);
CREATE INDEX case_links_other_idx ON case_links (other_case_id);

CREATE TABLE investigations (
    id                    TEXT PRIMARY KEY NOT NULL,
    case_id               TEXT NOT NULL UNIQUE REFERENCES cases (id) ON DELETE CASCADE,
    version               INTEGER NOT NULL,
    unit                  TEXT NOT NULL,
    organisation_id       TEXT NOT NULL,
    investigator          TEXT NOT NULL,
    opened_on             TEXT NOT NULL,
    docket_number         TEXT,
    docket_custodian      TEXT,
    cooperating_countries TEXT NOT NULL DEFAULT '',
    closed_on             TEXT,
    closure_reason        TEXT
);

CREATE TABLE docket_transfers (
    id             TEXT PRIMARY KEY NOT NULL,
    case_id        TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    from_custodian TEXT,
    to_custodian   TEXT NOT NULL,
    on_date        TEXT NOT NULL,
    reason         TEXT
);
CREATE INDEX docket_transfers_case_idx ON docket_transfers (case_id, position);

CREATE TABLE prosecutions (
    id                TEXT PRIMARY KEY NOT NULL,
    case_id           TEXT NOT NULL UNIQUE REFERENCES cases (id) ON DELETE CASCADE,
    version           INTEGER NOT NULL,
    prosecutor        TEXT NOT NULL,
    referred_on       TEXT NOT NULL,
    dpp_decision      TEXT,
    dpp_decision_on   TEXT,
    summons_issued_on TEXT,
    court             TEXT,
    court_case_number TEXT
);

CREATE TABLE charges (
    id         TEXT PRIMARY KEY NOT NULL,
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    accused_id TEXT NOT NULL,
    offence    TEXT NOT NULL,
    statute    TEXT,
    counts     INTEGER NOT NULL,
    filed_on   TEXT NOT NULL
);
CREATE INDEX charges_case_idx ON charges (case_id, position);

CREATE TABLE hearings (
    id               TEXT PRIMARY KEY NOT NULL,
    case_id          TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    on_date          TEXT NOT NULL,
    kind             TEXT NOT NULL,
    victim_testified INTEGER NOT NULL CHECK (victim_testified IN (0, 1)),
    notes            TEXT
);
CREATE INDEX hearings_case_idx ON hearings (case_id, position);

CREATE TABLE verdicts (
    id         TEXT PRIMARY KEY NOT NULL,
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    accused_id TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    on_date    TEXT NOT NULL
);
CREATE INDEX verdicts_case_idx ON verdicts (case_id, position);

CREATE TABLE sentences (
    id                  TEXT PRIMARY KEY NOT NULL,
    case_id             TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,
    accused_id          TEXT NOT NULL,
    on_date             TEXT NOT NULL,
    imprisonment_months INTEGER,
    fine_lsl            INTEGER,
    suspended           INTEGER NOT NULL CHECK (suspended IN (0, 1)),
    notes               TEXT
);
CREATE INDEX sentences_case_idx ON sentences (case_id, position);

CREATE TABLE compensation_orders (
    id         TEXT PRIMARY KEY NOT NULL,
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    accused_id TEXT NOT NULL,
    victim_id  TEXT NOT NULL,
    amount_lsl INTEGER NOT NULL,
    on_date    TEXT NOT NULL
);
CREATE INDEX compensation_orders_case_idx ON compensation_orders (case_id, position);
