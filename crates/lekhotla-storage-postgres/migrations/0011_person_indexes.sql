-- Issue 10: possible duplicates found while the identity stays sealed. Beside `name_index` (0003), three keyed
-- blind indexes of a natural person: the phonetic key of "first second" (`lekhotla_crypto::phonetic_key`, so
-- Tšepo, Tsepo and Tshepo match), the birth date (YYYY-MM-DD) and the mobile phone (E.164). The application
-- computes them with the keyring's blind-index key (the database never holds it): rows written before this
-- migration are filled when the store is opened with its keyring (`KeyStore::seal_plaintext`).
ALTER TABLE persons ADD COLUMN phonetic_index text;
ALTER TABLE persons ADD COLUMN birthdate_index text;
ALTER TABLE persons ADD COLUMN phone_index text;
CREATE INDEX persons_phonetic_index_idx ON persons (phonetic_index);
CREATE INDEX persons_birthdate_index_idx ON persons (birthdate_index);
CREATE INDEX persons_phone_index_idx ON persons (phone_index);
