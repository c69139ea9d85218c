-- Sealed person fields, SQLite. The protected columns of `persons` (first_name, middle_name,
-- second_name, birthdate, identity_number, phone, email, address) hold text sealed by the store
-- (`v1.<key id>.<payload>`, bound to table, column and person id; birthdate sealed as `YYYY-MM-DD`);
-- they are TEXT already. `name_index` is the keyed blind index of the normalised "first second" name,
-- for exact-match search without plaintext (NULL for businesses). The PostgreSQL migration of the same
-- name makes the same change with PostgreSQL types.
--
-- Rows written before this migration hold plaintext and are not converted (nothing is deployed):
-- reading them fails as "not a sealed value" rather than passing plaintext off as opened.

ALTER TABLE persons ADD COLUMN name_index TEXT;
CREATE INDEX persons_name_index_idx ON persons (name_index);
