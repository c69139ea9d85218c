//! What backups and restores need of a PostgreSQL database beside the `Store`, on a connection of its own
//! that never migrates: where its schema stands (a restore goes only into an empty database). The copy itself
//! is `pg_dump`'s, driven by the binary.

use lekhotla_storage::{DbError, SchemaState};
use sqlx::{ConnectOptions, Connection};

use crate::{MIGRATOR, errors, parse_url, server_of, unavailable};

/// Where the schema of the database at `url` stands against this binary's migrations. Any table, view,
/// sequence or function outside PostgreSQL's own schemas makes the database not [`SchemaState::Empty`].
pub async fn schema_state(url: &str) -> Result<SchemaState, DbError> {
    let options = parse_url(url)?;
    let server = server_of(&options);
    let mut conn = options.connect().await.map_err(|e| unavailable(&server, e))?;
    let objects: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' \
                    AND n.nspname NOT LIKE 'pg\\_temp%') \
              + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
                  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))",
    )
    .fetch_one(&mut conn)
    .await
    .map_err(errors::map)?;
    let recorded: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(&mut conn)
        .await
        .map_err(errors::map)?;
    let applied: Option<i64> = if recorded {
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut conn)
            .await
            .map_err(errors::map)?
    } else {
        None
    };
    conn.close().await.map_err(errors::map)?;
    Ok(SchemaState::of(u64::try_from(objects).unwrap_or(0), applied, latest_migration()))
}

/// The version of the last migration this binary carries.
pub fn latest_migration() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}
