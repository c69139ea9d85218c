//! Set-based writes: a table's [`Row`]s go to the server in one statement however many there are. Many rows
//! go by `COPY ... FROM STDIN`, in the binary format when every column's type is known ([`copy_binary`]), else
//! in the text format; a few (and every write that meets rows already stored) as one
//! JSON array inserted with `json_populate_recordset`. A write is [`prepare`]d (the text made, on any thread)
//! apart from being [`send`]t (on the transaction's connection).

use lekhotla_storage::DbError;
use sqlx::PgConnection;

use crate::row::{Field, Row};
use crate::{copy_binary, errors};

/// From this many rows an insert goes by `COPY`: the server parses plain text instead of a JSON document
/// (a third of its time in an import, BENCHMARKS.md twelfth pass) and writes the rows in batches. Below it,
/// the one round trip of an `INSERT` beats the two of a `COPY` (a case saved through the API).
const COPY_FROM: usize = 32;

/// A write made ready to send: its statement and the text that goes with it.
#[derive(Debug)]
pub enum Prepared {
    Nothing,
    Copy { sql: String, data: Vec<u8> },
    Insert { sql: String, json: String },
}

/// Inserts `rows` (missing columns are NULL) into `table`.
pub async fn insert(conn: &mut PgConnection, table: &'static str, rows: Vec<Row>) -> Result<u64, DbError> {
    send(conn, prepare(table, &rows, "")?).await
}

/// Inserts `rows` into `table`, with `conflict` (an `ON CONFLICT ...` clause) deciding what happens
/// to rows that exist already.
pub async fn write(
    conn: &mut PgConnection,
    table: &'static str,
    rows: Vec<Row>,
    conflict: &'static str,
) -> Result<u64, DbError> {
    send(conn, prepare(table, &rows, conflict)?).await
}

/// The statement and text that insert `rows` into `table` (with `conflict`, always by `INSERT`).
pub fn prepare(table: &'static str, rows: &[Row], conflict: &'static str) -> Result<Prepared, DbError> {
    if rows.is_empty() {
        return Ok(Prepared::Nothing);
    }
    if rows.len() >= COPY_FROM && conflict.is_empty() {
        let columns = copy_columns(table, rows)?;
        let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
        let binary = copy_binary::kinds(table, &columns)
            .and_then(|kinds| copy_binary::encode(rows, &kinds, |r, i| cell(r, i, &columns)));
        let (data, format) = match binary {
            Some(data) => (data, " (FORMAT binary)"),
            None => (copy_text(rows, &columns), ""),
        };
        return Ok(Prepared::Copy { sql: format!("COPY {table} ({}) FROM STDIN{format}", quoted.join(", ")), data });
    }
    let json = serde_json::to_string(rows).map_err(DbError::other)?;
    let sql =
        format!("INSERT INTO {table} SELECT * FROM json_populate_recordset(NULL::{table}, $1::text::json) {conflict}");
    Ok(Prepared::Insert { sql, json })
}

/// Sends a prepared write. A failed copy (a foreign key, a constraint) is refused whole, as an `INSERT` would be,
/// with the same error.
pub async fn send(conn: &mut PgConnection, prepared: Prepared) -> Result<u64, DbError> {
    match prepared {
        Prepared::Nothing => Ok(0),
        Prepared::Copy { sql, data } => {
            let mut copy = conn.copy_in_raw(&sql).await.map_err(errors::map)?;
            copy.send(data).await.map_err(errors::map)?;
            copy.finish().await.map_err(errors::map)
        }
        Prepared::Insert { sql, json } => {
            let done = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(json).execute(conn).await.map_err(errors::map)?;
            Ok(done.rows_affected())
        }
    }
}

/// The columns named in any of `rows`, in the order first met. Rows of a table mostly have the same columns in
/// the same order: only a row of another kind (a business among persons) adds its own.
pub(crate) fn copy_columns(table: &str, rows: &[Row]) -> Result<Vec<&'static str>, DbError> {
    let mut columns: Vec<&'static str> = Vec::new();
    let mut previous: Option<&Row> = None;
    for r in rows {
        if previous.is_none_or(|p| !p.columns().eq(r.columns())) {
            for c in r.columns() {
                if !columns.contains(&c) {
                    columns.push(c);
                }
            }
        }
        previous = Some(r);
    }
    if let Some(bad) =
        columns.iter().find(|c| !c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
    {
        return Err(DbError::Other(format!("{table} has no column {bad:?}").into()));
    }
    Ok(columns)
}

/// The value of the `i`-th of `columns` in `r` (NULL when the row does not have it): taken in place when the row
/// has exactly these columns in this order, else looked up by name.
pub(crate) fn cell<'r>(r: &'r Row, i: usize, columns: &[&str]) -> &'r Field {
    let cells = r.cells();
    match cells.get(i) {
        Some((c, value)) if cells.len() == columns.len() && *c == columns[i] => value,
        _ => r.get(columns[i]).unwrap_or(&Field::Null),
    }
}

/// The rows in `COPY`'s text format: fields separated by tabs, `\N` for NULL (a missing column too).
pub(crate) fn copy_text(rows: &[Row], columns: &[&str]) -> Vec<u8> {
    let mut data = Vec::with_capacity(rows.len() * columns.len() * 24);
    for r in rows {
        for i in 0..columns.len() {
            if i > 0 {
                data.push(b'\t');
            }
            cell(r, i, columns).copy_text(&mut data);
        }
        data.push(b'\n');
    }
    data
}

#[cfg(test)]
mod tests {
    use super::{Prepared, copy_columns, copy_text, prepare};
    use crate::row;

    #[test]
    fn rows_become_copy_text_with_every_column_and_escapes() {
        let rows = [
            row!({ "id": "a", "note": "tab\there\nnew line\\ back\r", "n": 3, "ok": true }),
            row!({ "id": "b", "extra": None::<i64>, "ok": false }),
            row!({ "id": "c", "note": "x", "n": 4, "ok": true }),
        ];
        let columns = copy_columns("t", &rows).unwrap();
        assert_eq!(columns, ["id", "note", "n", "ok", "extra"]);
        let text = String::from_utf8(copy_text(&rows, &columns)).unwrap();
        assert_eq!(text, "a\ttab\\there\\nnew line\\\\ back\\r\t3\tt\t\\N\nb\t\\N\t\\N\tf\t\\N\nc\tx\t4\tt\t\\N\n");
    }

    #[test]
    fn a_strange_column_name_is_refused() {
        assert!(copy_columns("t", &[row!({ "id\"; DROP": 1 })]).is_err());
    }

    #[test]
    fn few_rows_or_a_conflict_clause_go_by_insert_many_by_copy() {
        let few: Vec<_> = (0..3).map(|i| row!({ "n": i })).collect();
        let many: Vec<_> = (0..40).map(|i| row!({ "n": i })).collect();
        assert!(
            matches!(prepare("t", &few, "").unwrap(), Prepared::Insert { json, .. } if json == r#"[{"n":0},{"n":1},{"n":2}]"#)
        );
        assert!(
            matches!(prepare("t", &many, "").unwrap(), Prepared::Copy { sql, .. } if sql == r#"COPY t ("n") FROM STDIN"#)
        );
        assert!(matches!(prepare("t", &many, "ON CONFLICT DO NOTHING").unwrap(), Prepared::Insert { .. }));
        assert!(matches!(prepare("t", &[], "").unwrap(), Prepared::Nothing));
    }
}
