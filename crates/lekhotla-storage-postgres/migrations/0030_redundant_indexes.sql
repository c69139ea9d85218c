-- Five indexes whose key is the whole key of a covering index on the same table, in the same order: every look-up
-- and range they served, the covering index serves too (its key is the same; it carries a few more columns in its
-- leaves). Each cost every write of its table an entry and every bulk load a build.
--   referrals_sent_idx (sent_on)               -> referrals_responses_idx (sent_on) INCLUDE (...)
--   prosecutions_referred_idx (referred_on)     -> prosecutions_at_dpp_idx (referred_on) INCLUDE (...)
--   victims_identified_on_idx (identified_on)   -> victims_key_idx (identified_on) INCLUDE (...)
--   prosecutions_decision_idx (dpp_decision)    -> prosecutions_statistics_idx (dpp_decision, dpp_decision_on) INCLUDE (...)
--   verdicts_on_date_idx (on_date)              -> verdicts_statistics_idx (on_date) INCLUDE (...)
-- A load stopped half-way may have left them set aside, to be built by the next open: not any more.
DROP INDEX IF EXISTS referrals_sent_idx;
DROP INDEX IF EXISTS prosecutions_referred_idx;
DROP INDEX IF EXISTS victims_identified_on_idx;
DROP INDEX IF EXISTS prosecutions_decision_idx;
DROP INDEX IF EXISTS verdicts_on_date_idx;
DELETE FROM deferred_indexes
WHERE name IN ('referrals_sent_idx', 'prosecutions_referred_idx', 'victims_identified_on_idx', 'prosecutions_decision_idx',
               'verdicts_on_date_idx');
