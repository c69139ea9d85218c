-- An organisation's referral inbox and outbox (`GET /api/v1/referrals?direction=incoming|outgoing`), newest
-- sent first, and the shelters an organisation has placed victims in: found by index, not by reading every
-- referral of the registry.
CREATE INDEX referrals_to_org_idx ON referrals (to_org, sent_on, id);
CREATE INDEX referrals_from_org_idx ON referrals (from_org, sent_on, id);
