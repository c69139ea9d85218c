-- Free-text notes and places finer than a district sealed at rest, SQLite (the PostgreSQL migration of the
-- same name makes the same change). From now on the store writes these columns sealed (`v1.<key id>.<payload>`,
-- bound to table, column and row key; see `lekhotla-storage/src/keys/notes.rs`, `SEALED_SINCE_0008`):
-- cases.closure_reason; persons.city; suspects.organisation, official_public_body, official_position;
-- events.city, postal_code, latitude, longitude; consents.recorded_by; investigations.docket_custodian,
-- closure_reason; docket_transfers.from_custodian, to_custodian, reason; prosecutions.withdrawal_reason;
-- hearings.notes; sentences.notes.
--
-- SQL cannot encrypt: the values of rows written before stay in the clear here, and the store seals them in
-- Rust as soon as it has its keyring (`KeyStore::seal_plaintext`, called by every command that opens the
-- store with its keys, `lekhotla migrate` first of all).
--
-- An event's map position was a REAL; it becomes text (sealed decimal degrees), its values kept as text with
-- 17 significant digits (every double reads back exactly).
ALTER TABLE events RENAME COLUMN latitude TO latitude_degrees;
ALTER TABLE events RENAME COLUMN longitude TO longitude_degrees;
ALTER TABLE events ADD COLUMN latitude TEXT;
ALTER TABLE events ADD COLUMN longitude TEXT;
UPDATE events SET
    latitude = CASE WHEN latitude_degrees IS NULL THEN NULL ELSE printf('%!.17g', latitude_degrees) END,
    longitude = CASE WHEN longitude_degrees IS NULL THEN NULL ELSE printf('%!.17g', longitude_degrees) END;
ALTER TABLE events DROP COLUMN latitude_degrees;
ALTER TABLE events DROP COLUMN longitude_degrees;
