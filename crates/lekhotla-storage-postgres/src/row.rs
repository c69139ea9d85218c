//! A row to write: its columns in the order given, each value kept as it is (an id, a day, an instant, a code)
//! until it is written, straight into `COPY`'s text format or, for a few rows, into the JSON an `INSERT` reads.
//!
//! Rows were `serde_json` objects: every column name allocated, every value a string made for the occasion, and
//! the objects' maps built and torn down; that and turning them into `COPY` text were a third of the loader's
//! time in a PostgreSQL `demo-data` (BENCHMARKS.md, twenty-second pass).

use std::io::Write as _;

use serde::ser::{Serialize, SerializeMap, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};
use uuid::Uuid;

/// One column's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A vocabulary code or another text known when the program was built.
    Code(&'static str),
    Text(String),
    Uuid(Uuid),
    Date(Date),
    /// An instant, written in UTC.
    Instant(OffsetDateTime),
}

/// A row: `(column, value)` in the order the columns were set; a column is set once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row(Vec<(&'static str, Field)>);

impl Row {
    pub fn with_capacity(columns: usize) -> Self {
        Self(Vec::with_capacity(columns))
    }

    /// Sets `column` to `value`, in its place if it was set before, else after the others.
    pub fn set(&mut self, column: &'static str, value: impl Into<Field>) {
        let value = value.into();
        match self.0.iter_mut().find(|(c, _)| *c == column) {
            Some((_, v)) => *v = value,
            None => self.0.push((column, value)),
        }
    }

    /// Adds `column`, which the row does not have yet (the [`row!`](crate::row!) macro's columns are distinct).
    pub fn push(&mut self, column: &'static str, value: impl Into<Field>) {
        self.0.push((column, value.into()));
    }

    pub fn columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(c, _)| *c)
    }

    pub fn cells(&self) -> &[(&'static str, Field)] {
        &self.0
    }

    /// The value of `column`, if the row has it.
    pub fn get(&self, column: &str) -> Option<&Field> {
        self.0.iter().find(|(c, _)| *c == column).map(|(_, v)| v)
    }
}

/// A `Row` written like a `json!` object: `row!({ "id": id, "version": 1 })`, each value anything that
/// becomes a `Field`.
#[macro_export]
macro_rules! row {
    ({ $($column:literal : $value:expr),* $(,)? }) => {{
        let mut row = $crate::row::Row::with_capacity([$($column),*].len());
        $( row.push($column, $value); )*
        row
    }};
}

impl Field {
    /// The value in `COPY`'s text format: `\N` for NULL, backslash, tab, newline and carriage return escaped.
    pub fn copy_text(&self, out: &mut Vec<u8>) {
        match self {
            Field::Null => out.extend_from_slice(b"\\N"),
            Field::Bool(b) => out.push(if *b { b't' } else { b'f' }),
            Field::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Field::Float(x) => {
                let _ = write!(out, "{x}");
            }
            Field::Code(s) => escape(out, s),
            Field::Text(s) => escape(out, s),
            Field::Uuid(id) => {
                out.extend_from_slice(id.hyphenated().encode_lower(&mut Uuid::encode_buffer()).as_bytes())
            }
            Field::Date(d) => date(out, *d),
            Field::Instant(t) => instant(out, *t),
        }
    }
}

/// `s` as a field of `COPY`'s text format.
fn escape(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'\\' => b"\\\\",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(escaped);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// A day as `YYYY-MM-DD` (ISO 8601, which PostgreSQL reads whatever its `DateStyle`).
fn date(out: &mut Vec<u8>, d: Date) {
    let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
}

/// An instant in UTC as `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` (PostgreSQL keeps microseconds, rounding the rest as it
/// does for the RFC 3339 text of the JSON path).
fn instant(out: &mut Vec<u8>, t: OffsetDateTime) {
    let t = t.to_offset(UtcOffset::UTC);
    date(out, t.date());
    let _ = write!(out, "T{:02}:{:02}:{:02}.{:09}Z", t.hour(), t.minute(), t.second(), t.nanosecond());
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Null => s.serialize_unit(),
            Field::Bool(b) => s.serialize_bool(*b),
            Field::Int(n) => s.serialize_i64(*n),
            Field::Float(x) => s.serialize_f64(*x),
            Field::Code(v) => s.serialize_str(v),
            Field::Text(v) => s.serialize_str(v),
            Field::Uuid(id) => s.serialize_str(id.hyphenated().encode_lower(&mut Uuid::encode_buffer())),
            Field::Date(d) => {
                let mut text = Vec::with_capacity(10);
                date(&mut text, *d);
                s.serialize_str(std::str::from_utf8(&text).map_err(serde::ser::Error::custom)?)
            }
            Field::Instant(t) => {
                s.serialize_str(&t.to_offset(UtcOffset::UTC).format(&Rfc3339).map_err(serde::ser::Error::custom)?)
            }
        }
    }
}

impl Serialize for Row {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (column, value) in &self.0 {
            map.serialize_entry(column, value)?;
        }
        map.end()
    }
}

impl<T: Into<Field>> From<Option<T>> for Field {
    fn from(v: Option<T>) -> Self {
        v.map_or(Field::Null, Into::into)
    }
}

macro_rules! wrapped {
    ($($t:ty => $kind:ident),*) => {$(
        impl From<$t> for Field {
            fn from(v: $t) -> Self {
                Field::$kind(v)
            }
        }
    )*};
}
wrapped!(bool => Bool, f64 => Float, String => Text, Uuid => Uuid, Date => Date, OffsetDateTime => Instant);

macro_rules! whole_numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Field {
            fn from(v: $t) -> Self {
                Field::Int(i64::from(v))
            }
        }
    )*};
}
whole_numbers!(i8, i16, i32, i64, u8, u16, u32);

impl From<u64> for Field {
    fn from(v: u64) -> Self {
        // Past `i64` no column can hold it: written as its digits, which the database refuses.
        i64::try_from(v).map_or_else(|_| Field::Text(v.to_string()), Field::Int)
    }
}

impl From<usize> for Field {
    fn from(v: usize) -> Self {
        Field::from(v as u64)
    }
}

impl From<&str> for Field {
    fn from(v: &str) -> Self {
        Field::Text(v.to_owned())
    }
}

impl From<&String> for Field {
    fn from(v: &String) -> Self {
        Field::Text(v.clone())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    fn copy(f: Field) -> String {
        let mut out = Vec::new();
        f.copy_text(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn values_are_written_as_copy_text_and_as_json_alike() {
        let id = Uuid::parse_str("6f1c1e9e-8a0e-4f35-9a55-2a8d3e0b1c11").unwrap();
        let at = datetime!(2025-03-04 12:11:12.1234567 +02:00);
        assert_eq!(copy(Field::Uuid(id)), "6f1c1e9e-8a0e-4f35-9a55-2a8d3e0b1c11");
        assert_eq!(copy(Field::Date(date!(2025 - 03 - 04))), "2025-03-04");
        assert_eq!(copy(Field::Instant(at)), "2025-03-04T10:11:12.123456700Z");
        assert_eq!(copy(Field::Int(-7)), "-7");
        assert_eq!(copy(Field::Float(-29.5)), "-29.5");
        assert_eq!(copy(Field::Bool(true)) + &copy(Field::Bool(false)), "tf");
        assert_eq!(copy(Field::Null), "\\N");
        assert_eq!(copy(Field::from("tab\there\nnew line\\ back\r")), "tab\\there\\nnew line\\\\ back\\r");
        let json = serde_json::to_value(row!({
            "id": id, "on": date!(2025 - 03 - 04), "at": at, "n": 3u32, "none": None::<u32>, "code": Field::Code("x"),
        }))
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "6f1c1e9e-8a0e-4f35-9a55-2a8d3e0b1c11", "on": "2025-03-04", "at": "2025-03-04T10:11:12.1234567Z",
                "n": 3, "none": null, "code": "x",
            })
        );
    }

    #[test]
    fn a_column_set_again_keeps_its_place() {
        let mut r = row!({ "a": 1, "b": "x" });
        r.set("a", 2);
        r.set("c", true);
        assert_eq!(r.columns().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(r.get("a"), Some(&Field::Int(2)));
        assert_eq!(r.get("d"), None);
    }
}
