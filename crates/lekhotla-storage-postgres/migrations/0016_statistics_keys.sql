-- Issue 11: what the counts read instead of joining, so that each count reads one narrow table (or one index):
-- every record a count reads carries its case's district (and, where a table splits by it, the case's form of
-- exploitation and the accused's sex and officialdom); a referral whether its victim is counted and the
-- victim's age group; an investigation whether its docket has no custodian on record (the custodian is sealed);
-- a suspect the day the case's investigation opened; a prosecution the day its last charged accused had a verdict (`concluded_on`, NULL while any charged accused
-- awaits one). The stores set them after writing a case's records with the statements of
-- `lekhotla_storage::statistics::derive`; older rows are set here with the same statements (a test keeps them
-- the same). The columns may hold NULL: the bulk insert (`json_populate_recordset`) leaves every column it is
-- not given NULL until the statements set it, in the same transaction.
ALTER TABLE referrals ADD COLUMN district TEXT DEFAULT '';
ALTER TABLE referrals ADD COLUMN age_group TEXT DEFAULT 'unknown';
ALTER TABLE referrals ADD COLUMN counted BOOLEAN DEFAULT FALSE;
ALTER TABLE investigations ADD COLUMN district TEXT DEFAULT '';
ALTER TABLE investigations ADD COLUMN exploitation_form TEXT DEFAULT 'other';
ALTER TABLE investigations ADD COLUMN docket_unlocated BOOLEAN DEFAULT TRUE;
ALTER TABLE prosecutions ADD COLUMN district TEXT DEFAULT '';
ALTER TABLE prosecutions ADD COLUMN exploitation_form TEXT DEFAULT 'other';
ALTER TABLE prosecutions ADD COLUMN concluded_on DATE;
ALTER TABLE suspects ADD COLUMN district TEXT DEFAULT '';
ALTER TABLE suspects ADD COLUMN gender TEXT;
ALTER TABLE suspects ADD COLUMN official BOOLEAN DEFAULT FALSE;
ALTER TABLE suspects ADD COLUMN investigated_on DATE;
ALTER TABLE charges ADD COLUMN district TEXT DEFAULT '';
ALTER TABLE charges ADD COLUMN gender TEXT;
ALTER TABLE charges ADD COLUMN official BOOLEAN DEFAULT FALSE;
ALTER TABLE verdicts ADD COLUMN district TEXT DEFAULT '';
ALTER TABLE verdicts ADD COLUMN exploitation_form TEXT DEFAULT 'other';
ALTER TABLE verdicts ADD COLUMN gender TEXT;
ALTER TABLE verdicts ADD COLUMN official BOOLEAN DEFAULT FALSE;
ALTER TABLE hearings ADD COLUMN district TEXT DEFAULT '';
ALTER TABLE sentences ADD COLUMN district TEXT DEFAULT '';
ALTER TABLE compensation_orders ADD COLUMN district TEXT DEFAULT '';
UPDATE referrals SET
    district = coalesce((SELECT c.district FROM cases c WHERE c.id = referrals.case_id), ''),
    age_group = coalesce((SELECT CASE WHEN v.age_band IN ('0-8', '9-17') THEN 'child' WHEN v.age_band IS NULL OR v.age_band = 'unknown' THEN 'unknown' ELSE 'adult' END FROM victims v WHERE v.person_id = referrals.victim_id), 'unknown'),
    counted = coalesce((SELECT v.trafficking_status <> 'NotAVictimOfTrafficking' AND v.counted_in_statistics = TRUE FROM victims v WHERE v.person_id = referrals.victim_id), FALSE);
UPDATE investigations SET
    district = coalesce((SELECT c.district FROM cases c WHERE c.id = investigations.case_id), ''),
    exploitation_form = coalesce((SELECT c.exploitation_form FROM cases c WHERE c.id = investigations.case_id), 'other'),
    docket_unlocated = (docket_custodian IS NULL);
UPDATE prosecutions SET
    district = coalesce((SELECT c.district FROM cases c WHERE c.id = prosecutions.case_id), ''),
    exploitation_form = coalesce((SELECT c.exploitation_form FROM cases c WHERE c.id = prosecutions.case_id), 'other'),
    concluded_on = CASE WHEN NOT EXISTS (SELECT 1 FROM charges ch WHERE ch.case_id = prosecutions.case_id AND NOT EXISTS (SELECT 1 FROM verdicts vd WHERE vd.case_id = ch.case_id AND vd.accused_id = ch.accused_id)) THEN (SELECT max(x.first_verdict) FROM (SELECT (SELECT min(vd.on_date) FROM verdicts vd WHERE vd.case_id = ch.case_id AND vd.accused_id = ch.accused_id) AS first_verdict FROM charges ch WHERE ch.case_id = prosecutions.case_id) x) END;
UPDATE suspects SET
    district = coalesce((SELECT c.district FROM cases c WHERE c.id = suspects.case_id), ''),
    gender = (SELECT p.gender FROM persons p WHERE p.id = suspects.person_id),
    official = (official_public_body IS NOT NULL),
    investigated_on = (SELECT i.opened_on FROM investigations i WHERE i.case_id = suspects.case_id);
UPDATE charges SET
    district = coalesce((SELECT c.district FROM cases c WHERE c.id = charges.case_id), ''),
    gender = (SELECT s.gender FROM suspects s WHERE s.person_id = charges.accused_id),
    official = coalesce((SELECT s.official FROM suspects s WHERE s.person_id = charges.accused_id), FALSE);
UPDATE verdicts SET
    district = coalesce((SELECT c.district FROM cases c WHERE c.id = verdicts.case_id), ''),
    exploitation_form = coalesce((SELECT c.exploitation_form FROM cases c WHERE c.id = verdicts.case_id), 'other'),
    gender = (SELECT s.gender FROM suspects s WHERE s.person_id = verdicts.accused_id),
    official = coalesce((SELECT s.official FROM suspects s WHERE s.person_id = verdicts.accused_id), FALSE);
UPDATE hearings SET
    district = coalesce((SELECT c.district FROM cases c WHERE c.id = hearings.case_id), '');
UPDATE sentences SET
    district = coalesce((SELECT c.district FROM cases c WHERE c.id = sentences.case_id), '');
UPDATE compensation_orders SET
    district = coalesce((SELECT c.district FROM cases c WHERE c.id = compensation_orders.case_id), '');
-- Each count's index holds every column it reads (the columns after the period's as INCLUDE), so PostgreSQL answers it
-- from the index alone once the table is vacuumed.
CREATE INDEX victims_statistics_idx ON victims (identified_on) INCLUDE (trafficking_status, counted_in_statistics, gender, age_band, citizenship, exploitation_types, forced_labour_industry, district, detection_source, exploitation_location);
CREATE INDEX referrals_sent_statistics_idx ON referrals (counted, sent_on) INCLUDE (service, age_group, district, victim_id);
CREATE INDEX referrals_delivered_statistics_idx ON referrals (counted, delivered_on) INCLUDE (service, age_group, district, victim_id);
CREATE INDEX referrals_shelter_idx ON referrals (service, delivered_on) INCLUDE (closed_on, district, victim_id);
CREATE INDEX investigations_statistics_idx ON investigations (opened_on) INCLUDE (closed_on, exploitation_form, district, docket_unlocated, case_id);
CREATE INDEX prosecutions_statistics_idx ON prosecutions (dpp_decision, dpp_decision_on) INCLUDE (concluded_on, withdrawn_on, exploitation_form, district);
CREATE INDEX prosecutions_at_dpp_idx ON prosecutions (referred_on) INCLUDE (dpp_decision, dpp_decision_on, withdrawn_on, district);
CREATE INDEX suspects_statistics_idx ON suspects (investigated_on) INCLUDE (person_id, gender, official, district);
CREATE INDEX charges_statistics_idx ON charges (filed_on) INCLUDE (accused_id, gender, official, district);
CREATE INDEX verdicts_statistics_idx ON verdicts (on_date) INCLUDE (outcome, accused_id, gender, official, district, exploitation_form, case_id);
CREATE INDEX hearings_testified_idx ON hearings (victim_testified, on_date) INCLUDE (district, case_id);
CREATE INDEX sentences_on_date_idx ON sentences (on_date);
CREATE INDEX compensation_orders_on_date_idx ON compensation_orders (on_date);
CREATE INDEX cases_detected_statistics_idx ON cases (detected_on) INCLUDE (detection_source, district);
