//! The foreign keys between the case tables, set aside by a load into empty case tables and added back at its
//! end. PostgreSQL checks a foreign key row by row as rows are inserted, a lookup in the other table's index for
//! each that also locks the row it finds (a quarter of the server's time in a 100,000-case import, BENCHMARKS.md
//! twelfth pass; a seventh of the machine in `demo-data`, twenty-first pass); a constraint added to filled
//! tables is checked once, by one join.
//!
//! An import into empty tables adds them back in its one transaction: a key that does not hold fails the import
//! at that point, with the constraint's name, and the rollback brings every constraint back. A load of many
//! transactions (`demo-data`, [`crate::deferred_indexes::defer`]) keeps their statements in `deferred_indexes`
//! beside its indexes', named `table.constraint`, and they are added back with the indexes at its end or by the
//! next open. Nothing the server writes meanwhile can break them: it writes whole cases, replaces a case's
//! records by deleting every one of them itself, and never deletes a case.

use lekhotla_storage::DbError;
use lekhotla_storage::bulk_indexes::TABLES;
use sqlx::PgConnection;

use crate::errors;

/// The foreign keys from one case table to another, in the schema the connection works in: table, name, and
/// definition (`FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE`).
const BETWEEN_CASE_TABLES: &str = "SELECT t.relname::text, k.conname::text, pg_get_constraintdef(k.oid) \
     FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid \
     WHERE k.contype = 'f' AND t.relnamespace = current_schema()::regnamespace \
     AND t.relname = ANY($1) AND r.relname = ANY($1) ORDER BY 1, 2";

/// A foreign key set aside: its table, its name and its definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SetAsideKey {
    table: String,
    name: String,
    definition: String,
}

/// Drops the foreign keys between the case tables, to be added back by [`add_back`] in the same transaction.
/// Only for a load into case tables that are empty and locked against other writers
/// (`deferred_indexes::set_aside` found them so).
pub(crate) async fn set_aside(conn: &mut PgConnection) -> Result<Vec<SetAsideKey>, DbError> {
    let found: Vec<(String, String, String)> =
        sqlx::query_as(BETWEEN_CASE_TABLES).bind(TABLES).fetch_all(&mut *conn).await.map_err(errors::map)?;
    let keys: Vec<SetAsideKey> =
        found.into_iter().map(|(table, name, definition)| SetAsideKey { table, name, definition }).collect();
    let script: String =
        keys.iter().map(|k| format!("ALTER TABLE \"{}\" DROP CONSTRAINT \"{}\";\n", k.table, k.name)).collect();
    if !script.is_empty() {
        sqlx::raw_sql(sqlx::AssertSqlSafe(script)).execute(&mut *conn).await.map_err(errors::map)?;
    }
    Ok(keys)
}

/// For a load of many transactions, in the transaction that sets its indexes aside: [`set_aside`], keeping each
/// key's statement in `deferred_indexes`; how many. Their `ON DELETE CASCADE` is not missed meanwhile: no case is
/// ever deleted, and a save deletes every record of its case itself, role rows included (`replace_children`).
pub(crate) async fn set_aside_kept(conn: &mut PgConnection) -> Result<u64, DbError> {
    let keys = set_aside(conn).await?;
    if keys.is_empty() {
        return Ok(0);
    }
    let mut insert = sqlx::QueryBuilder::new("INSERT INTO deferred_indexes (name, definition) ");
    insert.push_values(&keys, |mut row, k| {
        row.push_bind(format!("{}.{}", k.table, k.name)).push_bind(k.statement());
    });
    insert.build().execute(&mut *conn).await.map_err(errors::map)?;
    Ok(keys.len() as u64)
}

impl SetAsideKey {
    /// The statement that adds the key back.
    fn statement(&self) -> String {
        format!("ALTER TABLE \"{}\" ADD CONSTRAINT \"{}\" {}", self.table, self.name, self.definition)
    }
}

/// A kept key's statement that adds it back (`ALTER TABLE "t" ADD CONSTRAINT "n" ...`, kept as `t.n`) split into
/// the statement that adds it unchecked (`NOT VALID`: PostgreSQL then checks only the rows written after it, and
/// takes a moment) and the one that checks the rows already there (`VALIDATE CONSTRAINT`). The check locks only its
/// own table against other checks, so several run at once (`deferred_indexes::build_kept`); added whole, each key
/// locked `cases` against the next, and a million cases' 22 keys were checked one after another on one core (17.7
/// s; BENCHMARKS.md, twenty-sixth pass). `None` for anything else (an index's statement, a check already split).
pub(crate) fn unchecked_and_check(name: &str, statement: &str) -> Option<(String, String)> {
    let (table, constraint) = name.split_once('.')?;
    let added = format!("ALTER TABLE \"{table}\" ADD CONSTRAINT \"{constraint}\" ");
    statement.starts_with(&added).then(|| {
        let unchecked = format!("{} NOT VALID", statement.trim_end().trim_end_matches(';'));
        (unchecked, format!("ALTER TABLE \"{table}\" VALIDATE CONSTRAINT \"{constraint}\""))
    })
}

/// Adds `keys` back, each checked against every row once.
pub(crate) async fn add_back(conn: &mut PgConnection, keys: &[SetAsideKey]) -> Result<(), DbError> {
    for k in keys {
        sqlx::query(sqlx::AssertSqlSafe(k.statement())).execute(&mut *conn).await.map_err(errors::map)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{SetAsideKey, unchecked_and_check};

    /// A kept key's statement splits into its unchecked addition and its check; nothing else does.
    #[test]
    fn a_kept_key_splits_into_its_addition_unchecked_and_its_check() {
        let key = SetAsideKey {
            table: "victims".into(),
            name: "victims_case_fk".into(),
            definition: "FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE".into(),
        };
        let (unchecked, check) = unchecked_and_check("victims.victims_case_fk", &key.statement()).unwrap();
        assert_eq!(
            unchecked,
            "ALTER TABLE \"victims\" ADD CONSTRAINT \"victims_case_fk\" FOREIGN KEY (case_id) REFERENCES cases(id) \
             ON DELETE CASCADE NOT VALID"
        );
        assert_eq!(check, "ALTER TABLE \"victims\" VALIDATE CONSTRAINT \"victims_case_fk\"");
        assert_eq!(unchecked_and_check("victims.victims_case_fk", &check), None);
        assert_eq!(unchecked_and_check("victims_key_idx", "CREATE INDEX victims_key_idx ON victims (x)"), None);
        assert_eq!(unchecked_and_check("persons.persons_case_fk", &key.statement()), None);
    }
}
