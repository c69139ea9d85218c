//! Row ↔ domain value mapping: ids as hyphenated UUID text, dates `YYYY-MM-DD`, instants fixed-width
//! RFC 3339 in UTC (nine fractional digits, so that text order is time order), booleans 0/1, vocabulary values as codes and lists as `|`-joined codes; plus the one
//! generic insert every table goes through.

use lekhotla_domain::vocabulary::{join_codes, parse_code, split_codes};
use lekhotla_domain::{CountryCode, PlaceCode, UnitCode, Vocabulary};
use lekhotla_storage::DbError;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};
use uuid::Uuid;

use crate::errors::{self, bad};

/// One SQLite value to bind.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// A row to insert: column names and values.
pub type Cols = Vec<(&'static str, V)>;

pub fn text(s: impl Into<String>) -> V {
    V::Text(s.into())
}

pub fn opt_text(s: Option<&str>) -> V {
    s.map_or(V::Null, text)
}

pub fn int(i: impl Into<i64>) -> V {
    V::Int(i.into())
}

pub fn opt_int<T: Into<i64>>(i: Option<T>) -> V {
    i.map_or(V::Null, int)
}

/// An unsigned number; one past `i64::MAX` cannot be stored.
pub fn uint(column: &'static str, u: u64) -> Result<V, DbError> {
    i64::try_from(u).map(V::Int).map_err(|_| bad(column, "is too large to store"))
}

pub fn opt_uint(column: &'static str, u: Option<u64>) -> Result<V, DbError> {
    u.map_or(Ok(V::Null), |u| uint(column, u))
}

pub fn real(f: Option<f64>) -> V {
    f.map_or(V::Null, V::Real)
}

pub fn boolean(b: bool) -> V {
    V::Int(i64::from(b))
}

pub fn position(i: usize) -> V {
    V::Int(i64::try_from(i).unwrap_or(i64::MAX))
}

pub fn id(u: Uuid) -> V {
    V::Text(u.hyphenated().to_string())
}

pub fn opt_id(u: Option<Uuid>) -> V {
    u.map_or(V::Null, id)
}

pub fn date_str(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

pub fn date(d: Date) -> V {
    V::Text(date_str(d))
}

pub fn opt_date(d: Option<Date>) -> V {
    d.map_or(V::Null, date)
}

/// How every instant is written: RFC 3339 in UTC with exactly nine fractional digits, so that comparing and
/// ordering instants as text is comparing and ordering them in time. (Rows written before 2026-12 may hold
/// fewer digits; they read back the same, and only two instants less than a second apart can sort wrongly.)
const INSTANT: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:9]Z");

/// `t` as this database keeps instants.
pub fn instant(column: &'static str, t: OffsetDateTime) -> Result<String, DbError> {
    t.to_offset(UtcOffset::UTC).format(INSTANT).map_err(|e| bad(column, e))
}

pub fn timestamp(column: &'static str, t: OffsetDateTime) -> Result<V, DbError> {
    instant(column, t).map(V::Text)
}

pub fn code<T: Vocabulary>(v: T) -> V {
    V::Text(v.code().to_owned())
}

pub fn opt_code<T: Vocabulary>(v: Option<T>) -> V {
    v.map_or(V::Null, code)
}

pub fn codes<T: Vocabulary>(v: &[T]) -> V {
    V::Text(join_codes(v))
}

pub fn unit(u: &UnitCode) -> V {
    V::Text(u.as_str().to_owned())
}

pub fn opt_unit(u: Option<&UnitCode>) -> V {
    u.map_or(V::Null, unit)
}

pub fn opt_place(p: Option<PlaceCode>) -> V {
    p.map_or(V::Null, |p| V::Text(p.as_str().to_owned()))
}

pub fn country(c: CountryCode) -> V {
    V::Text(c.as_str().to_owned())
}

pub fn opt_country(c: Option<CountryCode>) -> V {
    c.map_or(V::Null, country)
}

pub fn countries(c: &[CountryCode]) -> V {
    V::Text(c.iter().map(CountryCode::as_str).collect::<Vec<_>>().join("|"))
}

/// `?, ?, ?` for `n` values.
pub fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Inserts one row into `table` (a name from this crate, never user input).
pub async fn insert(conn: &mut SqliteConnection, table: &'static str, cols: Cols) -> Result<(), DbError> {
    insert_with(conn, table, cols, "").await
}

/// Inserts one row with a trailing clause (`ON CONFLICT ...`).
pub async fn insert_with(
    conn: &mut SqliteConnection,
    table: &'static str,
    cols: Cols,
    tail: &'static str,
) -> Result<(), DbError> {
    let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
    let sql = format!("INSERT INTO {table} ({}) VALUES ({}) {tail}", names.join(", "), marks(cols.len()));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (_, v) in cols {
        q = bind(q, v);
    }
    q.execute(&mut *conn).await.map_err(errors::map)?;
    Ok(())
}

/// At most this many values are bound to one statement (SQLite allows 32,766).
const MAX_BOUND: usize = 30_000;
/// At most this many rows go in one statement.
const MAX_ROWS: usize = 500;

/// Inserts rows that all have the same columns, many per statement: one round trip to SQLite's
/// worker thread per few hundred rows instead of one per row.
pub async fn insert_many(
    conn: &mut SqliteConnection,
    table: &'static str,
    rows: Vec<Cols>,
    tail: &'static str,
) -> Result<(), DbError> {
    run(conn, prepare_many(table, rows, tail)?).await
}

/// The statements of [`insert_many`], their values bound, ready to run: made apart from the connection (a
/// bulk load makes a chunk's on the thread that sealed it), so that SQLite's worker thread runs one statement
/// after another instead of waiting while the next is put together.
pub fn prepare_many(
    table: &'static str,
    rows: Vec<Cols>,
    tail: &'static str,
) -> Result<Vec<SqliteQuery<'static>>, DbError> {
    let Some(first) = rows.first() else { return Ok(Vec::new()) };
    let names: Vec<&'static str> = first.iter().map(|(n, _)| *n).collect();
    if rows.iter().any(|r| r.len() != names.len() || r.iter().zip(&names).any(|((a, _), b)| a != b)) {
        return Err(DbError::Other(format!("rows for {table} do not all have the same columns").into()));
    }
    let per_statement = (MAX_BOUND / names.len().max(1)).clamp(1, MAX_ROWS);
    let one = format!("({})", marks(names.len()));
    let mut queries = Vec::with_capacity(rows.len().div_ceil(per_statement));
    let mut rows = rows.into_iter();
    loop {
        let batch: Vec<Cols> = rows.by_ref().take(per_statement).collect();
        if batch.is_empty() {
            return Ok(queries);
        }
        let values = vec![one.as_str(); batch.len()].join(", ");
        let sql = format!("INSERT INTO {table} ({}) VALUES {values} {tail}", names.join(", "));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (_, v) in batch.into_iter().flatten() {
            q = bind(q, v);
        }
        queries.push(q);
    }
}

/// Runs statements made by [`prepare_many`], in order.
pub async fn run(conn: &mut SqliteConnection, queries: Vec<SqliteQuery<'static>>) -> Result<(), DbError> {
    for q in queries {
        q.execute(&mut *conn).await.map_err(errors::map)?;
    }
    Ok(())
}

/// A query with one more value bound.
pub fn bind(q: SqliteQuery<'_>, v: V) -> SqliteQuery<'_> {
    match v {
        V::Null => q.bind(None::<String>),
        V::Int(i) => q.bind(i),
        V::Real(f) => q.bind(f),
        V::Text(s) => q.bind(s),
    }
}

/// A query of this crate.
pub type SqliteQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;

/// Typed reads of a result row, each failing with the column's name.
pub trait Get {
    fn opt_text(&self, c: &'static str) -> Result<Option<String>, DbError>;
    fn opt_int(&self, c: &'static str) -> Result<Option<i64>, DbError>;
    fn opt_real(&self, c: &'static str) -> Result<Option<f64>, DbError>;

    fn text(&self, c: &'static str) -> Result<String, DbError> {
        self.opt_text(c)?.ok_or_else(|| bad(c, "is empty"))
    }
    fn int(&self, c: &'static str) -> Result<i64, DbError> {
        self.opt_int(c)?.ok_or_else(|| bad(c, "is empty"))
    }
    fn num<T: TryFrom<i64>>(&self, c: &'static str) -> Result<T, DbError> {
        T::try_from(self.int(c)?).map_err(|_| bad(c, "is out of range"))
    }
    fn opt_num<T: TryFrom<i64>>(&self, c: &'static str) -> Result<Option<T>, DbError> {
        self.opt_int(c)?.map(|i| T::try_from(i).map_err(|_| bad(c, "is out of range"))).transpose()
    }
    fn boolean(&self, c: &'static str) -> Result<bool, DbError> {
        Ok(self.int(c)? != 0)
    }
    fn opt_boolean(&self, c: &'static str) -> Result<Option<bool>, DbError> {
        Ok(self.opt_int(c)?.map(|i| i != 0))
    }
    fn uuid(&self, c: &'static str) -> Result<Uuid, DbError> {
        Uuid::parse_str(&self.text(c)?).map_err(|e| bad(c, e))
    }
    fn opt_uuid(&self, c: &'static str) -> Result<Option<Uuid>, DbError> {
        self.opt_text(c)?.map(|s| Uuid::parse_str(&s).map_err(|e| bad(c, e))).transpose()
    }
    fn date(&self, c: &'static str) -> Result<Date, DbError> {
        parse_date(c, &self.text(c)?)
    }
    fn opt_date(&self, c: &'static str) -> Result<Option<Date>, DbError> {
        self.opt_text(c)?.map(|s| parse_date(c, &s)).transpose()
    }
    fn timestamp(&self, c: &'static str) -> Result<OffsetDateTime, DbError> {
        OffsetDateTime::parse(&self.text(c)?, &Rfc3339).map_err(|e| bad(c, e))
    }
    fn code<T: Vocabulary>(&self, c: &'static str) -> Result<T, DbError> {
        parse_code(&self.text(c)?).map_err(|e| bad(c, e))
    }
    fn opt_code<T: Vocabulary>(&self, c: &'static str) -> Result<Option<T>, DbError> {
        self.opt_text(c)?.map(|s| parse_code(&s).map_err(|e| bad(c, e))).transpose()
    }
    fn codes<T: Vocabulary>(&self, c: &'static str) -> Result<Vec<T>, DbError> {
        split_codes(&self.opt_text(c)?.unwrap_or_default()).map_err(|e| bad(c, e))
    }
    fn unit(&self, c: &'static str) -> Result<UnitCode, DbError> {
        UnitCode::parse(&self.text(c)?).map_err(|e| bad(c, e))
    }
    fn opt_unit(&self, c: &'static str) -> Result<Option<UnitCode>, DbError> {
        self.opt_text(c)?.map(|s| UnitCode::parse(&s).map_err(|e| bad(c, e))).transpose()
    }
    fn country(&self, c: &'static str) -> Result<CountryCode, DbError> {
        CountryCode::parse(&self.text(c)?).map_err(|e| bad(c, e))
    }
    fn opt_country(&self, c: &'static str) -> Result<Option<CountryCode>, DbError> {
        self.opt_text(c)?.map(|s| CountryCode::parse(&s).map_err(|e| bad(c, e))).transpose()
    }
    fn opt_place(&self, c: &'static str) -> Result<Option<PlaceCode>, DbError> {
        self.opt_text(c)?.map(|s| PlaceCode::parse(&s).map_err(|e| bad(c, e))).transpose()
    }
    fn countries(&self, c: &'static str) -> Result<Vec<CountryCode>, DbError> {
        let s = self.opt_text(c)?.unwrap_or_default();
        s.split('|').filter(|x| !x.is_empty()).map(|x| CountryCode::parse(x).map_err(|e| bad(c, e))).collect()
    }
}

impl Get for SqliteRow {
    fn opt_text(&self, c: &'static str) -> Result<Option<String>, DbError> {
        self.try_get(c).map_err(|e| bad(c, e))
    }
    fn opt_int(&self, c: &'static str) -> Result<Option<i64>, DbError> {
        self.try_get(c).map_err(|e| bad(c, e))
    }
    fn opt_real(&self, c: &'static str) -> Result<Option<f64>, DbError> {
        self.try_get(c).map_err(|e| bad(c, e))
    }
}

fn parse_date(c: &'static str, s: &str) -> Result<Date, DbError> {
    Date::parse(s, format_description!("[year]-[month]-[day]")).map_err(|e| bad(c, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn dates_and_timestamps_are_written_as_the_conventions_say() {
        assert_eq!(date(date!(2025 - 03 - 04)), V::Text("2025-03-04".into()));
        let t = datetime!(2025-03-04 12:11:12.123456 +02:00);
        assert_eq!(timestamp("at", t).unwrap(), V::Text("2025-03-04T10:11:12.123456000Z".into()));
        assert_eq!(boolean(true), V::Int(1));
        assert_eq!(marks(3), "?, ?, ?");
    }
}
