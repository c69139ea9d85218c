-- Every HTCDS 2.0 field stored, SQLite. The PostgreSQL migration of the same name adds the same columns
-- with PostgreSQL types. Existing rows keep their values; every new column is NULL, empty ('') or false.
--
-- persons: home_phone, postal_code, latitude and longitude are sealed like the other identity fields
-- (text `v1.<key id>.<payload>`, bound to table, column and person id; the coordinates sealed as decimal
-- text). cases.incoming_referral_details is a sealed note. User references (`*_user`) are user ids
-- without a foreign key: an import may name the users of another installation.

ALTER TABLE persons ADD COLUMN salutation TEXT;
ALTER TABLE persons ADD COLUMN title TEXT;
ALTER TABLE persons ADD COLUMN home_phone TEXT;
ALTER TABLE persons ADD COLUMN postal_code TEXT;
ALTER TABLE persons ADD COLUMN latitude TEXT;
ALTER TABLE persons ADD COLUMN longitude TEXT;
ALTER TABLE persons ADD COLUMN deceased INTEGER NOT NULL DEFAULT 0 CHECK (deceased IN (0, 1));
ALTER TABLE persons ADD COLUMN marital_status TEXT;
ALTER TABLE persons ADD COLUMN number_of_children INTEGER;
ALTER TABLE persons ADD COLUMN secondary_language TEXT;
ALTER TABLE persons ADD COLUMN education TEXT;

ALTER TABLE victims ADD COLUMN recruitment_location TEXT;
ALTER TABLE victims ADD COLUMN recruitment_websites TEXT NOT NULL DEFAULT '';
ALTER TABLE victims ADD COLUMN exploitation_location TEXT;
ALTER TABLE victims ADD COLUMN exploitation_websites TEXT NOT NULL DEFAULT '';

ALTER TABLE suspects ADD COLUMN organisation TEXT;

ALTER TABLE events ADD COLUMN state TEXT;
ALTER TABLE events ADD COLUMN postal_code TEXT;

ALTER TABLE organisations ADD COLUMN street TEXT;
ALTER TABLE organisations ADD COLUMN postal_code TEXT;
ALTER TABLE organisations ADD COLUMN latitude REAL;
ALTER TABLE organisations ADD COLUMN longitude REAL;

ALTER TABLE cases ADD COLUMN owner_user TEXT;
ALTER TABLE cases ADD COLUMN referring_organisation TEXT;
ALTER TABLE cases ADD COLUMN incoming_referral_on TEXT;
ALTER TABLE cases ADD COLUMN incoming_referral_reason TEXT;
ALTER TABLE cases ADD COLUMN incoming_referral_details TEXT;
ALTER TABLE cases ADD COLUMN referring_case_worker TEXT;
ALTER TABLE cases ADD COLUMN referring_case_worker_user TEXT;

ALTER TABLE referrals ADD COLUMN referring_case_worker TEXT;
ALTER TABLE referrals ADD COLUMN referring_case_worker_user TEXT;
ALTER TABLE referrals ADD COLUMN referred_case_worker TEXT;
ALTER TABLE referrals ADD COLUMN referred_case_worker_user TEXT;

-- Organisations' phones (plain text) lose their spaces, dashes, dots and brackets: `+266 2231 0000` becomes
-- `+26622310000`, the E.164 form HTCDS asks for. Persons' phones are sealed; the store reads them in that
-- form whenever it is one.
UPDATE organisations
SET phone = replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '.', ''), '(', ''), ')', '')
WHERE phone IS NOT NULL;
