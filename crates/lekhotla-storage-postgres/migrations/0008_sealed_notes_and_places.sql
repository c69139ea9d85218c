-- Free-text notes and places finer than a district sealed at rest, PostgreSQL (the SQLite migration of the
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
-- An event's map position was a double precision; it becomes text (sealed decimal degrees).
ALTER TABLE events ALTER COLUMN latitude TYPE text USING latitude::text;
ALTER TABLE events ALTER COLUMN longitude TYPE text USING longitude::text;
