//! The counts behind the country's figures: the shared SQL of `lekhotla_storage::statistics::sql`, run in one
//! read transaction.

use lekhotla_storage::DbError;
use lekhotla_storage::statistics::{Dialect, Groups, StatsCounts, StatsQuery, sql};
use sqlx::{PgPool, Row};

use super::read::READ_SNAPSHOT;
use crate::errors;

/// Every count of the query.
pub async fn statistics(pool: &PgPool, q: &StatsQuery) -> Result<StatsCounts, DbError> {
    let mut out = StatsCounts::default();
    let mut tx = pool.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
    let (held, last): (i64, Option<String>) =
        sqlx::query_as(sql::state(Dialect::Postgres)).fetch_one(&mut *tx).await.map_err(errors::map)?;
    out.cases_held = u64::try_from(held).unwrap_or(0);
    out.last_change = last;
    for c in sql::counts(q, Dialect::Postgres) {
        let rows = sqlx::query(sqlx::AssertSqlSafe(c.sql)).fetch_all(&mut *tx).await.map_err(errors::map)?;
        let mut groups = Groups::default();
        for r in rows {
            let keys = (0..c.keys)
                .map(|i| r.try_get::<Option<String>, _>(i).map(Option::unwrap_or_default))
                .collect::<Result<Vec<_>, _>>()
                .map_err(errors::map)?;
            let measures = (c.keys..c.keys + c.measures)
                .map(|i| r.try_get::<Option<i64>, _>(i).map(Option::unwrap_or_default))
                .collect::<Result<Vec<_>, _>>()
                .map_err(errors::map)?;
            groups.rows.push((keys, measures));
        }
        out.groups.insert(c.name, groups);
    }
    tx.commit().await.map_err(errors::map)?;
    Ok(out)
}
