//! The foreign keys between the case tables, set aside by an import into empty case tables and added back at
//! its end, in its one transaction. PostgreSQL checks a foreign key row by row as rows are inserted, a lookup
//! in the other table's index for each (a quarter of the server's time in a 100,000-case import, BENCHMARKS.md
//! twelfth pass); a constraint added to filled tables is checked once, by one join. A key that does not hold
//! fails the import at that point, with the constraint's name, and the rollback brings every constraint back.

use lekhotla_storage::DbError;
use lekhotla_storage::bulk_indexes::TABLES;
use sqlx::PgConnection;

use crate::errors;

/// The foreign keys from one case table to another, in the schema the connection works in: table, name, and
/// definition (`FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE`).
const BETWEEN_CASE_TABLES: &str = "SELECT t.relname::text, k.conname::text, pg_get_constraintdef(k.oid) \
     FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid \
     WHERE k.contype = 'f' AND t.relnamespace = current_schema()::regnamespace \
     AND t.relname = ANY($1) AND r.relname = ANY($1) ORDER BY 1, 2";

/// A foreign key set aside: its table, its name and its definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SetAsideKey {
    table: String,
    name: String,
    definition: String,
}

/// Drops the foreign keys between the case tables, to be added back by [`add_back`] in the same transaction.
/// Only for a load into case tables that are empty and locked against other writers
/// (`deferred_indexes::set_aside` found them so).
pub(crate) async fn set_aside(conn: &mut PgConnection) -> Result<Vec<SetAsideKey>, DbError> {
    let found: Vec<(String, String, String)> =
        sqlx::query_as(BETWEEN_CASE_TABLES).bind(TABLES).fetch_all(&mut *conn).await.map_err(errors::map)?;
    let keys: Vec<SetAsideKey> =
        found.into_iter().map(|(table, name, definition)| SetAsideKey { table, name, definition }).collect();
    let script: String =
        keys.iter().map(|k| format!("ALTER TABLE \"{}\" DROP CONSTRAINT \"{}\";\n", k.table, k.name)).collect();
    if !script.is_empty() {
        sqlx::raw_sql(sqlx::AssertSqlSafe(script)).execute(&mut *conn).await.map_err(errors::map)?;
    }
    Ok(keys)
}

/// Adds `keys` back, each checked against every row once.
pub(crate) async fn add_back(conn: &mut PgConnection, keys: &[SetAsideKey]) -> Result<(), DbError> {
    for k in keys {
        let sql = format!("ALTER TABLE \"{}\" ADD CONSTRAINT \"{}\" {}", k.table, k.name, k.definition);
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *conn).await.map_err(errors::map)?;
    }
    Ok(())
}
