//! Conversions between domain values and column values: vocabulary codes, `|`-joined lists, unit and
//! country codes read back from rows, and the values of rows to write (`row::Field`) made from domain values.

use lekhotla_domain::vocabulary::{join_codes, parse_code, split_codes};
use lekhotla_domain::{CountryCode, PlaceCode, UnitCode, Vocabulary};
use lekhotla_storage::DbError;
use serde_json::Value;
use sqlx::Row;
use sqlx::postgres::PgRow;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::row::Field;

pub use lekhotla_storage::sql_store::{BadValue, bad};

/// A column of any decodable type.
pub fn get<'r, T>(row: &'r PgRow, column: &'static str) -> Result<T, DbError>
where
    T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    row.try_get(column).map_err(DbError::other)
}

/// A row whose columns can be read by name: a database row, or a case's child row that came back as JSON
/// (`cases/children.rs`).
pub trait Cells {
    fn cell<T: Cell>(&self, column: &'static str) -> Result<T, DbError>;
}

/// A column type both kinds of rows can give.
pub trait Cell: Sized + for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> {
    /// The value from its JSON form, as `row_to_json` writes it.
    fn from_json(v: &Value) -> Result<Self, String>;
}

impl Cells for PgRow {
    fn cell<T: Cell>(&self, column: &'static str) -> Result<T, DbError> {
        self.try_get(column).map_err(DbError::other)
    }
}

/// A column of either kind of row.
pub fn val<T: Cell>(row: &impl Cells, column: &'static str) -> Result<T, DbError> {
    row.cell(column)
}

impl<T: Cell> Cell for Option<T> {
    fn from_json(v: &Value) -> Result<Self, String> {
        if v.is_null() { Ok(None) } else { T::from_json(v).map(Some) }
    }
}

impl Cell for String {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_str().map(str::to_owned).ok_or_else(|| format!("{v} is not text"))
    }
}

impl Cell for bool {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_bool().ok_or_else(|| format!("{v} is not true or false"))
    }
}

impl Cell for i64 {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_i64().ok_or_else(|| format!("{v} is not a whole number"))
    }
}

impl Cell for i32 {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_i64().and_then(|i| i32::try_from(i).ok()).ok_or_else(|| format!("{v} is not a 32-bit whole number"))
    }
}

impl Cell for f64 {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_f64().ok_or_else(|| format!("{v} is not a number"))
    }
}

impl Cell for Uuid {
    fn from_json(v: &Value) -> Result<Self, String> {
        let s = v.as_str().ok_or_else(|| format!("{v} is not a UUID"))?;
        Uuid::parse_str(s).map_err(|e| format!("{s:?}: {e}"))
    }
}

impl Cell for Date {
    fn from_json(v: &Value) -> Result<Self, String> {
        let s = v.as_str().ok_or_else(|| format!("{v} is not a date"))?;
        Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).map_err(|e| format!("{s:?}: {e}"))
    }
}

impl Cell for OffsetDateTime {
    fn from_json(v: &Value) -> Result<Self, String> {
        let s = v.as_str().ok_or_else(|| format!("{v} is not a timestamp"))?;
        OffsetDateTime::parse(s, &Rfc3339).map_err(|e| format!("{s:?}: {e}"))
    }
}

/// A vocabulary code column.
pub fn code<V: Vocabulary>(row: &impl Cells, column: &'static str) -> Result<V, DbError> {
    let s: String = row.cell(column)?;
    parse_code(&s).map_err(|e| bad(column, e))
}

/// A nullable vocabulary code column.
pub fn opt_code<V: Vocabulary>(row: &impl Cells, column: &'static str) -> Result<Option<V>, DbError> {
    let s: Option<String> = row.cell(column)?;
    s.map(|s| parse_code(&s).map_err(|e| bad(column, e))).transpose()
}

/// A `|`-joined multi-select column.
pub fn codes<V: Vocabulary>(row: &impl Cells, column: &'static str) -> Result<Vec<V>, DbError> {
    let s: Option<String> = row.cell(column)?;
    split_codes(s.as_deref().unwrap_or("")).map_err(|e| bad(column, e))
}

pub fn unit(row: &impl Cells, column: &'static str) -> Result<UnitCode, DbError> {
    let s: String = row.cell(column)?;
    UnitCode::parse(&s).map_err(|e| bad(column, e))
}

pub fn opt_unit(row: &impl Cells, column: &'static str) -> Result<Option<UnitCode>, DbError> {
    let s: Option<String> = row.cell(column)?;
    s.map(|s| UnitCode::parse(&s).map_err(|e| bad(column, e))).transpose()
}

pub fn country(row: &impl Cells, column: &'static str) -> Result<CountryCode, DbError> {
    let s: String = row.cell(column)?;
    CountryCode::parse(&s).map_err(|e| bad(column, e))
}

pub fn opt_place(row: &impl Cells, column: &'static str) -> Result<Option<PlaceCode>, DbError> {
    let s: Option<String> = row.cell(column)?;
    s.map(|s| PlaceCode::parse(&s).map_err(|e| bad(column, e))).transpose()
}

pub fn opt_country(row: &impl Cells, column: &'static str) -> Result<Option<CountryCode>, DbError> {
    let s: Option<String> = row.cell(column)?;
    s.map(|s| CountryCode::parse(&s).map_err(|e| bad(column, e))).transpose()
}

/// A `|`-joined list of country codes.
pub fn countries(row: &impl Cells, column: &'static str) -> Result<Vec<CountryCode>, DbError> {
    let s: Option<String> = row.cell(column)?;
    s.as_deref()
        .unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| CountryCode::parse(c).map_err(|e| bad(column, e)))
        .collect()
}

/// A non-negative integer column read into an unsigned domain field.
pub fn unsigned<T: TryFrom<i64>>(row: &impl Cells, column: &'static str) -> Result<T, DbError> {
    let v: i64 = match row.cell::<i64>(column) {
        Ok(v) => v,
        Err(_) => i64::from(row.cell::<i32>(column)?),
    };
    T::try_from(v).map_err(|_| bad(column, format!("{v} is out of range")))
}

pub fn opt_unsigned<T: TryFrom<i64>>(row: &impl Cells, column: &'static str) -> Result<Option<T>, DbError> {
    let v: Option<i64> = match row.cell::<Option<i64>>(column) {
        Ok(v) => v,
        Err(_) => row.cell::<Option<i32>>(column)?.map(i64::from),
    };
    v.map(|v| T::try_from(v).map_err(|_| bad(column, format!("{v} is out of range")))).transpose()
}

// ---- values of rows to write (bulk inserts, `crate::row`) ---------------------------------------

pub fn j_uuid(id: Uuid) -> Field {
    Field::Uuid(id)
}

pub fn j_opt_uuid(id: Option<Uuid>) -> Field {
    id.map_or(Field::Null, j_uuid)
}

pub fn j_date(d: Date) -> Field {
    Field::Date(d)
}

pub fn j_opt_date(d: Option<Date>) -> Field {
    d.map_or(Field::Null, j_date)
}

/// A timestamp, written in UTC; PostgreSQL keeps microseconds.
pub fn j_ts(t: OffsetDateTime) -> Field {
    Field::Instant(t)
}

pub fn j_str(s: &str) -> Field {
    Field::Text(s.to_owned())
}

pub fn j_opt_str(s: Option<&str>) -> Field {
    s.map_or(Field::Null, j_str)
}

pub fn j_code<V: Vocabulary>(v: V) -> Field {
    Field::Code(v.code())
}

pub fn j_opt_code<V: Vocabulary>(v: Option<V>) -> Field {
    v.map_or(Field::Null, j_code)
}

pub fn j_codes<V: Vocabulary>(v: &[V]) -> Field {
    match v {
        [] => Field::Code(""),
        [one] => Field::Code(one.code()),
        _ => Field::Text(join_codes(v)),
    }
}

pub fn j_countries(v: &[CountryCode]) -> Field {
    Field::Text(v.iter().map(CountryCode::as_str).collect::<Vec<_>>().join("|"))
}

pub fn j_unit(u: &UnitCode) -> Field {
    j_str(u.as_str())
}

pub fn j_opt_unit(u: Option<&UnitCode>) -> Field {
    u.map_or(Field::Null, j_unit)
}

pub fn j_opt_place(p: Option<PlaceCode>) -> Field {
    p.map_or(Field::Null, |p| Field::Text(p.as_str().to_owned()))
}

pub fn j_opt_country(c: Option<CountryCode>) -> Field {
    c.map_or(Field::Null, |c| j_str(c.as_str()))
}

/// A position in a list, as stored.
pub fn j_pos(i: usize) -> Field {
    Field::from(i)
}
