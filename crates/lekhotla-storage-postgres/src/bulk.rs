//! Set-based writes: a table's rows go to the server as one JSON array and are inserted with
//! `json_populate_recordset`, one statement per table however many rows there are.

use lekhotla_storage::DbError;
use serde_json::Value;
use sqlx::PgConnection;

use crate::errors;

/// Inserts `rows` (objects keyed by column name; missing keys are NULL) into `table`.
pub async fn insert(conn: &mut PgConnection, table: &'static str, rows: Vec<Value>) -> Result<u64, DbError> {
    write(conn, table, rows, "").await
}

/// Inserts `rows` into `table`, with `conflict` (an `ON CONFLICT ...` clause) deciding what happens
/// to rows that exist already.
pub async fn write(
    conn: &mut PgConnection,
    table: &'static str,
    rows: Vec<Value>,
    conflict: &'static str,
) -> Result<u64, DbError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let json = serde_json::to_string(&Value::Array(rows)).map_err(DbError::other)?;
    let sql =
        format!("INSERT INTO {table} SELECT * FROM json_populate_recordset(NULL::{table}, $1::text::json) {conflict}");
    let done = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(json).execute(conn).await.map_err(errors::map)?;
    Ok(done.rows_affected())
}
