//! What a store gives the SQL written once for both databases: a write transaction with its audit entry,
//! statements run with typed values, rows read back by column.
//!
//! Where SQLite and PostgreSQL do the same thing with the same statements (accounts, sessions, API tokens),
//! the logic lives once in this crate, generic over [`SqlStore`], and each store keeps only what really
//! differs: how it begins a write (SQLite's process-wide turn and `BEGIN IMMEDIATE`, PostgreSQL's pool), how
//! an id or a time is stored (text on SQLite, `uuid` and `timestamptz` on PostgreSQL), how it appends to the
//! audit chain. Statements number their parameters `$1`, `$2`, ...: PostgreSQL's form, which sqlx's SQLite
//! driver binds by the same numbers (a number may come back, as in `SET a = $1, b = $1`).

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::vocabulary::{parse_code, split_codes};
use lekhotla_domain::{CountryCode, UnitCode, Vocabulary};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::DbError;
use crate::keys::sealing::KeyringSlot;
use crate::statistics::Dialect;

/// A value bound to a statement, of the kind of the column it meets. A missing value keeps its kind: PostgreSQL
/// types every parameter, and a `NULL` compared with a `uuid` column must be a `uuid` too.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An id: `uuid` on PostgreSQL, hyphenated lower-case text on SQLite.
    Id(Option<Uuid>),
    /// A moment: `timestamptz` on PostgreSQL, RFC 3339 text in UTC on SQLite.
    At(Option<OffsetDateTime>),
    /// A day: `date` on PostgreSQL, `YYYY-MM-DD` text on SQLite.
    Day(Option<Date>),
    Text(Option<String>),
    Int(Option<i64>),
    Real(Option<f64>),
    Bytes(Option<Vec<u8>>),
}

impl From<Uuid> for Value {
    fn from(v: Uuid) -> Self {
        Value::Id(Some(v))
    }
}

impl From<Option<Uuid>> for Value {
    fn from(v: Option<Uuid>) -> Self {
        Value::Id(v)
    }
}

impl From<OffsetDateTime> for Value {
    fn from(v: OffsetDateTime) -> Self {
        Value::At(Some(v))
    }
}

impl From<Option<OffsetDateTime>> for Value {
    fn from(v: Option<OffsetDateTime>) -> Self {
        Value::At(v)
    }
}

impl From<Date> for Value {
    fn from(v: Date) -> Self {
        Value::Day(Some(v))
    }
}

impl From<Option<Date>> for Value {
    fn from(v: Option<Date>) -> Self {
        Value::Day(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_owned()))
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(Some(v))
    }
}

impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_owned))
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}

impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int(Some(i64::from(v)))
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}

impl From<Option<f64>> for Value {
    fn from(v: Option<f64>) -> Self {
        Value::Real(v)
    }
}

impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Self {
        Value::Bytes(Some(v.to_vec()))
    }
}

/// The values of a statement, in the order of its `$1`, `$2`, ...: `args![user.0, at]`.
#[macro_export]
macro_rules! args {
    ($($v:expr),* $(,)?) => { vec![$($crate::sql_store::Value::from($v)),*] };
}

/// A stored value the registry does not accept: the database holds something this program never wrote.
#[derive(Debug, thiserror::Error)]
#[error("column {column} holds a value the registry does not accept: {reason}")]
pub struct BadValue {
    pub column: &'static str,
    pub reason: String,
}

/// The error of a column that cannot be read back as what it should be.
pub fn bad(column: &'static str, reason: impl ToString) -> DbError {
    DbError::other(BadValue { column, reason: reason.to_string() })
}

/// A row read back: each column by name, as the kind the shared code expects.
pub trait SqlRow: Send + Sync {
    fn opt_text(&self, column: &'static str) -> Result<Option<String>, DbError>;
    fn opt_int(&self, column: &'static str) -> Result<Option<i64>, DbError>;
    fn opt_real(&self, column: &'static str) -> Result<Option<f64>, DbError>;
    fn opt_id(&self, column: &'static str) -> Result<Option<Uuid>, DbError>;
    fn opt_at(&self, column: &'static str) -> Result<Option<OffsetDateTime>, DbError>;
    fn opt_bytes(&self, column: &'static str) -> Result<Option<Vec<u8>>, DbError>;
    /// A day: `date` on PostgreSQL, `YYYY-MM-DD` text on SQLite.
    fn opt_date(&self, column: &'static str) -> Result<Option<Date>, DbError>;

    fn text(&self, column: &'static str) -> Result<String, DbError> {
        self.opt_text(column)?.ok_or_else(|| bad(column, "is empty"))
    }
    fn int(&self, column: &'static str) -> Result<i64, DbError> {
        self.opt_int(column)?.ok_or_else(|| bad(column, "is empty"))
    }
    fn id(&self, column: &'static str) -> Result<Uuid, DbError> {
        self.opt_id(column)?.ok_or_else(|| bad(column, "is empty"))
    }
    fn at(&self, column: &'static str) -> Result<OffsetDateTime, DbError> {
        self.opt_at(column)?.ok_or_else(|| bad(column, "is empty"))
    }
    fn date(&self, column: &'static str) -> Result<Date, DbError> {
        self.opt_date(column)?.ok_or_else(|| bad(column, "is empty"))
    }
    fn bytes(&self, column: &'static str) -> Result<Vec<u8>, DbError> {
        self.opt_bytes(column)?.ok_or_else(|| bad(column, "is empty"))
    }
    /// A vocabulary value, stored as its code.
    fn code<T: Vocabulary>(&self, column: &'static str) -> Result<T, DbError> {
        parse_code(&self.text(column)?).map_err(|e| bad(column, e))
    }
    /// Vocabulary values, stored as their codes joined by `|` (none when empty).
    fn codes<T: Vocabulary>(&self, column: &'static str) -> Result<Vec<T>, DbError> {
        split_codes(self.opt_text(column)?.as_deref().unwrap_or("")).map_err(|e| bad(column, e))
    }
    fn opt_unit(&self, column: &'static str) -> Result<Option<UnitCode>, DbError> {
        self.opt_text(column)?.map(|u| UnitCode::parse(&u).map_err(|e| bad(column, e))).transpose()
    }
    fn country(&self, column: &'static str) -> Result<CountryCode, DbError> {
        CountryCode::parse(&self.text(column)?).map_err(|e| bad(column, e))
    }
    /// An unsigned number (a TOTP step), refused when negative.
    fn opt_unsigned(&self, column: &'static str) -> Result<Option<u64>, DbError> {
        self.opt_int(column)?.map(|i| u64::try_from(i).map_err(|_| bad(column, "is negative"))).transpose()
    }
}

/// Which connections a read goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// The store's pool.
    Pool,
    /// The reads by key every request makes (a token's or a session's user): on PostgreSQL, connections that
    /// keep their plans; on SQLite, the pool.
    Lookup,
}

/// A database as the SQL written once uses it. Each store crate implements it for its store.
#[async_trait]
pub trait SqlStore: Send + Sync {
    /// A row read back.
    type Row: SqlRow;
    /// A write transaction: rolled back when dropped uncommitted.
    type Tx: Send;

    /// What ends a read that locks the rows it reads until the transaction ends: PostgreSQL's ` FOR UPDATE`;
    /// nothing on SQLite, whose write transaction holds the whole file.
    const LOCK_ROWS: &'static str;
    /// Which SQL dialect a query built as text (with literals) is written in.
    const DIALECT: Dialect;
    /// What makes a text column sort by its bytes: PostgreSQL's ` COLLATE "C"`; nothing on SQLite, whose
    /// text sorts so already.
    const BYTE_ORDER: &'static str;

    /// The keyring the store seals and opens with.
    fn keyring(&self) -> &KeyringSlot;
    /// Begins a write transaction.
    async fn begin_write(&self) -> Result<Self::Tx, DbError>;
    /// Appends `entry` to the audit chain inside `tx`.
    async fn audit_in(&self, tx: &mut Self::Tx, entry: NewEntry) -> Result<(), DbError>;
    async fn commit(&self, tx: Self::Tx) -> Result<(), DbError>;
    /// Runs one statement inside `tx`: how many rows it changed.
    async fn execute_in(&self, tx: &mut Self::Tx, sql: &str, args: Vec<Value>) -> Result<u64, DbError>;
    /// The rows of one query inside `tx`.
    async fn fetch_in(&self, tx: &mut Self::Tx, sql: &str, args: Vec<Value>) -> Result<Vec<Self::Row>, DbError>;
    /// Runs one statement on its own (its own transaction): how many rows it changed.
    async fn execute(&self, sql: &str, args: Vec<Value>) -> Result<u64, DbError>;
    /// The rows of one query on its own.
    async fn fetch(&self, on: Reads, sql: &str, args: Vec<Value>) -> Result<Vec<Self::Row>, DbError>;

    /// The first row of one query on its own, if any.
    async fn fetch_one(&self, on: Reads, sql: &str, args: Vec<Value>) -> Result<Option<Self::Row>, DbError> {
        Ok(self.fetch(on, sql, args).await?.into_iter().next())
    }
}
