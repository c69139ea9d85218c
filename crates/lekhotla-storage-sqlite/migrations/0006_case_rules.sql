-- Case rules (the PostgreSQL migration of the same name makes the same change):
-- * referrals: `end_reason`, why a referral was revoked or closed as not delivered (a sealed note, like
--   `decline_reason`); the states `Revoked` and `NotDelivered` need no schema change.
-- * consents: who gave the consent (`given_by`: Victim, ParentOrGuardian, Court) and, for a child, whether
--   the child assented (`child_assent`). Consents recorded before were the victim's own.
-- * prosecutions: the withdrawal of a whole prosecution (`withdrawn_on`, `withdrawal_reason`).
-- * cases: the stages become reported, under_investigation, at_dpp, declined, before_court, concluded,
--   recomputed here for every case; `child_referral_missed` flags a case with a victim presumed a child
--   and no child-protection referral.
ALTER TABLE referrals ADD COLUMN end_reason TEXT;

ALTER TABLE consents ADD COLUMN given_by TEXT NOT NULL DEFAULT 'Victim'
    CHECK (given_by IN ('Victim', 'ParentOrGuardian', 'Court'));
ALTER TABLE consents ADD COLUMN child_assent INTEGER CHECK (child_assent IN (0, 1));

ALTER TABLE prosecutions ADD COLUMN withdrawn_on TEXT;
ALTER TABLE prosecutions ADD COLUMN withdrawal_reason TEXT;

-- The old CHECK on `stage` names the old stages: the column is made anew.
DROP INDEX cases_stage_idx;
ALTER TABLE cases DROP COLUMN stage;
ALTER TABLE cases ADD COLUMN stage TEXT NOT NULL DEFAULT 'reported'
    CHECK (stage IN ('reported', 'under_investigation', 'at_dpp', 'declined', 'before_court', 'concluded'));
-- The stage of every case, recomputed by the rule of `Case::stage` (lekhotla-domain, case.rs).
UPDATE cases SET stage = COALESCE(
    (SELECT CASE
         WHEN p.withdrawn_on IS NOT NULL THEN 'declined'
         WHEN p.dpp_decision IS NULL OR p.dpp_decision = 'FurtherInvestigation' THEN 'at_dpp'
         WHEN p.dpp_decision = 'Decline' THEN 'declined'
         WHEN EXISTS (SELECT 1 FROM charges c WHERE c.case_id = p.case_id)
              AND NOT EXISTS (
                  SELECT 1 FROM charges c
                  WHERE c.case_id = p.case_id
                    AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.case_id = c.case_id AND v.accused_id = c.accused_id))
             THEN 'concluded'
         ELSE 'before_court'
     END
     FROM prosecutions p WHERE p.case_id = cases.id),
    CASE WHEN EXISTS (SELECT 1 FROM investigations i WHERE i.case_id = cases.id) THEN 'under_investigation'
         ELSE 'reported' END
);
CREATE INDEX cases_stage_idx ON cases (stage);

ALTER TABLE cases ADD COLUMN child_referral_missed INTEGER NOT NULL DEFAULT 0
    CHECK (child_referral_missed IN (0, 1));
-- Victims presumed a child with no child-protection referral (`Case::missed_child_referrals`). A sealed
-- birth date cannot be read in SQL: here a victim counts when the birth date is not recorded and the
-- estimated age is unknown or under 18; a case whose victims have birth dates gets its exact value at its
-- next save.
UPDATE cases SET child_referral_missed = EXISTS (
    SELECT 1 FROM persons p
    WHERE p.case_id = cases.id AND p.role = 'victim' AND p.birthdate IS NULL
      AND (p.estimated_age IS NULL OR p.estimated_age < 18)
      AND NOT EXISTS (
          SELECT 1 FROM referrals r WHERE r.case_id = cases.id AND r.victim_id = p.id AND r.service = 'ChildProtection')
);
CREATE INDEX cases_child_referral_missed_idx ON cases (child_referral_missed) WHERE child_referral_missed = 1;
