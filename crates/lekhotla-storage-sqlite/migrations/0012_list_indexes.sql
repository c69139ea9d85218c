-- Issue 10: the pages' lists and figures at 100,000 cases. Each index serves one question a page asks:
-- the need-to-know clause (cases a person owns, investigations of an organisation or an officer,
-- prosecutions of a prosecutor), "my work" (active cases of an organisation, cases idle since a time,
-- children's referrals not yet answered, hearings of the next days) and the dashboard's milestones by
-- month (referrals sent, investigations opened, prosecutions referred, verdicts given).
DROP INDEX cases_organisation_idx;
CREATE INDEX cases_organisation_idx ON cases (organisation_id, status);
CREATE INDEX cases_owner_user_idx ON cases (owner_user);
DROP INDEX cases_district_idx;
CREATE INDEX cases_district_stage_idx ON cases (district, stage, detected_on DESC, number DESC);
DROP INDEX cases_stage_idx;
CREATE INDEX cases_stage_idx ON cases (stage, detected_on DESC, number DESC);
CREATE INDEX cases_idle_idx ON cases (status, updated_at, number);
CREATE INDEX investigations_organisation_idx ON investigations (organisation_id);
CREATE INDEX investigations_investigator_idx ON investigations (investigator);
CREATE INDEX investigations_opened_idx ON investigations (opened_on, case_id);
CREATE INDEX prosecutions_decision_idx ON prosecutions (dpp_decision);
CREATE INDEX prosecutions_prosecutor_idx ON prosecutions (prosecutor);
CREATE INDEX prosecutions_referred_idx ON prosecutions (referred_on);
CREATE INDEX referrals_sent_idx ON referrals (sent_on);
CREATE INDEX referrals_service_state_idx ON referrals (service, state);
CREATE INDEX verdicts_on_date_idx ON verdicts (on_date);
CREATE INDEX hearings_on_date_idx ON hearings (on_date);
