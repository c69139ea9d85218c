//! The one statement that reads whole cases: the case row and, in one column per child table, that table's rows
//! of the case as a JSON array of arrays (`json_group_array(json_array(...))`).
//!
//! sqlx hands every statement and every row between SQLite's worker thread and the task; a case read table by
//! table was twenty such trips and most of a case view's time. The child tables' columns are taken from the
//! schema (`pragma_table_info`) the first time, so a migration that adds a column needs no change here.

use std::collections::HashMap;

use lekhotla_storage::DbError;
use serde_json::Value;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use tokio::sync::OnceCell;

// The tables read with a case, in the order of the statement's columns `j0`, `j1`, ...: the tables a save
// writes, so that a new child table is read as soon as it is written.
use super::super::encode::CHILD_TABLES as CHILDREN;
use crate::errors::{self, bad};
use crate::rows::Get;

/// The statement and, for each child table, where each of its columns is in a row's array.
#[derive(Debug)]
pub(super) struct Shape {
    /// `SELECT c.*, (...) AS j0, ... FROM cases c WHERE c.id IN`: the caller adds the parenthesised ids.
    pub head: String,
    columns: Vec<HashMap<String, usize>>,
}

/// Built once per process: every database a process opens is migrated to the schema it was built with.
static SHAPE: OnceCell<Shape> = OnceCell::const_new();

/// The statement of this schema, read from the first connection that asks.
pub(super) async fn of(conn: &mut SqliteConnection) -> Result<&'static Shape, DbError> {
    SHAPE.get_or_try_init(|| build(conn)).await
}

async fn build(conn: &mut SqliteConnection) -> Result<Shape, DbError> {
    let mut head = String::from("SELECT c.*");
    let mut columns = Vec::with_capacity(CHILDREN.len());
    for (k, table) in CHILDREN.iter().enumerate() {
        let found: Vec<(String, String)> =
            sqlx::query_as("SELECT name, upper(type) FROM pragma_table_info(?) ORDER BY cid")
                .bind(*table)
                .fetch_all(&mut *conn)
                .await
                .map_err(errors::map)?;
        if found.is_empty() {
            return Err(bad(table, "the table is missing from the schema"));
        }
        // A REAL is written with 17 significant digits, so that it reads back exactly: JSON's own has 15.
        let values: Vec<String> = found
            .iter()
            .map(
                |(name, kind)| {
                    if kind == "REAL" { format!("printf('%!.17g', t.\"{name}\")") } else { format!("t.\"{name}\"") }
                },
            )
            .collect();
        head.push_str(&format!(
            ", (SELECT json_group_array(json_array({})) FROM {table} t WHERE {}t.case_id = c.id) AS j{k}",
            values.join(", "),
            under(table)
        ));
        columns.push(found.into_iter().enumerate().map(|(i, (name, _))| (name, i)).collect());
    }
    head.push_str(
        " FROM cases c LEFT JOIN investigations inv ON inv.case_id = c.id \
         LEFT JOIN prosecutions pr ON pr.case_id = c.id WHERE c.id IN",
    );
    Ok(Shape { head, columns })
}

/// A condition on the case's row alone, which SQLite checks once before it looks in `table`: the tables under
/// an investigation or a prosecution (one at most each, joined to the case by its unique `case_id`) are read
/// only when the case has one, as a case's reading uses their rows only then (most cases have no prosecution;
/// with the other changes of BENCHMARKS.md's fifteenth pass, a view took a fifth less CPU).
fn under(table: &str) -> &'static str {
    match table {
        "docket_transfers" => "inv.case_id IS NOT NULL AND ",
        "charges" | "hearings" | "verdicts" | "sentences" | "compensation_orders" => "pr.case_id IS NOT NULL AND ",
        _ => "",
    }
}

impl Shape {
    /// Each child table's rows of the case in `row`, by table; a table with a `position` column has its rows in
    /// that order.
    pub fn children(&self, row: &SqliteRow) -> Result<Rows<'_>, DbError> {
        let mut out = HashMap::with_capacity(CHILDREN.len());
        for (k, names) in self.columns.iter().enumerate() {
            let table = CHILDREN[k];
            let text: String = row.try_get(k + row.columns().len() - CHILDREN.len()).map_err(|e| bad(table, e))?;
            let rows: Vec<Vec<Value>> = serde_json::from_str(&text).map_err(|e| bad(table, e))?;
            let mut rows: Vec<Child<'_>> = rows.into_iter().map(|values| Child { table, names, values }).collect();
            if names.contains_key("position") {
                let mut keyed =
                    rows.drain(..)
                        .map(|r| Ok((r.opt_int("position")?.unwrap_or(0), r)))
                        .collect::<Result<Vec<_>, DbError>>()?;
                keyed.sort_by_key(|(p, _)| *p);
                rows.extend(keyed.into_iter().map(|(_, r)| r));
            }
            out.insert(table, rows);
        }
        Ok(Rows(out))
    }
}

/// A case's child rows, by table.
#[derive(Debug)]
pub(super) struct Rows<'s>(HashMap<&'static str, Vec<Child<'s>>>);

impl<'s> Rows<'s> {
    /// The rows of `table` (none for a table that is not a child table).
    pub fn take(&mut self, table: &str) -> Vec<Child<'s>> {
        self.0.remove(table).unwrap_or_default()
    }
}

/// One row of a child table, as its JSON array.
#[derive(Debug)]
pub(super) struct Child<'s> {
    table: &'static str,
    names: &'s HashMap<String, usize>,
    values: Vec<Value>,
}

impl Child<'_> {
    fn value(&self, c: &'static str) -> Result<&Value, DbError> {
        self.names
            .get(c)
            .and_then(|i| self.values.get(*i))
            .ok_or_else(|| bad(c, format!("is not a column of {}", self.table)))
    }
}

impl Get for Child<'_> {
    fn opt_text(&self, c: &'static str) -> Result<Option<String>, DbError> {
        match self.value(c)? {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            Value::Number(n) => Ok(Some(n.to_string())),
            other => Err(bad(c, format!("{other} is not text"))),
        }
    }

    fn opt_int(&self, c: &'static str) -> Result<Option<i64>, DbError> {
        match self.value(c)? {
            Value::Null => Ok(None),
            Value::Number(n) => n.as_i64().map(Some).ok_or_else(|| bad(c, format!("{n} is not a whole number"))),
            other => Err(bad(c, format!("{other} is not a whole number"))),
        }
    }

    fn opt_real(&self, c: &'static str) -> Result<Option<f64>, DbError> {
        match self.value(c)? {
            Value::Null => Ok(None),
            Value::Number(n) => n.as_f64().map(Some).ok_or_else(|| bad(c, format!("{n} is not a number"))),
            Value::String(s) => s.parse().map(Some).map_err(|e| bad(c, format!("{s:?}: {e}"))),
            other => Err(bad(c, format!("{other} is not a number"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn child<'s>(names: &'s HashMap<String, usize>, values: Value) -> Child<'s> {
        let Value::Array(values) = values else { panic!("an array") };
        Child { table: "events", names, values }
    }

    #[test]
    fn a_json_child_row_reads_as_a_database_row_would() {
        let names: HashMap<String, usize> = ["id", "position", "date", "latitude", "flag", "gone"]
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), i))
            .collect();
        let r = child(
            &names,
            json!(["6f1c1e9e-8a0e-4f35-9a55-2a8d3e0b1c11", 3, "2025-03-04", "-29.310000000000002", 1, null]),
        );
        assert_eq!(r.uuid("id").unwrap().to_string(), "6f1c1e9e-8a0e-4f35-9a55-2a8d3e0b1c11");
        assert_eq!(r.int("position").unwrap(), 3);
        assert_eq!(r.date("date").unwrap(), time::macros::date!(2025 - 03 - 04));
        // A REAL comes as text with 17 significant digits and reads back exactly.
        assert_eq!(r.opt_real("latitude").unwrap(), Some(-29.310000000000002));
        assert!(r.boolean("flag").unwrap());
        assert_eq!(r.opt_text("gone").unwrap(), None);
        assert_eq!(r.opt_int("gone").unwrap(), None);
        // A column the table does not have, or a value of the wrong kind, is an error naming the column.
        assert!(r.opt_text("nope").unwrap_err().to_string().contains("nope"));
        assert!(r.opt_int("date").unwrap_err().to_string().contains("date"));
    }
}
