//! The victims' statistics keys (`statistics::derive::VictimKey`): each combination the cases' victims have is
//! found in `victim_keys` or added to it, and its number written with the victim's row.

use std::collections::{BTreeSet, HashMap};

use lekhotla_domain::Case;
use lekhotla_storage::DbError;
use lekhotla_storage::statistics::derive::{VICTIM_KEY_COLUMNS, VictimKey};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::errors;

/// The number of the statistics key of every victim of `cases`, by the victim's id, the keys new to
/// `victim_keys` added (in key order, as the migration numbered them). Two statements whatever the number of cases: the insert of every key (`ON
/// CONFLICT DO NOTHING`: a key another transaction adds meanwhile waits for it), then, in a new statement
/// that sees what others committed since, every key's number.
pub async fn numbers(conn: &mut PgConnection, cases: &[Case]) -> Result<HashMap<Uuid, i64>, DbError> {
    let keyed = VictimKey::of_victims(cases);
    let keys = VictimKey::distinct(&keyed);
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let columns = VICTIM_KEY_COLUMNS.join(", ");
    let arrays: Vec<String> = (1..=VICTIM_KEY_COLUMNS.len()).map(|i| format!("${i}::text[]")).collect();
    let given = format!("unnest({}) AS u({columns})", arrays.join(", "));
    let insert = format!("INSERT INTO victim_keys ({columns}) SELECT * FROM {given} ON CONFLICT DO NOTHING");
    bind(sqlx::query(sqlx::AssertSqlSafe(insert)), &keys).execute(&mut *conn).await.map_err(errors::map)?;
    let select = format!("SELECT k.id, {} FROM victim_keys k JOIN {given} USING ({columns})", qualified("k"));
    let found =
        bind(sqlx::query(sqlx::AssertSqlSafe(select)), &keys).fetch_all(&mut *conn).await.map_err(errors::map)?;
    let mut numbers = HashMap::with_capacity(found.len());
    for row in found {
        use sqlx::Row as _;
        let id: i64 = row.try_get(0).map_err(DbError::other)?;
        numbers.insert(VictimKey::read(|i| row.try_get(i + 1).map_err(DbError::other))?, id);
    }
    Ok(VictimKey::numbered(&keyed, &numbers)?.into_iter().collect())
}

/// `victim_keys`' columns prefixed with `table.`.
fn qualified(table: &str) -> String {
    VICTIM_KEY_COLUMNS.iter().map(|c| format!("{table}.{c}")).collect::<Vec<_>>().join(", ")
}

/// The keys as nine arrays of text, one a column.
fn bind<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    keys: &BTreeSet<&VictimKey>,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    for i in 0..VICTIM_KEY_COLUMNS.len() {
        let column: Vec<String> = keys.iter().map(|k| k.0[i].clone()).collect();
        q = q.bind(column);
    }
    q
}
