-- Four indexes whose columns begin a wider index on the same table: every look-up and range they served, the wider
-- index serves too. Each cost every write of its table an entry and every bulk load a build.
--   cases_status_idx (status)                  -> cases_idle_idx (status, updated_at, number)
--   prosecutions_decision_idx (dpp_decision)  -> prosecutions_statistics_idx (dpp_decision, dpp_decision_on, ...)
--   prosecutions_referred_idx (referred_on)    -> prosecutions_at_dpp_idx (referred_on, dpp_decision, ...)
--   verdicts_on_date_idx (on_date)              -> verdicts_statistics_idx (on_date, outcome, ...)
-- PostgreSQL drops the same where it had them, and referrals_sent_idx and victims_identified_on_idx, whose key its
-- covering indexes share; here no other index leads with theirs. A load stopped half-way may have left them set
-- aside, to be built by the next open: not any more.
DROP INDEX IF EXISTS cases_status_idx;
DROP INDEX IF EXISTS prosecutions_decision_idx;
DROP INDEX IF EXISTS prosecutions_referred_idx;
DROP INDEX IF EXISTS verdicts_on_date_idx;
DELETE FROM deferred_indexes
WHERE name IN ('cases_status_idx', 'prosecutions_decision_idx', 'prosecutions_referred_idx', 'verdicts_on_date_idx');
