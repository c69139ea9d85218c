//! The migrations a store's binary carries: its `migrations/` folder, embedded by the stores' build script, read
//! by the rules of sqlx's `migrate!` macro, so that databases migrated before keep their recorded checksums.
//!
//! Each store used `sqlx::migrate!`, which needs sqlx's macros and, through them, a second build of both
//! database drivers and of SQLite's C source for the compiler's own use (a cold test build: 629 → 577 units,
//! 959 → 916 unit-seconds; RELIABILITY.md "How long CI takes"). A file is `<VERSION>_<DESCRIPTION>.sql`; the
//! description has its `_` as spaces; a first line `-- no-transaction` runs it outside a transaction.
//! Migrations only go forward (ARCHITECTURE.md, expand and contract), so reversible `.up.sql`/`.down.sql`
//! files are refused.

/// One migration file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationFile {
    /// The number before the first `_`.
    pub version: i64,
    /// The rest of the name without `.sql`, `_` as spaces: what sqlx records.
    pub description: String,
    /// The statements, as the file holds them (their SHA-384 is the recorded checksum).
    pub sql: &'static str,
    /// Whether it runs outside a transaction (its first line is `-- no-transaction`).
    pub no_transaction: bool,
}

/// Reads `(file name, contents)` pairs, in version order. A name that does not parse, or a reversible one, is a
/// mistake in the repository that the first test to open a store shows.
pub fn read(files: &[(&str, &'static str)]) -> Vec<MigrationFile> {
    let mut read: Vec<MigrationFile> = files
        .iter()
        .map(|&(name, sql)| {
            let parsed = name.split_once('_').and_then(|(version, rest)| {
                let description = rest.strip_suffix(".sql")?;
                let reversible = description.ends_with(".up") || description.ends_with(".down");
                Some((version.parse::<i64>().ok()?, description)).filter(|_| !reversible)
            });
            let (version, description) = parsed.unwrap_or_else(|| {
                panic!(
                    "migration {name:?} is not named <VERSION>_<DESCRIPTION>.sql (reversible migrations are not used)"
                )
            });
            MigrationFile {
                version,
                description: description.replace('_', " "),
                sql,
                no_transaction: sql.starts_with("-- no-transaction"),
            }
        })
        .collect();
    read.sort_by_key(|m| m.version);
    if let Some(twice) = read.windows(2).find(|w| w[0].version == w[1].version) {
        panic!("two migrations are numbered {}", twice[0].version);
    }
    read
}

/// The migrations a store's binary carries, as a `LazyLock<sqlx::migrate::Migrator>`: its `migrations/`
/// folder, embedded by its build script (`embed_migrations.rs`), read by [`read`]. Written in the store's crate,
/// whose `sqlx` and `OUT_DIR` it names (this crate does not depend on sqlx):
/// `static MIGRATOR: LazyLock<Migrator> = lekhotla_storage::embedded_migrator!();`
#[macro_export]
macro_rules! embedded_migrator {
    () => {
        ::std::sync::LazyLock::new(|| {
            use ::sqlx::SqlSafeStr as _;
            let files = $crate::migration_files::read(include!(concat!(env!("OUT_DIR"), "/migrations.rs")));
            let migrations = files.into_iter().map(|m| {
                let sql = ::sqlx::AssertSqlSafe(m.sql).into_sql_str();
                let simple = ::sqlx::migrate::MigrationType::Simple;
                ::sqlx::migrate::Migration::new(m.version, m.description.into(), simple, sql, m.no_transaction)
            });
            ::sqlx::migrate::Migrator::with_migrations(migrations.collect())
        })
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_as_sqlx_reads_them() {
        let read = read(&[
            ("0010_organisation_names.sql", "ALTER TABLE x;"),
            ("0002_security.sql", "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON x (a);"),
        ]);
        assert_eq!(
            read,
            vec![
                MigrationFile {
                    version: 2,
                    description: "security".into(),
                    sql: "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON x (a);",
                    no_transaction: true
                },
                MigrationFile {
                    version: 10,
                    description: "organisation names".into(),
                    sql: "ALTER TABLE x;",
                    no_transaction: false
                },
            ]
        );
    }

    #[test]
    #[should_panic(expected = "reversible migrations are not used")]
    fn a_reversible_migration_is_refused() {
        read(&[("0003_undo.down.sql", "DROP TABLE x;")]);
    }

    #[test]
    #[should_panic(expected = "not named")]
    fn a_name_without_a_number_is_refused() {
        read(&[("init.sql", "")]);
    }

    #[test]
    #[should_panic(expected = "two migrations are numbered 7")]
    fn two_files_of_one_number_are_refused() {
        read(&[("0007_a.sql", ""), ("7_b.sql", "")]);
    }
}
