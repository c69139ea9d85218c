-- Issue 11, the counts at a million cases.
-- Each victim once per count without DISTINCT: a referral carries the day of the same victim's previous
-- referral, to the same service and to any, by the day it was sent and the day it was delivered (earlier by
-- day, then by id; NULL for the first). A victim referred in a period is then a referral in the period whose
-- previous one is not. The stores set these columns (and the victims' keys below) after writing a case's
-- records with the statements of `lekhotla_storage::statistics::derive`; older rows are set here with the
-- same statements (a test keeps them the same).
ALTER TABLE referrals ADD COLUMN sent_before TEXT;
ALTER TABLE referrals ADD COLUMN sent_before_any TEXT;
ALTER TABLE referrals ADD COLUMN delivered_before TEXT;
ALTER TABLE referrals ADD COLUMN delivered_before_any TEXT;
UPDATE referrals SET
    sent_before = CASE WHEN referrals.sent_on IS NULL OR referrals.victim_id IS NULL THEN NULL ELSE (SELECT max(r.sent_on) FROM referrals r WHERE r.case_id = referrals.case_id AND r.victim_id = referrals.victim_id AND r.service = referrals.service AND r.sent_on IS NOT NULL AND (r.sent_on < referrals.sent_on OR (r.sent_on = referrals.sent_on AND r.id < referrals.id))) END,
    sent_before_any = CASE WHEN referrals.sent_on IS NULL OR referrals.victim_id IS NULL THEN NULL ELSE (SELECT max(r.sent_on) FROM referrals r WHERE r.case_id = referrals.case_id AND r.victim_id = referrals.victim_id AND r.sent_on IS NOT NULL AND (r.sent_on < referrals.sent_on OR (r.sent_on = referrals.sent_on AND r.id < referrals.id))) END,
    delivered_before = CASE WHEN referrals.delivered_on IS NULL OR referrals.victim_id IS NULL THEN NULL ELSE (SELECT max(r.delivered_on) FROM referrals r WHERE r.case_id = referrals.case_id AND r.victim_id = referrals.victim_id AND r.service = referrals.service AND r.delivered_on IS NOT NULL AND (r.delivered_on < referrals.delivered_on OR (r.delivered_on = referrals.delivered_on AND r.id < referrals.id))) END,
    delivered_before_any = CASE WHEN referrals.delivered_on IS NULL OR referrals.victim_id IS NULL THEN NULL ELSE (SELECT max(r.delivered_on) FROM referrals r WHERE r.case_id = referrals.case_id AND r.victim_id = referrals.victim_id AND r.delivered_on IS NOT NULL AND (r.delivered_on < referrals.delivered_on OR (r.delivered_on = referrals.delivered_on AND r.id < referrals.id))) END;
-- The victims count groups by nine open keys at once, and sorting a year's victims by nine text columns is
-- most of its time. Each distinct combination is numbered once in `victim_keys` and a victim carries its
-- number (`statistics_key`): the count groups by one integer and names the groups through the numbers.
CREATE TABLE victim_keys (
    id                     INTEGER PRIMARY KEY,
    trafficking_status     TEXT NOT NULL,
    gender                 TEXT NOT NULL,
    age_band               TEXT NOT NULL,
    citizenship            TEXT NOT NULL,
    exploitation_types     TEXT NOT NULL,
    forced_labour_industry TEXT NOT NULL,
    district               TEXT NOT NULL,
    detection_source       TEXT NOT NULL,
    exploitation_country   TEXT NOT NULL,
    UNIQUE (trafficking_status, gender, age_band, citizenship, exploitation_types, forced_labour_industry, district,
            detection_source, exploitation_country)
);
ALTER TABLE victims ADD COLUMN statistics_key INTEGER;
INSERT INTO victim_keys (trafficking_status, gender, age_band, citizenship, exploitation_types, forced_labour_industry, district, detection_source, exploitation_country) SELECT DISTINCT trafficking_status, coalesce(gender, ''), coalesce(age_band, 'unknown'), coalesce(citizenship, ''), coalesce(exploitation_types, ''), coalesce(forced_labour_industry, ''), coalesce(district, ''), coalesce(detection_source, ''), coalesce(substr(exploitation_location, 1, 2), '') FROM victims WHERE TRUE ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ON CONFLICT DO NOTHING;
UPDATE victims SET statistics_key = (SELECT k.id FROM victim_keys k WHERE k.trafficking_status = victims.trafficking_status AND k.gender = coalesce(victims.gender, '') AND k.age_band = coalesce(victims.age_band, 'unknown') AND k.citizenship = coalesce(victims.citizenship, '') AND k.exploitation_types = coalesce(victims.exploitation_types, '') AND k.forced_labour_industry = coalesce(victims.forced_labour_industry, '') AND k.district = coalesce(victims.district, '') AND k.detection_source = coalesce(victims.detection_source, '') AND k.exploitation_country = coalesce(substr(victims.exploitation_location, 1, 2), ''));
-- SQLite sorts for every GROUP BY it cannot read in an index's order, and at a million cases that is most of a
-- report's time; its planner would rather take a range of days and sort. These counts name their index
-- (`INDEXED BY`, `statistics::sql`) and read all of it in the order of their groups, without sorting: the
-- victims by their key; the referrals by service or by any service, sent or delivered; investigations and
-- prosecutions, initiated in the period and continued from before it; the dockets of open investigations.
-- The day-first indexes they replace go.
DROP INDEX referrals_sent_statistics_idx;
DROP INDEX referrals_delivered_statistics_idx;
DROP INDEX investigations_statistics_idx;
DROP INDEX victims_statistics_idx;
CREATE INDEX victims_key_idx ON victims (counted_in_statistics, statistics_key, identified_on);
CREATE INDEX referrals_sent_on_by_service_idx ON referrals (counted, service, age_group, district, sent_on, sent_before);
CREATE INDEX referrals_sent_on_any_idx ON referrals (counted, age_group, district, sent_on, sent_before_any);
CREATE INDEX referrals_delivered_on_by_service_idx ON referrals (counted, service, age_group, district, delivered_on, delivered_before);
CREATE INDEX referrals_delivered_on_any_idx ON referrals (counted, age_group, district, delivered_on, delivered_before_any);
CREATE INDEX investigations_grouped_idx ON investigations (exploitation_form, district, opened_on, closed_on);
CREATE INDEX investigations_docket_idx ON investigations (district, opened_on, closed_on, docket_unlocated);
CREATE INDEX prosecutions_grouped_idx ON prosecutions (dpp_decision, exploitation_form, district, dpp_decision_on, withdrawn_on, concluded_on);
-- The data's state a report records (`statistics::sql::state`): the latest change to any case, read from the
-- end of an index instead of counted from every case.
CREATE INDEX cases_updated_idx ON cases (updated_at);
