//! `COPY`'s binary format: each value sent as the server keeps it (a UUID as its 16 bytes, a day as a count of
//! days, an instant as microseconds), so the server reads lengths instead of scanning text for tabs, newlines and
//! escapes and parsing every id, date and number back.
//!
//! In a bulk load the text format's scanning and parsing were two fifths of the server's time (`uuid_in` alone,
//! which parses a UUID hex pair by hex pair, a seventh), and escaping the text a twentieth of the loader's
//! (BENCHMARKS.md, twenty-fourth pass). The binary format needs the exact type of every column (an `int4` is
//! four bytes, an `int8` eight), which the server's catalog gives: [`learn`] reads it once a store has migrated
//! its schema. A write to a table or column not learnt, a column of a type not listed here, or a value that
//! does not fit its column goes in the text format as before, so the server words the error as it always did.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use lekhotla_storage::DbError;
use sqlx::PgPool;

use crate::errors;
use crate::row::{Field, Row};

/// The types a value is sent as in binary; any other column's write goes as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Int2,
    Int4,
    Int8,
    Float8,
    Text,
    Uuid,
    Date,
    Timestamptz,
}

impl Kind {
    /// The kind of a column whose type (a domain's base type) is named `typname` in `pg_type`.
    fn of(typname: &str) -> Option<Self> {
        Some(match typname {
            "bool" => Self::Bool,
            "int2" => Self::Int2,
            "int4" => Self::Int4,
            "int8" => Self::Int8,
            "float8" => Self::Float8,
            "text" | "varchar" => Self::Text,
            "uuid" => Self::Uuid,
            "date" => Self::Date,
            "timestamptz" => Self::Timestamptz,
            _ => return None,
        })
    }
}

/// Each table's columns and their kinds (columns of other types are left out).
pub type Tables = HashMap<String, Arc<HashMap<String, Kind>>>;

/// The column kinds of the schema the last store opened migrated. Every store of a process runs the same
/// migrations, so the tables of one schema are those of another (tests give each test a schema of its own).
static LEARNT: RwLock<Option<Arc<Tables>>> = RwLock::new(None);

/// Reads the kinds of the columns of every table of the connection's schema, for the writes that follow.
pub async fn learn(pool: &PgPool) -> Result<(), DbError> {
    let columns: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.relname::text, a.attname::text, \
                (CASE WHEN t.typtype = 'd' THEN b.typname ELSE t.typname END)::text \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid \
         LEFT JOIN pg_type b ON b.oid = t.typbasetype \
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') \
           AND a.attnum > 0 AND NOT a.attisdropped",
    )
    .fetch_all(pool)
    .await
    .map_err(errors::map)?;
    let mut tables: HashMap<String, HashMap<String, Kind>> = HashMap::new();
    for (table, column, typname) in columns {
        if let Some(kind) = Kind::of(&typname) {
            tables.entry(table).or_default().insert(column, kind);
        }
    }
    let tables: Tables = tables.into_iter().map(|(t, c)| (t, Arc::new(c))).collect();
    *LEARNT.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Arc::new(tables));
    Ok(())
}

/// The kinds of `columns` of `table`, when every one of them was learnt.
pub fn kinds(table: &str, columns: &[&str]) -> Option<Vec<Kind>> {
    let learnt = LEARNT.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()?;
    let table = learnt.get(table)?;
    columns.iter().map(|c| table.get(*c).copied()).collect()
}

/// The start of a binary `COPY`: its signature, no flags, no header extension.
const HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";
/// The end: a row of -1 fields.
const TRAILER: &[u8] = &(-1i16).to_be_bytes();

/// `rows` in the binary format, each with `columns` (`cell` gives a row's value of the i-th column), or `None`
/// when a value does not fit its column's kind.
pub fn encode<'r>(
    rows: &'r [Row],
    kinds: &[Kind],
    mut cell: impl FnMut(&'r Row, usize) -> &'r Field,
) -> Option<Vec<u8>> {
    let count = i16::try_from(kinds.len()).ok()?.to_be_bytes();
    let mut out = Vec::with_capacity(HEADER.len() + rows.len() * (2 + kinds.len() * 20));
    out.extend_from_slice(HEADER);
    for r in rows {
        out.extend_from_slice(&count);
        for (i, kind) in kinds.iter().enumerate() {
            put(&mut out, cell(r, i), *kind)?;
        }
    }
    out.extend_from_slice(TRAILER);
    Some(out)
}

/// Seconds from the Unix epoch to PostgreSQL's, 2000-01-01 00:00:00 UTC.
const POSTGRES_EPOCH_UNIX: i64 = 946_684_800;
/// The Julian day number of 2000-01-01.
const POSTGRES_EPOCH_JULIAN_DAY: i32 = 2_451_545;

/// Appends one field (its length, then its bytes), or `None` when `value` cannot be a `kind`.
fn put(out: &mut Vec<u8>, value: &Field, kind: Kind) -> Option<()> {
    fn sized(out: &mut Vec<u8>, bytes: &[u8]) -> Option<()> {
        out.extend_from_slice(&i32::try_from(bytes.len()).ok()?.to_be_bytes());
        out.extend_from_slice(bytes);
        Some(())
    }
    match (value, kind) {
        (Field::Null, _) => {
            out.extend_from_slice(&(-1i32).to_be_bytes());
            Some(())
        }
        (Field::Bool(b), Kind::Bool) => sized(out, &[u8::from(*b)]),
        (Field::Int(n), Kind::Int2) => sized(out, &i16::try_from(*n).ok()?.to_be_bytes()),
        (Field::Int(n), Kind::Int4) => sized(out, &i32::try_from(*n).ok()?.to_be_bytes()),
        (Field::Int(n), Kind::Int8) => sized(out, &n.to_be_bytes()),
        // As `float8in` reads the digits: to the nearest double.
        (Field::Int(n), Kind::Float8) => sized(out, &(*n as f64).to_be_bytes()),
        (Field::Float(x), Kind::Float8) => sized(out, &x.to_be_bytes()),
        (Field::Code(s), Kind::Text) => sized(out, s.as_bytes()),
        (Field::Text(s), Kind::Text) => sized(out, s.as_bytes()),
        (Field::Uuid(id), Kind::Uuid) => sized(out, id.as_bytes()),
        (Field::Date(d), Kind::Date) => sized(out, &(d.to_julian_day() - POSTGRES_EPOCH_JULIAN_DAY).to_be_bytes()),
        (Field::Instant(t), Kind::Timestamptz) => {
            let seconds = t.unix_timestamp().checked_sub(POSTGRES_EPOCH_UNIX)?;
            let micros = seconds.checked_mul(1_000_000)?.checked_add(i64::from(microseconds(t.nanosecond())))?;
            sized(out, &micros.to_be_bytes())
        }
        _ => None,
    }
}

/// A second's `nanosecond`s in whole microseconds, rounded as PostgreSQL rounds the nine digits the text format
/// gives it (`rint(strtod(".nnnnnnnnn") * 1e6)`), so that an instant is stored alike whichever way it went: to
/// the nearest, and on an exact half as the double nearest the digits falls.
fn microseconds(nanosecond: u32) -> u32 {
    let (whole, rest) = (nanosecond / 1_000, nanosecond % 1_000);
    match rest {
        0..500 => whole,
        500 => {
            let fraction: f64 = format!("0.{nanosecond:09}").parse().unwrap_or(0.0);
            (fraction * 1e6).round_ties_even() as u32
        }
        _ => whole + 1,
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};
    use uuid::Uuid;

    use super::{Kind, encode, microseconds, put};
    use crate::row::Field;

    fn one(value: Field, kind: Kind) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        put(&mut out, &value, kind).map(|()| out)
    }

    #[test]
    fn values_are_written_as_the_server_keeps_them() {
        let id = Uuid::parse_str("6f1c1e9e-8a0e-4f35-9a55-2a8d3e0b1c11").unwrap();
        let mut uuid = vec![0, 0, 0, 16];
        uuid.extend_from_slice(id.as_bytes());
        assert_eq!(one(Field::Uuid(id), Kind::Uuid), Some(uuid));
        assert_eq!(one(Field::Null, Kind::Uuid), Some(vec![0xff; 4]));
        assert_eq!(one(Field::Bool(true), Kind::Bool), Some(vec![0, 0, 0, 1, 1]));
        assert_eq!(one(Field::Int(-2), Kind::Int2), Some(vec![0, 0, 0, 2, 0xff, 0xfe]));
        assert_eq!(one(Field::Int(7), Kind::Int4), Some(vec![0, 0, 0, 4, 0, 0, 0, 7]));
        assert_eq!(one(Field::Int(7), Kind::Int8), Some(vec![0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 7]));
        assert_eq!(one(Field::Code("ls"), Kind::Text), Some(vec![0, 0, 0, 2, b'l', b's']));
        // PostgreSQL's epoch is day 0; a day before it is -1.
        assert_eq!(one(Field::Date(date!(2000 - 01 - 01)), Kind::Date), Some(vec![0, 0, 0, 4, 0, 0, 0, 0]));
        assert_eq!(one(Field::Date(date!(1999 - 12 - 31)), Kind::Date), Some(vec![0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff]));
        let at = one(Field::Instant(datetime!(2000-01-01 02:00:01.5 +02:00)), Kind::Timestamptz).unwrap();
        assert_eq!(at[4..], 1_500_000i64.to_be_bytes());
    }

    #[test]
    fn a_value_that_does_not_fit_its_column_is_left_to_the_text_format() {
        assert_eq!(one(Field::Int(40_000), Kind::Int2), None);
        assert_eq!(one(Field::Int(i64::from(i32::MAX) + 1), Kind::Int4), None);
        assert_eq!(one(Field::Text("6f1c1e9e-8a0e-4f35-9a55-2a8d3e0b1c11".into()), Kind::Uuid), None);
        assert_eq!(one(Field::Int(1), Kind::Text), None);
        let rows = [crate::row!({ "n": 1 }), crate::row!({ "n": 70_000 })];
        assert_eq!(encode(&rows, &[Kind::Int2], |r, i| &r.cells()[i].1), None);
    }

    #[test]
    fn rows_have_the_signature_a_count_per_row_and_the_trailer() {
        let rows = [crate::row!({ "a": true, "b": None::<i64> })];
        let data = encode(&rows, &[Kind::Bool, Kind::Int8], |r, i| &r.cells()[i].1).unwrap();
        let mut expected = b"PGCOPY\n\xff\r\n\0".to_vec();
        expected.extend_from_slice(&[0; 8]);
        expected.extend_from_slice(&[0, 2, 0, 0, 0, 1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(data, expected);
    }

    #[test]
    fn microseconds_round_as_the_text_format_does() {
        assert_eq!(microseconds(123_456_499), 123_456);
        assert_eq!(microseconds(123_456_501), 123_457);
        assert_eq!(microseconds(999_999_700), 1_000_000);
        // Exact halves, to the even neighbour as PostgreSQL 15 stores them (`'...00.000000500Z'::timestamptz`).
        assert_eq!(microseconds(500), 0);
        assert_eq!(microseconds(1_500), 2);
        assert_eq!(microseconds(2_500), 2);
        assert_eq!(microseconds(123_456_500), 123_456);
    }

    /// The server named by `LEKHOTLA_TEST_PG_URL`; unset, the test is skipped with a notice, unless `CI=true`.
    fn server_url() -> Option<String> {
        match std::env::var("LEKHOTLA_TEST_PG_URL") {
            Ok(url) if !url.is_empty() => Some(url),
            _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("CI=true but LEKHOTLA_TEST_PG_URL is not set")
            }
            _ => {
                eprintln!("skipped: LEKHOTLA_TEST_PG_URL is not set");
                None
            }
        }
    }

    /// The same rows sent in the text format to one table and in the binary format to another are stored alike:
    /// every kind, NULLs, the ends of each range, days and instants before both epochs, halves of a microsecond.
    #[tokio::test]
    async fn binary_and_text_copies_store_the_same_values() {
        use sqlx::Connection as _;

        use crate::bulk::{Prepared, cell, copy_columns, copy_text, send};
        use crate::row::Row;

        let Some(url) = server_url() else { return };
        let mut conn = sqlx::PgConnection::connect(&url).await.expect("connects");
        let columns = "b bool, s int2, i int4, l int8, f float8, t text, v varchar(40), u uuid, d date, at timestamptz";
        for table in ["by_text", "by_binary"] {
            let sql = format!("CREATE TEMP TABLE {table} (n int4, {columns})");
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await.expect("creates");
        }
        let days = [date!(2000 - 01 - 01), date!(1999 - 12 - 31), date!(1969 - 07 - 20), date!(2026 - 12 - 06)];
        let nanos = [0, 500, 1_500, 2_500, 123_456_499, 123_456_500, 123_456_501, 999_999_500, 999_999_999];
        let texts = ["", "tab\there", "new\nline\\back\r", "Sesotho: Ntate Mokoena ê", "\\N"];
        let floats = [0.0, -0.0, 0.1, -29.5, 1e300, f64::MIN_POSITIVE, f64::NAN, f64::INFINITY];
        let rows: Vec<Row> = (0..60i64)
            .map(|n| {
                let k = usize::try_from(n).unwrap();
                let at = datetime!(1999-12-31 23:59:59 UTC) + time::Duration::days(n * 400 - 12_000);
                let at = at.replace_nanosecond(nanos[k % nanos.len()]).unwrap();
                let mut r = crate::row!({
                    "n": n,
                    "b": n % 3 == 0,
                    "s": [i64::from(i16::MIN), -1, 0, i64::from(i16::MAX)][k % 4],
                    "i": [i64::from(i32::MIN), 7, i64::from(i32::MAX)][k % 3],
                    "l": [i64::MIN, -7, i64::MAX, n][k % 4],
                    "f": Field::Float(floats[k % floats.len()]),
                    "t": texts[k % texts.len()],
                    "v": Field::Code("code"),
                    "u": Uuid::from_u128(u128::from(n.unsigned_abs()).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834)),
                    "d": days[k % days.len()] + time::Duration::days(n),
                    "at": at,
                });
                // NULLs in every column on some rows, and a row with a column missing.
                if n % 7 == 0 {
                    for c in ["b", "s", "i", "l", "f", "t", "v", "u", "d", "at"] {
                        r.set(c, Field::Null);
                    }
                }
                if n == 11 {
                    r = crate::row!({ "n": n, "t": "only" });
                }
                r
            })
            .collect();
        let names = copy_columns("by_text", &rows[..11]).unwrap();
        assert_eq!(names.len(), 11);
        let text = Prepared::Copy {
            sql: format!("COPY by_text ({}) FROM STDIN", names.join(", ")),
            data: copy_text(&rows, &names),
        };
        let kinds = [
            Kind::Int4,
            Kind::Bool,
            Kind::Int2,
            Kind::Int4,
            Kind::Int8,
            Kind::Float8,
            Kind::Text,
            Kind::Text,
            Kind::Uuid,
            Kind::Date,
            Kind::Timestamptz,
        ];
        let binary = Prepared::Copy {
            sql: format!("COPY by_binary ({}) FROM STDIN (FORMAT binary)", names.join(", ")),
            data: encode(&rows, &kinds, |r, i| cell(r, i, &names)).expect("every value fits"),
        };
        assert_eq!(send(&mut conn, text).await.expect("text copy"), 60);
        assert_eq!(send(&mut conn, binary).await.expect("binary copy"), 60);
        let differ: Vec<String> = sqlx::query_scalar(
            "SELECT row_to_json(x)::text FROM ((TABLE by_text EXCEPT ALL TABLE by_binary) \
             UNION ALL (TABLE by_binary EXCEPT ALL TABLE by_text)) x",
        )
        .fetch_all(&mut conn)
        .await
        .expect("compares");
        assert!(differ.is_empty(), "stored differently: {differ:#?}");
        // Not vacuous: the instants kept their microseconds (59 s and .000000, .000002, .123456, .123457, and 0 s
        // of the next minute where the rounding carried), and NULLs are NULL.
        let kept: (i64, i64) = sqlx::query_as(
            "SELECT count(DISTINCT extract(microseconds FROM at)), count(*) FILTER (WHERE u IS NULL) FROM by_binary",
        )
        .fetch_one(&mut conn)
        .await
        .expect("counts");
        assert_eq!(kept, (5, 10));
    }

    /// Every column of every table a load writes by `COPY` is of a kind sent in binary, once a store has opened:
    /// a column of another type would send its whole table back to the text format, silently.
    #[tokio::test]
    async fn every_column_a_load_copies_goes_in_binary() {
        let Some(url) = server_url() else { return };
        let schema = format!("copy_binary_{}", std::process::id());
        let store = crate::PgStore::connect_in_schema(&url, &schema).await.expect("connects");
        for table in crate::cases::CHILD_TABLES.iter().chain(&["cases", "organisations"]) {
            let columns: Vec<String> = sqlx::query_scalar(
                "SELECT column_name::text FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2",
            )
            .bind(&schema)
            .bind(table)
            .fetch_all(store.pool())
            .await
            .expect("reads the columns");
            let names: Vec<&str> = columns.iter().map(String::as_str).collect();
            assert!(names.len() > 2, "{table} has columns");
            assert!(super::kinds(table, &names).is_some(), "a column of {table} would go in the text format");
        }
        let drop = format!("DROP SCHEMA {schema} CASCADE");
        sqlx::query(sqlx::AssertSqlSafe(drop)).execute(store.pool()).await.expect("drops the schema");
    }
}
