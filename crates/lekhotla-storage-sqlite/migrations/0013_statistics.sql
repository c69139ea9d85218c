-- Issue 11: what the country's figures read instead of sealed values, kept as open derived columns.
-- `victims.age_band`: the age band at identification (CTDC's broad ranges, `AgeBand::code`), from the sealed
-- birth date or the estimated age. NULL on rows written before this migration until the store is opened with
-- its keyring, which fills them (`KeyStore::seal_plaintext`).
ALTER TABLE victims ADD COLUMN age_band TEXT;
-- `cases.exploitation_form`: sex, labour, both or other (`ExploitationForm`), from every victim's forms; the
-- application writes it with the case; rows from before are filled here from the victims' stored codes.
ALTER TABLE cases ADD COLUMN exploitation_form TEXT NOT NULL DEFAULT 'other'
    CHECK (exploitation_form IN ('sex', 'labour', 'both', 'other'));
UPDATE cases SET exploitation_form = CASE
    WHEN EXISTS (SELECT 1 FROM victims v WHERE v.case_id = cases.id
                 AND ('|' || v.exploitation_types || '|') LIKE '%|SexualExploitation|%')
    THEN CASE WHEN EXISTS (SELECT 1 FROM victims v WHERE v.case_id = cases.id
                 AND (('|' || v.exploitation_types || '|') LIKE '%|ForcedLabour|%'
                   OR ('|' || v.exploitation_types || '|') LIKE '%|ChildLabour|%'
                   OR ('|' || v.exploitation_types || '|') LIKE '%|Servitude|%'
                   OR ('|' || v.exploitation_types || '|') LIKE '%|ForcedBegging|%'
                   OR ('|' || v.exploitation_types || '|') LIKE '%|ForcedMilitaryByNonStateActors|%'))
              THEN 'both' ELSE 'sex' END
    WHEN EXISTS (SELECT 1 FROM victims v WHERE v.case_id = cases.id
                 AND (('|' || v.exploitation_types || '|') LIKE '%|ForcedLabour|%'
                   OR ('|' || v.exploitation_types || '|') LIKE '%|ChildLabour|%'
                   OR ('|' || v.exploitation_types || '|') LIKE '%|Servitude|%'
                   OR ('|' || v.exploitation_types || '|') LIKE '%|ForcedBegging|%'
                   OR ('|' || v.exploitation_types || '|') LIKE '%|ForcedMilitaryByNonStateActors|%'))
    THEN 'labour'
    ELSE 'other' END;
-- The victims placed in a period by the day they were identified.
CREATE INDEX victims_identified_on_idx ON victims (identified_on);
-- Frozen reports: the published figures as they were, signed with the installation's key; never changed.
CREATE TABLE frozen_reports (
    id                  TEXT PRIMARY KEY NOT NULL,
    kind                TEXT NOT NULL,
    area                TEXT NOT NULL,
    period_from         TEXT NOT NULL,
    period_to           TEXT NOT NULL,
    frozen_at           TEXT NOT NULL,
    frozen_by           TEXT NOT NULL,
    definitions_version INTEGER NOT NULL,
    document            TEXT NOT NULL,
    signature           TEXT NOT NULL,
    public_key          TEXT NOT NULL
);
CREATE TRIGGER frozen_reports_stay BEFORE UPDATE ON frozen_reports
BEGIN SELECT RAISE(ABORT, 'a frozen report cannot be changed'); END;
CREATE TRIGGER frozen_reports_kept BEFORE DELETE ON frozen_reports
BEGIN SELECT RAISE(ABORT, 'a frozen report cannot be deleted'); END;
