//! The SQL written once for both databases (`lekhotla_storage::sql_store`), run on SQLite: a write waits its
//! turn in the process (`write_gate`), ids are bound as hyphenated text and times as fixed-width RFC 3339 text in UTC (`rows::instant`).

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_storage::DbError;
use lekhotla_storage::sealing::KeyringSlot;
use lekhotla_storage::sql_store::{Reads, SqlRow, SqlStore, Value};
use lekhotla_storage::statistics::Dialect;
use sqlx::sqlite::SqliteRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::rows::{Get, SqliteQuery, date_str, instant};
use crate::write_gate::WriteTx;
use crate::{SqliteStore, audit, errors, id_text};

/// A row of SQLite, read as the shared code asks.
pub struct Row(SqliteRow);

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Row").finish_non_exhaustive()
    }
}

impl SqlRow for Row {
    fn opt_text(&self, column: &'static str) -> Result<Option<String>, DbError> {
        self.0.opt_text(column)
    }
    fn opt_int(&self, column: &'static str) -> Result<Option<i64>, DbError> {
        self.0.opt_int(column)
    }
    fn opt_real(&self, column: &'static str) -> Result<Option<f64>, DbError> {
        self.0.opt_real(column)
    }
    fn opt_id(&self, column: &'static str) -> Result<Option<Uuid>, DbError> {
        self.0.opt_uuid(column)
    }
    fn opt_at(&self, column: &'static str) -> Result<Option<OffsetDateTime>, DbError> {
        self.0.opt_text(column)?.map(|_| self.0.timestamp(column)).transpose()
    }
    fn opt_date(&self, column: &'static str) -> Result<Option<Date>, DbError> {
        self.0.opt_date(column)
    }
    fn opt_bytes(&self, column: &'static str) -> Result<Option<Vec<u8>>, DbError> {
        sqlx::Row::try_get(&self.0, column).map_err(|e| errors::bad(column, e))
    }
}

/// `q` with `values` bound in order.
fn bound(sql: &str, values: Vec<Value>) -> Result<SqliteQuery<'static>, DbError> {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
    for v in values {
        q = match v {
            Value::Id(id) => q.bind(id.map(id_text)),
            Value::At(None) => q.bind(None::<String>),
            Value::At(Some(t)) => q.bind(instant("time", t)?),
            Value::Day(d) => q.bind(d.map(date_str)),
            Value::Text(s) => q.bind(s),
            Value::Int(i) => q.bind(i),
            Value::Real(f) => q.bind(f),
            Value::Bytes(b) => q.bind(b),
        };
    }
    Ok(q)
}

#[async_trait]
impl SqlStore for SqliteStore {
    type Row = Row;
    type Tx = WriteTx;

    const LOCK_ROWS: &'static str = "";
    const DIALECT: Dialect = Dialect::Sqlite;
    const BYTE_ORDER: &'static str = "";

    fn keyring(&self) -> &KeyringSlot {
        &self.keyring
    }
    async fn begin_write(&self) -> Result<WriteTx, DbError> {
        crate::write_gate::begin(&self.pool).await
    }
    async fn audit_in(&self, tx: &mut WriteTx, entry: NewEntry) -> Result<(), DbError> {
        audit::append(tx, entry).await.map(|_| ())
    }
    async fn commit(&self, tx: WriteTx) -> Result<(), DbError> {
        tx.commit().await.map_err(errors::map)
    }
    async fn execute_in(&self, tx: &mut WriteTx, sql: &str, values: Vec<Value>) -> Result<u64, DbError> {
        let done = bound(sql, values)?.execute(&mut **tx).await.map_err(errors::map)?;
        Ok(done.rows_affected())
    }
    async fn fetch_in(&self, tx: &mut WriteTx, sql: &str, values: Vec<Value>) -> Result<Vec<Row>, DbError> {
        let rows = bound(sql, values)?.fetch_all(&mut **tx).await.map_err(errors::map)?;
        Ok(rows.into_iter().map(Row).collect())
    }
    async fn execute(&self, sql: &str, values: Vec<Value>) -> Result<u64, DbError> {
        let done = bound(sql, values)?.execute(&self.pool).await.map_err(errors::map)?;
        Ok(done.rows_affected())
    }
    async fn fetch(&self, _on: Reads, sql: &str, values: Vec<Value>) -> Result<Vec<Row>, DbError> {
        let rows = bound(sql, values)?.fetch_all(&self.pool).await.map_err(errors::map)?;
        Ok(rows.into_iter().map(Row).collect())
    }
}
