//! Set-based writes: a table's rows, as objects keyed by column name, go to the server in one statement
//! however many there are. Many rows go by `COPY ... FROM STDIN` in text format; a few (and every write that
//! meets rows already stored) as one JSON array inserted with `json_populate_recordset`.

use std::collections::BTreeSet;
use std::io::Write as _;

use lekhotla_storage::DbError;
use serde_json::{Map, Value};
use sqlx::PgConnection;

use crate::errors;

/// From this many rows an insert goes by `COPY`: the server parses plain text instead of a JSON document
/// (a third of its time in an import, BENCHMARKS.md twelfth pass) and writes the rows in batches. Below it,
/// the one round trip of an `INSERT` beats the two of a `COPY` (a case saved through the API).
const COPY_FROM: usize = 32;

/// Inserts `rows` (objects keyed by column name; missing keys are NULL) into `table`.
pub async fn insert(conn: &mut PgConnection, table: &'static str, rows: Vec<Value>) -> Result<u64, DbError> {
    if rows.len() >= COPY_FROM {
        return copy(conn, table, &rows).await;
    }
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

/// Inserts `rows` into `table` by `COPY`. A failed copy (a foreign key, a constraint) is refused whole, as
/// an `INSERT` would be, with the same error.
async fn copy(conn: &mut PgConnection, table: &'static str, rows: &[Value]) -> Result<u64, DbError> {
    let (columns, data) = copy_text(table, rows)?;
    let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    let sql = format!("COPY {table} ({}) FROM STDIN", quoted.join(", "));
    let mut copy = conn.copy_in_raw(&sql).await.map_err(errors::map)?;
    copy.send(data).await.map_err(errors::map)?;
    copy.finish().await.map_err(errors::map)
}

/// The columns named in any of `rows`, in name order, and the rows in `COPY`'s text format: fields separated
/// by tabs, `\N` for NULL (a missing key too), backslash, tab, newline and carriage return escaped. A row's
/// keys come in name order too, so each row is read once alongside the columns, without a lookup by name.
fn copy_text<'a>(table: &str, rows: &'a [Value]) -> Result<(Vec<&'a str>, Vec<u8>), DbError> {
    let objects = rows
        .iter()
        .map(|r| r.as_object().ok_or_else(|| DbError::Other(format!("a row of {table} is not an object").into())))
        .collect::<Result<Vec<_>, _>>()?;
    let mut names = BTreeSet::new();
    let mut previous = None;
    for o in &objects {
        // Rows of a table mostly name the same columns: only a row unlike the one before is looked at.
        if previous.is_none_or(|p: &&Map<String, Value>| !p.keys().eq(o.keys())) {
            names.extend(o.keys().map(String::as_str));
        }
        previous = Some(o);
    }
    let columns: Vec<&str> = names.into_iter().collect();
    if let Some(bad) =
        columns.iter().find(|c| !c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
    {
        return Err(DbError::Other(format!("{table} has no column {bad:?}").into()));
    }
    let mut data = Vec::with_capacity(rows.len() * columns.len() * 16);
    for o in objects {
        let mut fields = o.iter().peekable();
        for (i, c) in columns.iter().enumerate() {
            if i > 0 {
                data.push(b'\t');
            }
            let value = fields.next_if(|(k, _)| k.as_str() == *c).map(|(_, v)| v);
            match value.unwrap_or(&Value::Null) {
                Value::Null => data.extend_from_slice(b"\\N"),
                Value::Bool(b) => data.push(if *b { b't' } else { b'f' }),
                Value::Number(n) => {
                    let _ = write!(data, "{n}");
                }
                Value::String(s) => escape(&mut data, s),
                Value::Array(_) | Value::Object(_) => {
                    return Err(DbError::Other(format!("{table}.{c} is given a list or an object").into()));
                }
            }
        }
        data.push(b'\n');
    }
    Ok((columns, data))
}

/// `s` as a field of `COPY`'s text format.
fn escape(data: &mut Vec<u8>, s: &str) {
    for b in s.bytes() {
        match b {
            b'\\' => data.extend_from_slice(b"\\\\"),
            b'\t' => data.extend_from_slice(b"\\t"),
            b'\n' => data.extend_from_slice(b"\\n"),
            b'\r' => data.extend_from_slice(b"\\r"),
            _ => data.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::copy_text;

    #[test]
    fn rows_become_copy_text_with_every_column_and_escapes() {
        let rows = [
            json!({ "id": "a", "note": "tab\there\nnew line\\ back\r", "n": 3, "ok": true }),
            json!({ "id": "b", "extra": null, "ok": false }),
        ];
        let (columns, data) = copy_text("t", &rows).unwrap();
        assert_eq!(columns, ["extra", "id", "n", "note", "ok"]);
        let text = String::from_utf8(data).unwrap();
        assert_eq!(text, "\\N\ta\t3\ttab\\there\\nnew line\\\\ back\\r\tt\n\\N\tb\t\\N\t\\N\tf\n");
    }

    #[test]
    fn a_list_or_a_strange_column_name_is_refused() {
        assert!(copy_text("t", &[json!({ "id": ["x"] })]).is_err());
        assert!(copy_text("t", &[json!({ "id\"; DROP": 1 })]).is_err());
        assert!(copy_text("t", &[json!("not an object")]).is_err());
    }
}
