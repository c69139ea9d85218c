-- Sealed columns hold ciphertext: every value is unique and says nothing a plan could use (no query filters on a
-- sealed value; a person is found by the blind indexes, which keep their statistics). ANALYZE read, sorted and
-- compared 30,000 such values for each of them in each table, a third of its time on `persons` (BENCHMARKS.md,
-- twenty-third pass); autovacuum's analyses too. Their statistics target is 0: ANALYZE leaves them out.
-- Conformance: `sealed_columns_have_no_statistics` checks every column of `SEALED_PERSON_COLUMNS` and `SEALED_NOTES`.
ALTER TABLE persons
    ALTER COLUMN first_name SET STATISTICS 0,
    ALTER COLUMN middle_name SET STATISTICS 0,
    ALTER COLUMN second_name SET STATISTICS 0,
    ALTER COLUMN birthdate SET STATISTICS 0,
    ALTER COLUMN identity_number SET STATISTICS 0,
    ALTER COLUMN phone SET STATISTICS 0,
    ALTER COLUMN email SET STATISTICS 0,
    ALTER COLUMN address SET STATISTICS 0,
    ALTER COLUMN home_phone SET STATISTICS 0,
    ALTER COLUMN postal_code SET STATISTICS 0,
    ALTER COLUMN latitude SET STATISTICS 0,
    ALTER COLUMN longitude SET STATISTICS 0,
    ALTER COLUMN city SET STATISTICS 0;
ALTER TABLE cases
    ALTER COLUMN summary SET STATISTICS 0,
    ALTER COLUMN incoming_referral_details SET STATISTICS 0,
    ALTER COLUMN closure_reason SET STATISTICS 0;
ALTER TABLE victims ALTER COLUMN vulnerability_details SET STATISTICS 0;
ALTER TABLE suspects
    ALTER COLUMN role_details SET STATISTICS 0,
    ALTER COLUMN organisation SET STATISTICS 0,
    ALTER COLUMN official_public_body SET STATISTICS 0,
    ALTER COLUMN official_position SET STATISTICS 0;
ALTER TABLE events
    ALTER COLUMN place SET STATISTICS 0,
    ALTER COLUMN description SET STATISTICS 0,
    ALTER COLUMN city SET STATISTICS 0,
    ALTER COLUMN postal_code SET STATISTICS 0,
    ALTER COLUMN latitude SET STATISTICS 0,
    ALTER COLUMN longitude SET STATISTICS 0;
ALTER TABLE referrals
    ALTER COLUMN details SET STATISTICS 0,
    ALTER COLUMN decline_reason SET STATISTICS 0,
    ALTER COLUMN delivery_note SET STATISTICS 0,
    ALTER COLUMN end_reason SET STATISTICS 0;
ALTER TABLE consents ALTER COLUMN recorded_by SET STATISTICS 0;
ALTER TABLE support_plans ALTER COLUMN objectives SET STATISTICS 0, ALTER COLUMN action_plan SET STATISTICS 0;
ALTER TABLE comments ALTER COLUMN text SET STATISTICS 0;
ALTER TABLE investigations ALTER COLUMN docket_custodian SET STATISTICS 0, ALTER COLUMN closure_reason SET STATISTICS 0;
ALTER TABLE docket_transfers
    ALTER COLUMN from_custodian SET STATISTICS 0,
    ALTER COLUMN to_custodian SET STATISTICS 0,
    ALTER COLUMN reason SET STATISTICS 0;
ALTER TABLE prosecutions ALTER COLUMN withdrawal_reason SET STATISTICS 0;
ALTER TABLE hearings ALTER COLUMN notes SET STATISTICS 0;
ALTER TABLE sentences ALTER COLUMN notes SET STATISTICS 0;
ALTER TABLE plan_files ALTER COLUMN name SET STATISTICS 0, ALTER COLUMN content SET STATISTICS 0;
