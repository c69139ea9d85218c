-- Step-up: when the user last proved a second factor in a session (at sign-in or later); revealing
-- sealed fields needs a recent one. Mirrors the SQLite migration of the same name.
ALTER TABLE sessions ADD COLUMN factor_at timestamptz;
