//! What an operator watches of the SQLite store: its pool's connections and whether the schema has every
//! migration this program carries (`_sqlx_migrations` against the embedded migrator).

use lekhotla_storage::{DbError, PoolStatus, SchemaStatus};
use sqlx::SqlitePool;
use sqlx::migrate::Migrator;

pub(crate) fn pool_status(pool: &SqlitePool) -> PoolStatus {
    PoolStatus {
        size: pool.size(),
        idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
        max: pool.options().get_max_connections(),
    }
}

pub(crate) async fn schema_status(pool: &SqlitePool, migrator: &Migrator) -> Result<SchemaStatus, DbError> {
    let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(pool)
        .await
        .map_err(crate::errors::map)?;
    Ok(SchemaStatus { applied, known })
}
