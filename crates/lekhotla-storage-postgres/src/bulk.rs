//! Set-based writes: a table's [`Row`]s go to the server in one statement however many there are. Many rows
//! go by `COPY ... FROM STDIN` in text format; a few (and every write that meets rows already stored) as one
//! JSON array inserted with `json_populate_recordset`. A write is [`prepare`]d (the text made, on any thread)
//! apart from being [`send`]t (on the transaction's connection).

use lekhotla_storage::DbError;
use sqlx::PgConnection;

use crate::errors;
use crate::row::{Field, Row};

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
        let (columns, data) = copy_text(table, rows)?;
        let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
        return Ok(Prepared::Copy { sql: format!("COPY {table} ({}) FROM STDIN", quoted.join(", ")), data });
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

/// The columns named in any of `rows`, in the order first met, and the rows in `COPY`'s text format: fields
/// separated by tabs, `\N` for NULL (a missing column too). Rows of a table mostly have the same columns in the
/// same order: such a row is written as it is, only another kind (a business among persons) looked up by name.
fn copy_text(table: &str, rows: &[Row]) -> Result<(Vec<&'static str>, Vec<u8>), DbError> {
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
    let mut data = Vec::with_capacity(rows.len() * columns.len() * 24);
    for r in rows {
        let cells = r.cells();
        let in_order = cells.len() == columns.len() && cells.iter().zip(&columns).all(|((c, _), k)| c == k);
        for (i, c) in columns.iter().enumerate() {
            if i > 0 {
                data.push(b'\t');
            }
            let value = match in_order {
                true => &cells[i].1,
                false => r.get(c).unwrap_or(&Field::Null),
            };
            value.copy_text(&mut data);
        }
        data.push(b'\n');
    }
    Ok((columns, data))
}

#[cfg(test)]
mod tests {
    use super::{Prepared, copy_text, prepare};
    use crate::row;

    #[test]
    fn rows_become_copy_text_with_every_column_and_escapes() {
        let rows = [
            row!({ "id": "a", "note": "tab\there\nnew line\\ back\r", "n": 3, "ok": true }),
            row!({ "id": "b", "extra": None::<i64>, "ok": false }),
            row!({ "id": "c", "note": "x", "n": 4, "ok": true }),
        ];
        let (columns, data) = copy_text("t", &rows).unwrap();
        assert_eq!(columns, ["id", "note", "n", "ok", "extra"]);
        let text = String::from_utf8(data).unwrap();
        assert_eq!(text, "a\ttab\\there\\nnew line\\\\ back\\r\t3\tt\t\\N\nb\t\\N\t\\N\tf\t\\N\nc\tx\t4\tt\t\\N\n");
    }

    #[test]
    fn a_strange_column_name_is_refused() {
        assert!(copy_text("t", &[row!({ "id\"; DROP": 1 })]).is_err());
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
