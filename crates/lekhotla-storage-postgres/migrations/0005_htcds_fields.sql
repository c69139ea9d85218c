-- Every HTCDS 2.0 field stored, PostgreSQL. The SQLite migration of the same name adds the same columns
-- with SQLite types. Existing rows keep their values; every new column is NULL, empty ('') or false.
--
-- persons: home_phone, postal_code, latitude and longitude are sealed like the other identity fields
-- (text `v1.<key id>.<payload>`, bound to table, column and person id; the coordinates sealed as decimal
-- text). cases.incoming_referral_details is a sealed note. User references (`*_user`) are user ids
-- without a foreign key: an import may name the users of another installation.

ALTER TABLE persons ADD COLUMN salutation text;
ALTER TABLE persons ADD COLUMN title text;
ALTER TABLE persons ADD COLUMN home_phone text;
ALTER TABLE persons ADD COLUMN postal_code text;
ALTER TABLE persons ADD COLUMN latitude text;
ALTER TABLE persons ADD COLUMN longitude text;
ALTER TABLE persons ADD COLUMN deceased boolean NOT NULL DEFAULT false;
ALTER TABLE persons ADD COLUMN marital_status text;
ALTER TABLE persons ADD COLUMN number_of_children integer;
ALTER TABLE persons ADD COLUMN secondary_language text;
ALTER TABLE persons ADD COLUMN education text;

ALTER TABLE victims ADD COLUMN recruitment_location text;
ALTER TABLE victims ADD COLUMN recruitment_websites text NOT NULL DEFAULT '';
ALTER TABLE victims ADD COLUMN exploitation_location text;
ALTER TABLE victims ADD COLUMN exploitation_websites text NOT NULL DEFAULT '';

ALTER TABLE suspects ADD COLUMN organisation text;

ALTER TABLE events ADD COLUMN state text;
ALTER TABLE events ADD COLUMN postal_code text;

ALTER TABLE organisations ADD COLUMN street text;
ALTER TABLE organisations ADD COLUMN postal_code text;
ALTER TABLE organisations ADD COLUMN latitude double precision;
ALTER TABLE organisations ADD COLUMN longitude double precision;

ALTER TABLE cases ADD COLUMN owner_user uuid;
ALTER TABLE cases ADD COLUMN referring_organisation uuid;
ALTER TABLE cases ADD COLUMN incoming_referral_on date;
ALTER TABLE cases ADD COLUMN incoming_referral_reason text;
ALTER TABLE cases ADD COLUMN incoming_referral_details text;
ALTER TABLE cases ADD COLUMN referring_case_worker text;
ALTER TABLE cases ADD COLUMN referring_case_worker_user uuid;

ALTER TABLE referrals ADD COLUMN referring_case_worker text;
ALTER TABLE referrals ADD COLUMN referring_case_worker_user uuid;
ALTER TABLE referrals ADD COLUMN referred_case_worker text;
ALTER TABLE referrals ADD COLUMN referred_case_worker_user uuid;

-- Organisations' phones (plain text) lose their spaces, dashes, dots and brackets: `+266 2231 0000` becomes
-- `+26622310000`, the E.164 form HTCDS asks for. Persons' phones are sealed; the store reads them in that
-- form whenever it is one.
UPDATE organisations
SET phone = replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '.', ''), '(', ''), ')', '')
WHERE phone IS NOT NULL;
