-- Issue 9: no two organisations with the same name in one district (or two national ones).
-- `name_key` is the name as the application compares names (`OrganisationInput::name_key`: lowercase,
-- spaces around and between words collapsed); the application writes it, this fills existing rows.
-- SQLite's lower() folds ASCII letters only: a legacy name with other capitals gets its exact key the
-- next time it is saved.
ALTER TABLE organisations ADD COLUMN name_key TEXT NOT NULL DEFAULT '';

UPDATE organisations
SET name_key = lower(replace(replace(replace(replace(trim(name), char(9), ' '), '    ', ' '), '  ', ' '), '  ', ' '));

-- A database may already hold duplicates (nothing prevented them before). The migration must not fail
-- on them and deletes nothing: the first (lowest id) keeps its key, the others get their id appended, so
-- they stay listed and usable; saving one under its old name is refused until it is renamed (or merged
-- by hand), and `lekhotla org list` shows them all.
UPDATE organisations
SET name_key = name_key || ' #' || id
WHERE EXISTS (
    SELECT 1 FROM organisations AS first
    WHERE first.name_key = organisations.name_key
      AND COALESCE(first.district, '') = COALESCE(organisations.district, '')
      AND first.id < organisations.id
);

CREATE UNIQUE INDEX organisations_name_district ON organisations (name_key, COALESCE(district, ''));
