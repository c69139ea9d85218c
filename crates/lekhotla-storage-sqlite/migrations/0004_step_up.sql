-- Step-up: when the user last proved a second factor in a session (at sign-in or later); revealing
-- sealed fields needs a recent one. The PostgreSQL migration of the same name adds the same column.
ALTER TABLE sessions ADD COLUMN factor_at TEXT;
