//! The cases changed since a frozen report, compared in this database's own way (the reports themselves are
//! kept by `lekhotla_storage::stored_frozen`).

use lekhotla_domain::{CaseNumber, UnitCode};
use lekhotla_storage::{ChangedCase, DbError};
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::errors;

pub async fn changed_since(
    pool: &PgPool,
    districts: Option<&[UnitCode]>,
    since: OffsetDateTime,
    limit: u32,
) -> Result<(Vec<ChangedCase>, u64), DbError> {
    let codes: Option<Vec<String>> = districts.map(|ds| ds.iter().map(|d| d.as_str().to_owned()).collect());
    let filter = "updated_at > $1 AND ($2::text[] IS NULL OR district = ANY($2))";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM cases WHERE {filter}")))
        .bind(since)
        .bind(&codes)
        .fetch_one(pool)
        .await
        .map_err(errors::map)?;
    let rows: Vec<(String, bool)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT number, created_at > $1 FROM cases WHERE {filter} ORDER BY number COLLATE \"C\" LIMIT $3"
    )))
    .bind(since)
    .bind(&codes)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(errors::map)?;
    let mut out = Vec::new();
    for (number, added) in rows {
        let number = CaseNumber::parse(&number).map_err(DbError::other)?;
        out.push(ChangedCase { number, added });
    }
    Ok((out, u64::try_from(total).unwrap_or(0)))
}
