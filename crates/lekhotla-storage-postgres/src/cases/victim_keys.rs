//! The victims' statistics keys (`statistics::derive::VictimKey`): each combination the cases' victims have is
//! found in `victim_keys` or added to it, and its number written with the victim's row.

use std::collections::{BTreeSet, HashMap};

use lekhotla_domain::Case;
use lekhotla_storage::DbError;
use lekhotla_storage::statistics::derive::{VICTIM_KEY_COLUMNS, VictimKey};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::errors;

/// The number of the statistics key of every victim of `cases`, by the victim's id, the keys new to
/// `victim_keys` added (in key order, as the migration numbered them). The keys are looked up first, each by the
/// unique index; only those not found are inserted (`ON CONFLICT DO NOTHING RETURNING`: a key another transaction
/// adds meanwhile waits for it and is not returned), and only those another transaction added first are looked up
/// again, in a new statement that sees what it committed. A write whose keys are all known (most, once a database
/// holds cases) takes one statement; an import into an empty database two, the look-up finding nothing.
pub async fn numbers(conn: &mut PgConnection, cases: &[Case]) -> Result<HashMap<Uuid, i64>, DbError> {
    let keyed = VictimKey::of_victims(cases);
    let keys = VictimKey::distinct(&keyed);
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let mut numbers = look_up(conn, &keys).await?;
    let missing: BTreeSet<&VictimKey> = keys.into_iter().filter(|k| !numbers.contains_key(*k)).collect();
    if !missing.is_empty() {
        let columns = VICTIM_KEY_COLUMNS.join(", ");
        let insert = format!(
            "INSERT INTO victim_keys ({columns}) SELECT * FROM {} ON CONFLICT DO NOTHING RETURNING id, {columns}",
            given()
        );
        let added = bind(sqlx::query(sqlx::AssertSqlSafe(insert)), &missing)
            .fetch_all(&mut *conn)
            .await
            .map_err(errors::map)?;
        numbers.extend(read(added)?);
        let raced: BTreeSet<&VictimKey> = missing.into_iter().filter(|k| !numbers.contains_key(*k)).collect();
        if !raced.is_empty() {
            let found = look_up(conn, &raced).await?;
            numbers.extend(found);
        }
    }
    Ok(VictimKey::numbered(&keyed, &numbers)?.into_iter().collect())
}

/// The numbers of those of `keys` already in `victim_keys`, each looked up by the unique index whatever the size of
/// the table: as a join, PostgreSQL hashed the whole table for every batch of a load (18 ms at 36,650 keys, and
/// growing with them; 5 ms this way).
async fn look_up(conn: &mut PgConnection, keys: &BTreeSet<&VictimKey>) -> Result<HashMap<VictimKey, i64>, DbError> {
    let matches: Vec<String> = VICTIM_KEY_COLUMNS.iter().map(|c| format!("k.{c} = u.{c}")).collect();
    let select = format!(
        "SELECT k.id, {} FROM {} CROSS JOIN LATERAL (SELECT k.id FROM victim_keys k WHERE {} LIMIT 1) k",
        qualified("u"),
        given(),
        matches.join(" AND ")
    );
    let found =
        bind(sqlx::query(sqlx::AssertSqlSafe(select)), keys).fetch_all(&mut *conn).await.map_err(errors::map)?;
    read(found)
}

/// The keys given as nine arrays (`bind`), one row a key.
fn given() -> String {
    let arrays: Vec<String> = (1..=VICTIM_KEY_COLUMNS.len()).map(|i| format!("${i}::text[]")).collect();
    format!("unnest({}) AS u({})", arrays.join(", "), VICTIM_KEY_COLUMNS.join(", "))
}

/// Rows of a key's number then its nine columns, as a map from key to number.
fn read(rows: Vec<sqlx::postgres::PgRow>) -> Result<HashMap<VictimKey, i64>, DbError> {
    use sqlx::Row as _;
    let mut numbers = HashMap::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.try_get(0).map_err(DbError::other)?;
        numbers.insert(VictimKey::read(|i| row.try_get(i + 1).map_err(DbError::other))?, id);
    }
    Ok(numbers)
}

/// [`numbers`] for a load (an import, a batch of `demo-data`) whose transaction is `tx`: on a connection of the
/// pool's, outside `tx`, each statement committed as it ends, when one is free within [`APART_WAIT`]; otherwise
/// in `tx`. Inside a transaction, a key new to `victim_keys` holds every other transaction adding the same key
/// until the first commits: `demo-data`'s four writers spent most of their time waiting on each other's new keys
/// (at 100,000 cases the inserts took 36.7 s of its 25 s, BENCHMARKS.md, twenty-sixth pass). Numbered apart, a
/// key stays when the load then fails (a full disk, a lost connection): `victim_keys` only names the
/// combinations, and one no victim carries counts nothing. Called after the load's own checks, so a refused
/// import adds none. The wait is bounded so that loads holding every connection of the pool never wait on each
/// other for one.
pub async fn numbers_apart(
    pool: &PgPool,
    tx: &mut PgConnection,
    cases: &[Case],
) -> Result<HashMap<Uuid, i64>, DbError> {
    match tokio::time::timeout(APART_WAIT, pool.acquire()).await {
        Ok(Ok(mut apart)) => numbers(&mut apart, cases).await,
        _ => numbers(tx, cases).await,
    }
}

/// How long [`numbers_apart`] waits for a free connection before numbering inside the load's transaction.
const APART_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

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
