-- The one-time backfills a database migrated from an earlier schema needs once its keyring is open, which no
-- migration can do (they need the master key): sealing the values of columns sealed since 0008 that are still
-- in the clear, the blind indexes of 0011 and the age bands of 0013 (`KeyStore::seal_plaintext`). Each row
-- records that its backfill went through, in the transaction that did it, so that opening the database no
-- longer scans the case tables for rows left to fill (a second or more at a million cases, at every start).
CREATE TABLE backfills (
    name    TEXT PRIMARY KEY NOT NULL,
    done_at timestamptz NOT NULL DEFAULT now()
);
