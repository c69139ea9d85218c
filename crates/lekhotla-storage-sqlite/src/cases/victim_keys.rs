//! The victims' statistics keys (`statistics::derive::VictimKey`): each combination the cases' victims have is
//! found in `victim_keys` or added to it (inside the writer's transaction), and its number set in the
//! victims' rows before they are written.

use std::collections::HashMap;

use lekhotla_domain::Case;
use lekhotla_storage::DbError;
use lekhotla_storage::statistics::derive::{VICTIM_KEY_COLUMNS, VictimKey};
use sqlx::{Row as _, SqliteConnection};

use crate::errors;
use crate::id_text;

/// Keys per statement: nine values each, well under SQLite's limit of bound values.
const KEYS_PER_STATEMENT: usize = 1_000;

/// The number of the statistics key of every victim of `cases`, by the victim's id (as stored), the keys
/// new to `victim_keys` added in key order (as the migration numbered them).
pub async fn by_victim(conn: &mut SqliteConnection, cases: &[Case]) -> Result<HashMap<String, i64>, DbError> {
    let keyed = VictimKey::of_victims(cases);
    let keys: Vec<&VictimKey> = VictimKey::distinct(&keyed).into_iter().collect();
    let mut numbers: HashMap<VictimKey, i64> = HashMap::with_capacity(keys.len());
    let columns = VICTIM_KEY_COLUMNS.join(", ");
    let marks = format!("({})", vec!["?"; VICTIM_KEY_COLUMNS.len()].join(", "));
    let qualified = VICTIM_KEY_COLUMNS.iter().map(|c| format!("k.{c}")).collect::<Vec<_>>().join(", ");
    let matches = (1..=VICTIM_KEY_COLUMNS.len())
        .zip(VICTIM_KEY_COLUMNS)
        .map(|(i, c)| format!("k.{c} = u.column{i}"))
        .collect::<Vec<_>>()
        .join(" AND ");
    for part in keys.chunks(KEYS_PER_STATEMENT) {
        let values = vec![marks.as_str(); part.len()].join(", ");
        let insert = format!("INSERT INTO victim_keys ({columns}) VALUES {values} ON CONFLICT DO NOTHING");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(insert));
        for key in part {
            for value in &key.0 {
                q = q.bind(value.as_str());
            }
        }
        q.execute(&mut *conn).await.map_err(errors::map)?;
        // The given keys first (`CROSS JOIN` keeps that order), each looked up by the unique index: as
        // `({columns}) IN (VALUES ...)` SQLite read the whole of `victim_keys` for each statement (30 ms at 150,000
        // keys, one statement for each thousand keys of a batch; BENCHMARKS.md, twenty-sixth pass).
        let select =
            format!("SELECT k.id, {qualified} FROM (VALUES {values}) AS u CROSS JOIN victim_keys k ON {matches}");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(select));
        for key in part {
            for value in &key.0 {
                q = q.bind(value.as_str());
            }
        }
        for row in q.fetch_all(&mut *conn).await.map_err(errors::map)? {
            let id: i64 = row.try_get(0).map_err(DbError::other)?;
            numbers.insert(VictimKey::read(|i| row.try_get(i + 1).map_err(DbError::other))?, id);
        }
    }
    Ok(VictimKey::numbered(&keyed, &numbers)?.into_iter().map(|(victim, n)| (id_text(victim), n)).collect())
}
