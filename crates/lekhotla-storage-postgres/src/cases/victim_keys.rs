//! The victims' statistics keys (`statistics::derive::VictimKey`): each combination the cases' victims have is
//! found in `victim_keys` or added to it, and its number written with the victim's row.

use std::collections::{BTreeSet, HashMap};

use lekhotla_domain::Case;
use lekhotla_storage::DbError;
use lekhotla_storage::statistics::derive::{VICTIM_KEY_COLUMNS, VictimKey};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::errors;

/// Adds to `victim_keys` the keys of `cases`' victims it does not have yet, in a statement of its own that commits
/// at once, before the transaction that writes the cases. Added inside that transaction, a new combination held
/// every other writer of the same combination until it committed (`ON CONFLICT` waits for an uncommitted row):
/// four `demo-data` batches at once spent a third of their time waiting so (BENCHMARKS.md, twenty-fourth pass).
/// A key added by a write that then fails names no victim and counts nothing (the counts go from the victims).
pub async fn add(pool: &PgPool, cases: &[Case]) -> Result<(), DbError> {
    let keyed = VictimKey::of_victims(cases);
    let keys = VictimKey::distinct(&keyed);
    if keys.is_empty() {
        return Ok(());
    }
    bind(sqlx::query(sqlx::AssertSqlSafe(insert())), &keys).execute(pool).await.map_err(errors::map)?;
    Ok(())
}

/// The number of the statistics key of every victim of `cases`, by the victim's id, the keys new to
/// `victim_keys` added (in key order, as the migration numbered them; [`add`] has usually added them already).
/// Two statements whatever the number of cases: the insert of every key (`ON CONFLICT DO NOTHING`: a key another
/// transaction adds meanwhile waits for it), then, in a new statement that sees what others committed since,
/// every key's number.
pub async fn numbers(conn: &mut PgConnection, cases: &[Case]) -> Result<HashMap<Uuid, i64>, DbError> {
    let keyed = VictimKey::of_victims(cases);
    let keys = VictimKey::distinct(&keyed);
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    bind(sqlx::query(sqlx::AssertSqlSafe(insert())), &keys).execute(&mut *conn).await.map_err(errors::map)?;
    let columns = VICTIM_KEY_COLUMNS.join(", ");
    let select = format!("SELECT k.id, {} FROM victim_keys k JOIN {} USING ({columns})", qualified("k"), given());
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

/// The keys given as nine arrays of text, one a column ([`bind`]), as a table `u`.
fn given() -> String {
    let arrays: Vec<String> = (1..=VICTIM_KEY_COLUMNS.len()).map(|i| format!("${i}::text[]")).collect();
    format!("unnest({}) AS u({})", arrays.join(", "), VICTIM_KEY_COLUMNS.join(", "))
}

/// The insert of the given keys that `victim_keys` does not have.
fn insert() -> String {
    format!(
        "INSERT INTO victim_keys ({}) SELECT * FROM {} ON CONFLICT DO NOTHING",
        VICTIM_KEY_COLUMNS.join(", "),
        given()
    )
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
