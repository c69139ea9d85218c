//! Frozen reports: kept once with their audit entry, read back byte for byte; the cases changed since.

use lekhotla_domain::{CaseNumber, UnitCode};
use lekhotla_storage::{ChangedCase, DbError, FrozenRecord, NewEntry};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::errors::bad;
use crate::rows::{Get, date_str};
use crate::{errors, id_text};

fn rfc3339(column: &'static str, t: OffsetDateTime) -> Result<String, DbError> {
    t.to_offset(time::UtcOffset::UTC).format(&time::format_description::well_known::Rfc3339).map_err(|e| bad(column, e))
}

const COLUMNS: &str = "id, kind, area, period_from, period_to, frozen_at, frozen_by, definitions_version, document, signature, public_key";

pub async fn freeze(pool: &SqlitePool, r: &FrozenRecord, audit: NewEntry) -> Result<(), DbError> {
    let mut tx = crate::write_gate::begin(pool).await?;
    let at = rfc3339("frozen_at", r.frozen_at)?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO frozen_reports ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )))
    .bind(id_text(r.id))
    .bind(&r.kind)
    .bind(&r.area)
    .bind(date_str(r.period_from))
    .bind(date_str(r.period_to))
    .bind(at)
    .bind(&r.frozen_by)
    .bind(r.definitions_version)
    .bind(&r.document)
    .bind(&r.signature)
    .bind(&r.public_key)
    .execute(&mut *tx)
    .await
    .map_err(errors::map)?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)
}

fn record(r: &sqlx::sqlite::SqliteRow) -> Result<FrozenRecord, DbError> {
    Ok(FrozenRecord {
        id: r.uuid("id")?,
        kind: r.text("kind")?,
        area: r.text("area")?,
        period_from: r.date("period_from")?,
        period_to: r.date("period_to")?,
        frozen_at: r.timestamp("frozen_at")?,
        frozen_by: r.text("frozen_by")?,
        definitions_version: r.int("definitions_version")?,
        document: r.opt_text("document")?.unwrap_or_default(),
        signature: r.text("signature")?,
        public_key: r.text("public_key")?,
    })
}

pub async fn list(pool: &SqlitePool) -> Result<Vec<FrozenRecord>, DbError> {
    let sql = format!(
        "SELECT {} FROM frozen_reports ORDER BY frozen_at DESC, id",
        COLUMNS.replace("document", "'' AS document")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await.map_err(errors::map)?;
    rows.iter().map(record).collect()
}

pub async fn get(pool: &SqlitePool, id: Uuid) -> Result<Option<FrozenRecord>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM frozen_reports WHERE id = ?");
    let row =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id_text(id)).fetch_optional(pool).await.map_err(errors::map)?;
    row.as_ref().map(record).transpose()
}

pub async fn changed_since(
    pool: &SqlitePool,
    districts: Option<&[UnitCode]>,
    since: OffsetDateTime,
    limit: u32,
) -> Result<(Vec<ChangedCase>, u64), DbError> {
    let since = rfc3339("since", since)?;
    let push = |q: &mut QueryBuilder<Sqlite>| {
        q.push(" FROM cases WHERE julianday(updated_at) > julianday(").push_bind(since.clone()).push(")");
        if let Some(ds) = districts {
            q.push(" AND district IN ('-'");
            for d in ds {
                q.push(", ").push_bind(d.as_str().to_owned());
            }
            q.push(")");
        }
    };
    let mut q = QueryBuilder::<Sqlite>::new("SELECT count(*)");
    push(&mut q);
    let total: i64 = q.build_query_scalar().fetch_one(pool).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Sqlite>::new("SELECT number, julianday(created_at) > julianday(");
    q.push_bind(since.clone()).push(") AS added");
    push(&mut q);
    q.push(" ORDER BY number LIMIT ").push_bind(i64::from(limit));
    let rows: Vec<(String, bool)> = q.build_query_as().fetch_all(pool).await.map_err(errors::map)?;
    let mut out = Vec::new();
    for (number, added) in rows {
        let number = CaseNumber::parse(&number).map_err(|e| bad("number", e))?;
        out.push(ChangedCase { number, added });
    }
    Ok((out, u64::try_from(total).unwrap_or(0)))
}
