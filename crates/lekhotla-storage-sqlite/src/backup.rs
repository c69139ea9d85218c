//! What a backup needs of a SQLite database beside the `Store`, on a connection of its own that never
//! migrates: where its schema stands, and a consistent copy of it taken while others write.

use std::path::Path;
use std::time::Duration;

use lekhotla_storage::{DbError, SchemaState};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use crate::{MIGRATOR, errors, path_of};

/// Opens the existing database file of `url` as it is (no migration, nothing created).
async fn connect(url: &str) -> Result<SqliteConnection, DbError> {
    let path = path_of(url)?;
    if !Path::new(path).exists() {
        return Err(DbError::Unavailable(format!("database file {path} does not exist")));
    }
    SqliteConnectOptions::new()
        .filename(path)
        .busy_timeout(Duration::from_secs(10))
        .connect()
        .await
        .map_err(|e| DbError::Unavailable(format!("the database file {path} cannot be opened: {e}")))
}

/// Where the schema of the database file at `url` stands against this binary's migrations.
pub async fn schema_state(url: &str) -> Result<SchemaState, DbError> {
    let mut conn = connect(url).await?;
    let state = state_on(&mut conn).await;
    conn.close().await.map_err(errors::map)?;
    state
}

async fn state_on(conn: &mut SqliteConnection) -> Result<SchemaState, DbError> {
    let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")
        .fetch_one(&mut *conn)
        .await
        .map_err(errors::map)?;
    let recorded: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '_sqlx_migrations'")
            .fetch_one(&mut *conn)
            .await
            .map_err(errors::map)?;
    let applied: Option<i64> = if recorded > 0 {
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *conn)
            .await
            .map_err(errors::map)?
    } else {
        None
    };
    Ok(SchemaState::of(u64::try_from(tables).unwrap_or(0), applied, latest_migration()))
}

/// The version of the last migration this binary carries.
pub fn latest_migration() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Writes a consistent copy of the database at `url` into the new file `into` (`VACUUM INTO`): one read
/// transaction, so writers go on (in WAL mode) and the copy is the database as of its start, whole and
/// compacted. `into` must not exist.
pub async fn copy_into(url: &str, into: &Path) -> Result<(), DbError> {
    if into.exists() {
        return Err(DbError::Conflict(format!("{} exists already", into.display())));
    }
    let target = into
        .to_str()
        .ok_or_else(|| DbError::Unavailable(format!("{} is not a UTF-8 path", into.display())))?
        .to_owned();
    let mut conn = connect(url).await?;
    let copied = sqlx::query("VACUUM INTO ?").bind(target).execute(&mut conn).await.map_err(errors::map);
    conn.close().await.map_err(errors::map)?;
    copied.map(drop)
}

/// Checks the database file at `path` page by page (`PRAGMA quick_check`); the problems SQLite names, if any.
pub async fn check_file(path: &Path) -> Result<Vec<String>, DbError> {
    let url = format!("sqlite://{}", path.display());
    let mut conn = connect(&url).await?;
    let rows: Vec<String> = sqlx::query_scalar("PRAGMA quick_check").fetch_all(&mut conn).await.map_err(errors::map)?;
    conn.close().await.map_err(errors::map)?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::{OpenMode, SqliteStore};

    #[tokio::test]
    async fn the_copy_is_a_current_database_and_a_missing_file_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("source.db").display());
        assert!(schema_state(&url).await.is_err());
        assert!(!dir.path().join("source.db").exists(), "a missing database was created");

        let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap();
        assert_eq!(schema_state(&url).await.unwrap(), SchemaState::Current);
        let copy = dir.path().join("copy.db");
        copy_into(&url, &copy).await.unwrap();
        assert!(check_file(&copy).await.unwrap().is_empty());
        let copy_url = format!("sqlite://{}", copy.display());
        assert_eq!(schema_state(&copy_url).await.unwrap(), SchemaState::Current);
        assert!(matches!(copy_into(&url, &copy).await, Err(DbError::Conflict(_))), "an existing file is kept");
        store.close().await;

        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        let empty_url = format!("sqlite://{}", empty.display());
        assert_eq!(schema_state(&empty_url).await.unwrap(), SchemaState::Empty);
    }
}
