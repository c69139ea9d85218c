//! Frozen reports: kept once with their audit entry, read back byte for byte; the cases changed since.

use lekhotla_domain::{CaseNumber, UnitCode};
use lekhotla_storage::{ChangedCase, DbError, FrozenRecord, NewEntry};
use sqlx::PgPool;
use sqlx::postgres::PgRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::errors;
use crate::rows::get;

const COLUMNS: &str = "id, kind, area, period_from, period_to, frozen_at, frozen_by, definitions_version, document, signature, public_key";

pub async fn freeze(pool: &PgPool, r: &FrozenRecord, audit: NewEntry) -> Result<(), DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let version = i32::try_from(r.definitions_version).map_err(DbError::other)?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO frozen_reports ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    )))
    .bind(r.id)
    .bind(&r.kind)
    .bind(&r.area)
    .bind(r.period_from)
    .bind(r.period_to)
    .bind(r.frozen_at)
    .bind(&r.frozen_by)
    .bind(version)
    .bind(&r.document)
    .bind(&r.signature)
    .bind(&r.public_key)
    .execute(&mut *tx)
    .await
    .map_err(errors::map)?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)
}

fn record(r: &PgRow) -> Result<FrozenRecord, DbError> {
    let version: i32 = get(r, "definitions_version")?;
    Ok(FrozenRecord {
        id: get(r, "id")?,
        kind: get(r, "kind")?,
        area: get(r, "area")?,
        period_from: get(r, "period_from")?,
        period_to: get(r, "period_to")?,
        frozen_at: get(r, "frozen_at")?,
        frozen_by: get(r, "frozen_by")?,
        definitions_version: i64::from(version),
        document: get(r, "document")?,
        signature: get(r, "signature")?,
        public_key: get(r, "public_key")?,
    })
}

pub async fn list(pool: &PgPool) -> Result<Vec<FrozenRecord>, DbError> {
    let sql = format!(
        "SELECT {} FROM frozen_reports ORDER BY frozen_at DESC, id",
        COLUMNS.replace("document", "'' AS document")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await.map_err(errors::map)?;
    rows.iter().map(record).collect()
}

pub async fn get_one(pool: &PgPool, id: Uuid) -> Result<Option<FrozenRecord>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM frozen_reports WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await.map_err(errors::map)?;
    row.as_ref().map(record).transpose()
}

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
