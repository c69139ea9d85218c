-- Sealed person fields, PostgreSQL. The protected columns of `persons` (first_name, middle_name,
-- second_name, birthdate, identity_number, phone, email, address) hold text sealed by the store
-- (`v1.<key id>.<payload>`, bound to table, column and person id; birthdate sealed as `YYYY-MM-DD`),
-- so `birthdate` becomes text like the others. `name_index` is the keyed blind index of the normalised
-- "first second" name, for exact-match search without plaintext (NULL for businesses). The SQLite
-- migration of the same name makes the same change.
--
-- Rows written before this migration hold plaintext and are not converted (nothing is deployed):
-- a plaintext birthdate is kept as `YYYY-MM-DD` text, and reading such rows fails as "not a sealed
-- value" rather than passing plaintext off as opened.

ALTER TABLE persons ALTER COLUMN birthdate TYPE text USING to_char(birthdate, 'YYYY-MM-DD');
ALTER TABLE persons ADD COLUMN name_index text;
CREATE INDEX persons_name_index_idx ON persons (name_index);
