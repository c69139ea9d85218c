//! The one statement that reads whole cases: each case row and, in one more column, every child row of the case
//! as JSON, each tagged with its table (`[tag, row]`). A case view was twenty statements, each a round trip to
//! the server; then one with a column per child table, each its own aggregate; now one aggregate over the
//! child tables' scans (see [`statement`]).

use serde_json::{Map, Value};
use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::rows::{Cell, Cells, bad};
use lekhotla_storage::DbError;

/// The persons of the case `c`: each `persons` row with the columns of its role's row (victim, suspect or
/// witness), in one scan of the case's persons.
const PEOPLE: &str = "SELECT p.*, v.trafficking_status, v.status_decided_by, v.status_decided_by_org, \
    v.status_decided_on, v.identified_on, v.age_when_trafficked, v.exploitation_types, v.forced_labour_industry, \
    v.sex_exploitation_types, v.methods_of_control, v.recruitment_methods, v.relationship_to_trafficker, \
    v.vulnerabilities, v.vulnerability_details, v.recruitment_location, v.recruitment_websites, \
    v.exploitation_location, v.exploitation_websites, \
    s.roles, s.role_details, s.official_public_body, s.official_position, s.arrested_on, \
    s.organisation AS suspect_organisation, \
    w.victim_id, w.statement_taken_on, w.testimony_preserved \
    FROM persons p LEFT JOIN victims v ON v.person_id = p.id LEFT JOIN suspects s ON s.person_id = p.id \
    LEFT JOIN witnesses w ON w.person_id = p.id WHERE p.case_id = c.id";

/// The child tables in the order of their tags (a tag is the index here), each read by a branch of the
/// statement's `UNION ALL`: `(table, condition)`, `when` being a condition on the case's row alone, which
/// PostgreSQL checks once before it looks in the table. Investigation and prosecution are joined to the case
/// (one at most each) and given as a row of their own; the tables under them are read only when they exist
/// (most cases have neither).
const TABLES: [(&str, &str); CHILD_TABLES] = [
    ("persons", ""),
    ("events", ""),
    ("referrals", ""),
    ("consents", ""),
    ("support_plans", ""),
    ("comments", ""),
    ("case_links", ""),
    ("investigations", ""),
    ("docket_transfers", "inv.case_id IS NOT NULL AND "),
    ("prosecutions", ""),
    ("charges", "pr.case_id IS NOT NULL AND "),
    ("hearings", "pr.case_id IS NOT NULL AND "),
    ("verdicts", "pr.case_id IS NOT NULL AND "),
    ("sentences", "pr.case_id IS NOT NULL AND "),
    ("compensation_orders", "pr.case_id IS NOT NULL AND "),
];

/// How many child tables a case's rows come from.
const CHILD_TABLES: usize = 15;

/// The statement: the cases `ANY($1)`, each with one more column after `c.*`: every child row of the case as
/// `[tag, row]` in one JSON array (`NULL` when it has none), in no particular order ([`Children::add`] puts
/// each table's rows in saved order).
///
/// One aggregate over a `UNION ALL` of the fifteen scans, not one aggregate per table: PostgreSQL sets up
/// every subplan's executor state at each execution, and fifteen aggregates (each with a sort for its
/// `ORDER BY`) were a fifth of its time in a case view (BENCHMARKS.md, sixteenth pass).
pub fn statement() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let branches: Vec<String> = TABLES
            .iter()
            .enumerate()
            .map(|(tag, (table, when))| match *table {
                "persons" => format!("SELECT {tag} AS t, to_json(x) AS r FROM ({PEOPLE}) x"),
                "investigations" => format!("SELECT {tag}, to_json(inv) WHERE inv.case_id IS NOT NULL"),
                "prosecutions" => format!("SELECT {tag}, to_json(pr) WHERE pr.case_id IS NOT NULL"),
                _ => format!("SELECT {tag}, to_json(x) FROM {table} x WHERE {when}x.case_id = c.id"),
            })
            .collect();
        format!(
            "SELECT c.*, (SELECT json_agg(json_build_array(y.t, y.r))::text FROM ({}) y) AS children \
             FROM cases c LEFT JOIN investigations inv ON inv.case_id = c.id \
             LEFT JOIN prosecutions pr ON pr.case_id = c.id WHERE c.id = ANY($1)",
            branches.join(" UNION ALL ")
        )
    })
}

/// Every case's child rows, table by table.
#[derive(Debug, Default)]
pub struct Children {
    pub people: Vec<Child>,
    pub events: Vec<Child>,
    pub referrals: Vec<Child>,
    pub consents: Vec<Child>,
    pub support_plans: Vec<Child>,
    pub comments: Vec<Child>,
    pub links: Vec<Child>,
    pub investigations: Vec<Child>,
    pub transfers: Vec<Child>,
    pub prosecutions: Vec<Child>,
    pub charges: Vec<Child>,
    pub hearings: Vec<Child>,
    pub verdicts: Vec<Child>,
    pub sentences: Vec<Child>,
    pub compensation: Vec<Child>,
}

impl Children {
    /// Adds the child rows carried by one row of [`statement`] (one case's), each table's in saved order.
    pub fn add(&mut self, row: &PgRow) -> Result<(), DbError> {
        let mut slots: [&mut Vec<Child>; CHILD_TABLES] = [
            &mut self.people,
            &mut self.events,
            &mut self.referrals,
            &mut self.consents,
            &mut self.support_plans,
            &mut self.comments,
            &mut self.links,
            &mut self.investigations,
            &mut self.transfers,
            &mut self.prosecutions,
            &mut self.charges,
            &mut self.hearings,
            &mut self.verdicts,
            &mut self.sentences,
            &mut self.compensation,
        ];
        let text: Option<String> = row.try_get(row.len() - 1).map_err(DbError::other)?;
        let Some(text) = text else { return Ok(()) };
        let tagged: Vec<(usize, Map<String, Value>)> = serde_json::from_str(&text).map_err(|e| bad("case", e))?;
        let starts: [usize; CHILD_TABLES] = std::array::from_fn(|k| slots[k].len());
        for (tag, child) in tagged {
            let slot = slots.get_mut(tag).ok_or_else(|| bad("case", format!("a child row of no table ({tag})")))?;
            slot.push(Child(child));
        }
        // The scans give a case's rows in no set order; each table's are put in saved order (`position`).
        for (slot, start) in slots.into_iter().zip(starts) {
            in_saved_order(&mut slot[start..]);
        }
        Ok(())
    }
}

/// One case's rows of one table put in saved order (`position`; the order of the scan among equals).
fn in_saved_order(rows: &mut [Child]) {
    if rows.len() > 1 {
        rows.sort_by_key(Child::position);
    }
}

/// One child row, as `row_to_json` wrote it.
#[derive(Debug)]
pub struct Child(Map<String, Value>);

impl Child {
    /// The row's place among its case's rows of its table (0 for a table without one: at most one row a case).
    fn position(&self) -> i64 {
        self.0.get("position").and_then(Value::as_i64).unwrap_or(0)
    }
}

impl Cells for Child {
    fn cell<T: Cell>(&self, column: &'static str) -> Result<T, DbError> {
        let v = self.0.get(column).ok_or_else(|| bad(column, "is missing from the row"))?;
        T::from_json(v).map_err(|e| bad(column, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::val;
    use serde_json::json;
    use time::macros::{date, datetime};
    use uuid::Uuid;

    #[test]
    fn a_json_child_row_reads_as_a_database_row_would() {
        let Value::Object(map) = json!({
            "id": "6f1c1e9e-8a0e-4f35-9a55-2a8d3e0b1c11",
            "version": 2,
            "on_date": "2025-03-04",
            "at": "2025-03-04T10:11:12.123456+00:00",
            "later": "2025-03-04T12:11:12+02:00",
            "counts": 7,
            "suspended": true,
            "notes": null
        }) else {
            unreachable!()
        };
        let r = Child(map);
        assert_eq!(val::<Uuid>(&r, "id").unwrap().to_string(), "6f1c1e9e-8a0e-4f35-9a55-2a8d3e0b1c11");
        assert_eq!(val::<i64>(&r, "version").unwrap(), 2);
        assert_eq!(val::<i32>(&r, "counts").unwrap(), 7);
        assert_eq!(val::<time::Date>(&r, "on_date").unwrap(), date!(2025 - 03 - 04));
        assert_eq!(val::<time::OffsetDateTime>(&r, "at").unwrap(), datetime!(2025-03-04 10:11:12.123456 UTC));
        // An instant written with another offset is the same instant.
        assert_eq!(val::<time::OffsetDateTime>(&r, "later").unwrap(), datetime!(2025-03-04 10:11:12 UTC));
        assert!(val::<bool>(&r, "suspended").unwrap());
        assert_eq!(val::<Option<String>>(&r, "notes").unwrap(), None);
        assert!(val::<String>(&r, "notes").is_err(), "null is not text");
        assert!(val::<i64>(&r, "on_date").unwrap_err().to_string().contains("on_date"));
        assert!(val::<Option<String>>(&r, "missing").unwrap_err().to_string().contains("missing"));
    }

    #[test]
    fn a_case_s_rows_of_a_table_are_put_in_saved_order() {
        let row = |id: &str, position: Option<i64>| {
            let mut m = Map::new();
            m.insert("id".into(), json!(id));
            if let Some(p) = position {
                m.insert("position".into(), json!(p));
            }
            Child(m)
        };
        let ids =
            |rows: &[Child]| rows.iter().map(|r| r.0["id"].as_str().unwrap_or_default().to_owned()).collect::<Vec<_>>();
        let mut rows = [row("c", Some(2)), row("a", Some(0)), row("b", Some(1))];
        in_saved_order(&mut rows);
        assert_eq!(ids(&rows), ["a", "b", "c"]);
        let mut one = [row("investigation", None)];
        in_saved_order(&mut one);
        assert_eq!(ids(&one), ["investigation"]);
    }

    #[test]
    fn the_statement_reads_every_child_table_once() {
        assert_eq!(statement().matches(" UNION ALL ").count() + 1, CHILD_TABLES);
        // Each tag once, as the first column of its own branch (`SELECT 1, ` is not `SELECT 10, `).
        assert_eq!(statement().matches("SELECT 0 AS t, to_json(x) AS r FROM (SELECT p.*").count(), 1);
        for (tag, (table, _)) in TABLES.iter().enumerate().skip(1) {
            assert_eq!(statement().matches(&format!("SELECT {tag}, to_json(")).count(), 1, "{table}");
        }
    }
}
