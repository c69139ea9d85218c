-- Lekhotla case registry, PostgreSQL. Mirrors the SQLite migration of the same name: same tables,
-- same columns, PostgreSQL types. Vocabulary values are stored as their codes, multi-select
-- values and country lists as `|`-joined codes (HTCDS style). Foreign keys are named
-- `<table>_<field>_fk` so that a violation can be reported against the field.

CREATE TABLE geography_units (
    code        text PRIMARY KEY,
    name        text NOT NULL,
    kind        text NOT NULL,
    parent_code text,
    hub_code    text,
    population  bigint,
    position    integer NOT NULL
);

CREATE TABLE organisations (
    id       uuid PRIMARY KEY,
    version  bigint NOT NULL,
    name     text NOT NULL,
    org_type text NOT NULL,
    district text,
    services text NOT NULL DEFAULT '',
    phone    text,
    city     text,
    country  text NOT NULL
);

CREATE TABLE case_number_counters (
    country       text NOT NULL,
    year          integer NOT NULL,
    last_sequence bigint NOT NULL,
    PRIMARY KEY (country, year)
);

CREATE TABLE cases (
    id               uuid PRIMARY KEY,
    number           text NOT NULL,
    version          bigint NOT NULL,
    status           text NOT NULL,
    closure_reason   text,
    owner            text,
    organisation_id  uuid NOT NULL,
    district         text NOT NULL,
    detection_source text NOT NULL,
    detected_on      date NOT NULL,
    port_of_entry    text,
    summary          text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    stage            text NOT NULL,
    victim_count     integer NOT NULL DEFAULT 0,
    suspect_count    integer NOT NULL DEFAULT 0,
    CONSTRAINT cases_number_key UNIQUE (number),
    CONSTRAINT cases_organisation_fk FOREIGN KEY (organisation_id) REFERENCES organisations (id),
    CONSTRAINT cases_district_fk FOREIGN KEY (district) REFERENCES geography_units (code),
    CONSTRAINT cases_port_of_entry_fk FOREIGN KEY (port_of_entry) REFERENCES geography_units (code)
);
CREATE INDEX cases_list_idx ON cases (detected_on DESC, number DESC);
CREATE INDEX cases_organisation_idx ON cases (organisation_id);
CREATE INDEX cases_district_idx ON cases (district);

CREATE TABLE persons (
    id                  uuid PRIMARY KEY,
    case_id             uuid NOT NULL,
    role                text NOT NULL CHECK (role IN ('victim', 'suspect', 'witness')),
    position            integer NOT NULL,
    version             bigint NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('individual', 'business')),
    first_name          text,
    middle_name         text,
    second_name         text,
    birthdate           date,
    estimated_age       integer,
    gender              text,
    citizenship         text NOT NULL DEFAULT '',
    identity_number     text,
    phone               text,
    email               text,
    address             text,
    city                text,
    district            text,
    country             text,
    primary_language    text,
    business_name       text,
    business_kind       text,
    registration_number text,
    CONSTRAINT persons_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX persons_case_idx ON persons (case_id, position);

CREATE TABLE victims (
    person_id                  uuid PRIMARY KEY,
    case_id                    uuid NOT NULL,
    trafficking_status         text NOT NULL,
    status_decided_by          text,
    status_decided_by_org      uuid,
    status_decided_on          date,
    identified_on              date NOT NULL,
    age_when_trafficked        integer,
    exploitation_types         text NOT NULL DEFAULT '',
    forced_labour_industry     text,
    sex_exploitation_types     text NOT NULL DEFAULT '',
    methods_of_control         text NOT NULL DEFAULT '',
    recruitment_methods        text NOT NULL DEFAULT '',
    relationship_to_trafficker text,
    vulnerabilities            text NOT NULL DEFAULT '',
    vulnerability_details      text,
    CONSTRAINT victims_person_fk FOREIGN KEY (person_id) REFERENCES persons (id) ON DELETE CASCADE,
    CONSTRAINT victims_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX victims_case_idx ON victims (case_id);

CREATE TABLE suspects (
    person_id            uuid PRIMARY KEY,
    case_id              uuid NOT NULL,
    roles                text NOT NULL DEFAULT '',
    role_details         text,
    official_public_body text,
    official_position    text,
    arrested_on          date,
    CONSTRAINT suspects_person_fk FOREIGN KEY (person_id) REFERENCES persons (id) ON DELETE CASCADE,
    CONSTRAINT suspects_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX suspects_case_idx ON suspects (case_id);

CREATE TABLE witnesses (
    person_id           uuid PRIMARY KEY,
    case_id             uuid NOT NULL,
    victim_id           uuid,
    statement_taken_on  date,
    testimony_preserved boolean NOT NULL DEFAULT false,
    CONSTRAINT witnesses_person_fk FOREIGN KEY (person_id) REFERENCES persons (id) ON DELETE CASCADE,
    CONSTRAINT witnesses_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX witnesses_case_idx ON witnesses (case_id);

CREATE TABLE events (
    id            uuid PRIMARY KEY,
    case_id       uuid NOT NULL,
    position      integer NOT NULL,
    version       bigint NOT NULL,
    event_type    text NOT NULL,
    date          date,
    country       text NOT NULL,
    district      text,
    port_of_entry text,
    city          text,
    place         text,
    description   text,
    latitude      double precision,
    longitude     double precision,
    victim_id     uuid,
    CONSTRAINT events_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX events_case_idx ON events (case_id, position);

CREATE TABLE referrals (
    id             uuid PRIMARY KEY,
    case_id        uuid NOT NULL,
    position       integer NOT NULL,
    version        bigint NOT NULL,
    victim_id      uuid,
    from_org       uuid NOT NULL,
    to_org         uuid NOT NULL,
    service        text NOT NULL,
    reason         text NOT NULL,
    details        text,
    automatic      boolean NOT NULL,
    state          text NOT NULL,
    sent_on        date NOT NULL,
    responded_on   date,
    decline_reason text,
    delivered_on   date,
    delivery_note  text,
    closed_on      date,
    CONSTRAINT referrals_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX referrals_case_idx ON referrals (case_id, position);

CREATE TABLE consents (
    id           uuid PRIMARY KEY,
    case_id      uuid NOT NULL,
    position     integer NOT NULL,
    version      bigint NOT NULL,
    victim_id    uuid NOT NULL,
    purpose      text NOT NULL,
    given        boolean NOT NULL,
    recorded_on  date NOT NULL,
    withdrawn_on date,
    recorded_by  text,
    CONSTRAINT consents_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX consents_case_idx ON consents (case_id, position);

CREATE TABLE support_plans (
    id          uuid PRIMARY KEY,
    case_id     uuid NOT NULL,
    position    integer NOT NULL,
    version     bigint NOT NULL,
    victim_id   uuid NOT NULL,
    plan_type   text NOT NULL,
    provider    uuid,
    objectives  text NOT NULL,
    action_plan text,
    started_on  date NOT NULL,
    planned_end date,
    actual_end  date,
    CONSTRAINT support_plans_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX support_plans_case_idx ON support_plans (case_id, position);

CREATE TABLE comments (
    id       uuid PRIMARY KEY,
    case_id  uuid NOT NULL,
    position integer NOT NULL,
    author   text NOT NULL,
    at       timestamptz NOT NULL,
    text     text NOT NULL,
    CONSTRAINT comments_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX comments_case_idx ON comments (case_id, position);

CREATE TABLE case_links (
    case_id       uuid NOT NULL,
    other_case_id uuid NOT NULL,
    kind          text NOT NULL,
    position      integer NOT NULL,
    CONSTRAINT case_links_pkey PRIMARY KEY (case_id, other_case_id),
    CONSTRAINT case_links_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT case_links_other_case_fk FOREIGN KEY (other_case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX case_links_other_idx ON case_links (other_case_id);

CREATE TABLE investigations (
    id                    uuid PRIMARY KEY,
    case_id               uuid NOT NULL,
    version               bigint NOT NULL,
    unit                  text NOT NULL,
    organisation_id       uuid NOT NULL,
    investigator          text NOT NULL,
    opened_on             date NOT NULL,
    docket_number         text,
    docket_custodian      text,
    cooperating_countries text NOT NULL DEFAULT '',
    closed_on             date,
    closure_reason        text,
    CONSTRAINT investigations_case_key UNIQUE (case_id),
    CONSTRAINT investigations_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);

CREATE TABLE docket_transfers (
    id             uuid PRIMARY KEY,
    case_id        uuid NOT NULL,
    position       integer NOT NULL,
    from_custodian text,
    to_custodian   text NOT NULL,
    on_date        date NOT NULL,
    reason         text,
    CONSTRAINT docket_transfers_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX docket_transfers_case_idx ON docket_transfers (case_id, position);

CREATE TABLE prosecutions (
    id                uuid PRIMARY KEY,
    case_id           uuid NOT NULL,
    version           bigint NOT NULL,
    prosecutor        text NOT NULL,
    referred_on       date NOT NULL,
    dpp_decision      text,
    dpp_decision_on   date,
    summons_issued_on date,
    court             text,
    court_case_number text,
    CONSTRAINT prosecutions_case_key UNIQUE (case_id),
    CONSTRAINT prosecutions_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);

CREATE TABLE charges (
    id         uuid PRIMARY KEY,
    case_id    uuid NOT NULL,
    position   integer NOT NULL,
    accused_id uuid NOT NULL,
    offence    text NOT NULL,
    statute    text,
    counts     integer NOT NULL,
    filed_on   date NOT NULL,
    CONSTRAINT charges_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX charges_case_idx ON charges (case_id, position);

CREATE TABLE hearings (
    id              uuid PRIMARY KEY,
    case_id         uuid NOT NULL,
    position        integer NOT NULL,
    on_date         date NOT NULL,
    kind            text NOT NULL,
    victim_testified boolean NOT NULL,
    notes           text,
    CONSTRAINT hearings_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX hearings_case_idx ON hearings (case_id, position);

CREATE TABLE verdicts (
    id         uuid PRIMARY KEY,
    case_id    uuid NOT NULL,
    position   integer NOT NULL,
    accused_id uuid NOT NULL,
    outcome    text NOT NULL,
    on_date    date NOT NULL,
    CONSTRAINT verdicts_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX verdicts_case_idx ON verdicts (case_id, position);

CREATE TABLE sentences (
    id                  uuid PRIMARY KEY,
    case_id             uuid NOT NULL,
    position            integer NOT NULL,
    accused_id          uuid NOT NULL,
    on_date             date NOT NULL,
    imprisonment_months integer,
    fine_lsl            bigint,
    suspended           boolean NOT NULL,
    notes               text,
    CONSTRAINT sentences_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX sentences_case_idx ON sentences (case_id, position);

CREATE TABLE compensation_orders (
    id         uuid PRIMARY KEY,
    case_id    uuid NOT NULL,
    position   integer NOT NULL,
    accused_id uuid NOT NULL,
    victim_id  uuid NOT NULL,
    amount_lsl bigint NOT NULL,
    on_date    date NOT NULL,
    CONSTRAINT compensation_orders_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX compensation_orders_case_idx ON compensation_orders (case_id, position);
