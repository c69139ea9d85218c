//! The one statement that reads whole cases: each case row and, in one column per child table, that table's
//! rows of the case as JSON (`json_agg`, in saved order). A case view was twenty statements, each a round trip
//! to the server; now it is one, and it looks in fewer tables (see [`statement`]).

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

/// The rows of `table` of the case `c` as a JSON array in saved order, `NULL` when there are none; `when`
/// is a condition on the case's row alone, which PostgreSQL checks once before it looks in the table.
fn rows_of(table: &str, when: &str) -> String {
    format!("(SELECT json_agg(x ORDER BY x.position)::text FROM (SELECT * FROM {table} WHERE {when}case_id = c.id) x)")
}

/// The statement: the cases `ANY($1)` with their children, one column each after `c.*`, in the order of
/// [`Children::add`]. A case's investigation and prosecution (one at most each) are joined to it, and the
/// tables under them are read only when they exist: most cases have neither.
pub fn statement() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let investigated = "inv.case_id IS NOT NULL AND ";
        let prosecuted = "pr.case_id IS NOT NULL AND ";
        let columns = [
            format!("(SELECT json_agg(x ORDER BY x.position)::text FROM ({PEOPLE}) x)"),
            rows_of("events", ""),
            rows_of("referrals", ""),
            rows_of("consents", ""),
            rows_of("support_plans", ""),
            rows_of("comments", ""),
            rows_of("case_links", ""),
            "CASE WHEN inv.case_id IS NULL THEN NULL ELSE json_build_array(to_json(inv))::text END".to_owned(),
            rows_of("docket_transfers", investigated),
            "CASE WHEN pr.case_id IS NULL THEN NULL ELSE json_build_array(to_json(pr))::text END".to_owned(),
            rows_of("charges", prosecuted),
            rows_of("hearings", prosecuted),
            rows_of("verdicts", prosecuted),
            rows_of("sentences", prosecuted),
            rows_of("compensation_orders", prosecuted),
        ];
        format!(
            "SELECT c.*, {} FROM cases c LEFT JOIN investigations inv ON inv.case_id = c.id \
             LEFT JOIN prosecutions pr ON pr.case_id = c.id WHERE c.id = ANY($1)",
            columns.join(", ")
        )
    })
}

/// How many columns of child rows follow `c.*`.
const CHILD_COLUMNS: usize = 15;

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
    /// Adds the child rows carried by one row of [`statement`].
    pub fn add(&mut self, row: &PgRow) -> Result<(), DbError> {
        let first = row.len() - CHILD_COLUMNS;
        let slots: [&mut Vec<Child>; CHILD_COLUMNS] = [
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
        for (k, slot) in slots.into_iter().enumerate() {
            let text: Option<String> = row.try_get(first + k).map_err(DbError::other)?;
            let Some(text) = text else { continue };
            let rows: Vec<Map<String, Value>> = serde_json::from_str(&text).map_err(|e| bad("case", e))?;
            slot.extend(rows.into_iter().map(Child));
        }
        Ok(())
    }
}

/// One child row, as `row_to_json` wrote it.
#[derive(Debug)]
pub struct Child(Map<String, Value>);

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
    fn the_statement_has_one_column_per_child_table() {
        assert_eq!(
            statement().matches("json_agg(").count() + statement().matches("json_build_array(").count(),
            CHILD_COLUMNS
        );
    }
}
