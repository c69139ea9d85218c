//! Where a database's schema stands against the migrations a binary carries, read without migrating it
//! (backups copy a database as it is; a restore needs an empty one).

/// Where a database's schema stands against the latest migration this binary carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaState {
    /// No table at all: a database made for a restore.
    Empty,
    /// Every migration this binary carries is applied.
    Current,
    /// Tables, but migrated only up to `applied` (0: no migration record, not a Lekhotla database or a broken
    /// one), older than this binary's `latest`.
    Behind { applied: i64, latest: i64 },
    /// Migrated by a newer binary, up to `applied`, past this binary's `latest`.
    Ahead { applied: i64, latest: i64 },
}

impl SchemaState {
    /// The state of a database holding `tables` tables whose last applied migration is `applied`, for a
    /// binary whose last migration is `latest`.
    pub fn of(tables: u64, applied: Option<i64>, latest: i64) -> Self {
        let applied = applied.unwrap_or(0);
        if tables == 0 {
            Self::Empty
        } else if applied == latest {
            Self::Current
        } else if applied < latest {
            Self::Behind { applied, latest }
        } else {
            Self::Ahead { applied, latest }
        }
    }
}

/// Why a binary refuses a database that a newer release has migrated: it holds migration `version`, past this
/// binary's last, `latest`. Said in the operator's terms, with what to do (sqlx says only "migration N was
/// previously applied but is missing in the resolved migrations").
pub fn newer_than_this_binary(version: i64, latest: i64) -> String {
    format!(
        "the database was upgraded by a newer release of Lekhotla (it holds migration {version}; this build knows \
         migrations up to {latest}): run that release, or restore the backup taken before the upgrade into an \
         empty database"
    )
}

#[cfg(test)]
mod tests {
    use super::SchemaState;

    #[test]
    fn the_state_follows_the_tables_and_the_last_migration() {
        assert_eq!(SchemaState::of(0, None, 24), SchemaState::Empty);
        assert_eq!(SchemaState::of(40, Some(24), 24), SchemaState::Current);
        assert_eq!(SchemaState::of(12, Some(4), 24), SchemaState::Behind { applied: 4, latest: 24 });
        assert_eq!(SchemaState::of(3, None, 24), SchemaState::Behind { applied: 0, latest: 24 });
        assert_eq!(SchemaState::of(40, Some(25), 24), SchemaState::Ahead { applied: 25, latest: 24 });
    }
}
