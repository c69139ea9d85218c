//! The SQL written once for both databases (`lekhotla_storage::sql_store`), run on PostgreSQL: ids bound as
//! `uuid`, times as `timestamptz`, the reads by key on the connections that keep their plans.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_storage::DbError;
use lekhotla_storage::sealing::KeyringSlot;
use lekhotla_storage::sql_store::{Reads, SqlRow, SqlStore, Value, bad};
use lekhotla_storage::statistics::Dialect;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::{Postgres, Row as _, Transaction};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{PgStore, audit, errors};

/// A row of PostgreSQL, read as the shared code asks.
pub struct Row(PgRow);

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Row").finish_non_exhaustive()
    }
}

impl Row {
    fn get<T>(&self, column: &'static str) -> Result<T, DbError>
    where
        T: for<'r> sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>,
    {
        self.0.try_get(column).map_err(|e| bad(column, e))
    }
}

impl SqlRow for Row {
    fn opt_text(&self, column: &'static str) -> Result<Option<String>, DbError> {
        self.get(column)
    }
    /// A `bigint`, an `integer` or a `smallint`.
    fn opt_int(&self, column: &'static str) -> Result<Option<i64>, DbError> {
        self.get::<Option<i64>>(column)
            .or_else(|_| self.get::<Option<i32>>(column).map(|i| i.map(i64::from)))
            .or_else(|_| self.get::<Option<i16>>(column).map(|i| i.map(i64::from)))
    }
    fn opt_real(&self, column: &'static str) -> Result<Option<f64>, DbError> {
        self.get(column)
    }
    fn opt_id(&self, column: &'static str) -> Result<Option<Uuid>, DbError> {
        self.get(column)
    }
    fn opt_at(&self, column: &'static str) -> Result<Option<OffsetDateTime>, DbError> {
        self.get(column)
    }
    fn opt_date(&self, column: &'static str) -> Result<Option<Date>, DbError> {
        self.get(column)
    }
    fn opt_bytes(&self, column: &'static str) -> Result<Option<Vec<u8>>, DbError> {
        self.get(column)
    }
}

/// `sql` with `values` bound in order.
fn bound(sql: &str, values: Vec<Value>) -> sqlx::query::Query<'static, Postgres, PgArguments> {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
    for v in values {
        q = match v {
            Value::Id(id) => q.bind(id),
            Value::At(t) => q.bind(t),
            Value::Day(d) => q.bind(d),
            Value::Text(s) => q.bind(s),
            Value::Int(i) => q.bind(i),
            Value::Real(f) => q.bind(f),
            Value::Bytes(b) => q.bind(b),
        };
    }
    q
}

#[async_trait]
impl SqlStore for PgStore {
    type Row = Row;
    type Tx = Transaction<'static, Postgres>;

    const LOCK_ROWS: &'static str = " FOR UPDATE";
    const DIALECT: Dialect = Dialect::Postgres;
    const BYTE_ORDER: &'static str = " COLLATE \"C\"";

    fn keyring(&self) -> &KeyringSlot {
        &self.keyring
    }
    async fn begin_write(&self) -> Result<Self::Tx, DbError> {
        self.pool.begin().await.map_err(errors::map)
    }
    async fn audit_in(&self, tx: &mut Self::Tx, entry: NewEntry) -> Result<(), DbError> {
        audit::append(tx, entry).await.map(|_| ())
    }
    async fn commit(&self, tx: Self::Tx) -> Result<(), DbError> {
        tx.commit().await.map_err(errors::map)
    }
    async fn execute_in(&self, tx: &mut Self::Tx, sql: &str, values: Vec<Value>) -> Result<u64, DbError> {
        let done = bound(sql, values).execute(&mut **tx).await.map_err(errors::map)?;
        Ok(done.rows_affected())
    }
    async fn fetch_in(&self, tx: &mut Self::Tx, sql: &str, values: Vec<Value>) -> Result<Vec<Row>, DbError> {
        let rows = bound(sql, values).fetch_all(&mut **tx).await.map_err(errors::map)?;
        Ok(rows.into_iter().map(Row).collect())
    }
    async fn execute(&self, sql: &str, values: Vec<Value>) -> Result<u64, DbError> {
        let done = bound(sql, values).execute(&self.pool).await.map_err(errors::map)?;
        Ok(done.rows_affected())
    }
    async fn fetch(&self, on: Reads, sql: &str, values: Vec<Value>) -> Result<Vec<Row>, DbError> {
        let pool = match on {
            Reads::Pool => &self.pool,
            Reads::Lookup => &self.lookups,
        };
        let rows = bound(sql, values).fetch_all(pool).await.map_err(errors::map)?;
        Ok(rows.into_iter().map(Row).collect())
    }
}
