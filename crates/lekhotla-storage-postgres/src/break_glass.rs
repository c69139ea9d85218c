//! Break-glass grants: judged against the person's rate and stored in one transaction that first locks the
//! person's row (so concurrent requests queue and cannot pass the rate together), found for their
//! credential, paged for the national coordinator's review, revoked.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::CaseId;
use lekhotla_identity::{BreakGlassPolicy, GrantVerdict};
use lekhotla_storage::{BreakGlassGrants, DbError, GrantFilter, GrantPage, GrantRecord, UserId};
use sqlx::postgres::PgRow;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::rows::{self, bad};
use crate::{PgStore, audit, errors};

const COLUMNS: &str =
    "id, case_id, user_id, credential, reason, granted_at, expires_at, unusual, revoked_at, revoked_by";

fn grant_from_row(r: &PgRow) -> Result<GrantRecord, DbError> {
    Ok(GrantRecord {
        id: rows::get(r, "id")?,
        case: CaseId(rows::get(r, "case_id")?),
        user: UserId(rows::get(r, "user_id")?),
        credential: rows::get(r, "credential")?,
        reason: rows::get(r, "reason")?,
        granted_at: rows::get(r, "granted_at")?,
        expires_at: rows::get(r, "expires_at")?,
        unusual: rows::get(r, "unusual")?,
        revoked_at: rows::get(r, "revoked_at")?,
        revoked_by: rows::get(r, "revoked_by")?,
    })
}

#[async_trait]
impl BreakGlassGrants for PgStore {
    async fn grant_break_glass(
        &self,
        grant: &GrantRecord,
        policy: &BreakGlassPolicy,
        audit_entry: NewEntry,
        alert: NewEntry,
    ) -> Result<GrantVerdict, DbError> {
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        let person: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM users WHERE id = $1 FOR UPDATE")
            .bind(grant.user.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(errors::map)?;
        if person.is_none() {
            return Err(DbError::NotFound("user"));
        }
        let earlier: Vec<(OffsetDateTime,)> =
            sqlx::query_as("SELECT granted_at FROM break_glass_grants WHERE user_id = $1 AND granted_at >= $2")
                .bind(grant.user.0)
                .bind(grant.granted_at - Duration::hours(24))
                .fetch_all(&mut *tx)
                .await
                .map_err(errors::map)?;
        let earlier: Vec<OffsetDateTime> = earlier.into_iter().map(|(t,)| t).collect();
        let verdict = policy.judge(grant.granted_at, &earlier);
        let GrantVerdict::Granted { unusual } = &verdict else { return Ok(verdict) };
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO break_glass_grants ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)"
        )))
        .bind(grant.id)
        .bind(grant.case.0)
        .bind(grant.user.0)
        .bind(&grant.credential)
        .bind(&grant.reason)
        .bind(grant.granted_at)
        .bind(grant.expires_at)
        .bind(unusual.as_deref())
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
        audit::append(&mut tx, audit_entry).await?;
        if let Some(why) = unusual {
            audit::append(&mut tx, alert.purpose(why.clone())).await?;
        }
        tx.commit().await.map_err(errors::map)?;
        Ok(verdict)
    }

    async fn live_break_glass_grant(
        &self,
        user: UserId,
        case: CaseId,
        credential: &str,
        now: OffsetDateTime,
    ) -> Result<Option<GrantRecord>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM break_glass_grants WHERE user_id = $1 AND case_id = $2 AND credential = $3 \
             AND revoked_at IS NULL AND expires_at > $4 ORDER BY granted_at DESC LIMIT 1"
        )))
        .bind(user.0)
        .bind(case.0)
        .bind(credential)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(errors::map)?;
        row.as_ref().map(grant_from_row).transpose()
    }

    async fn break_glass_grant(&self, id: Uuid) -> Result<Option<GrantRecord>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM break_glass_grants WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        row.as_ref().map(grant_from_row).transpose()
    }

    async fn list_break_glass_grants(
        &self,
        filter: &GrantFilter,
        limit: u32,
        offset: u64,
    ) -> Result<GrantPage, DbError> {
        let filter_sql = "WHERE granted_at >= $1 AND (NOT $2 OR unusual IS NOT NULL)";
        let (total,): (i64,) =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM break_glass_grants {filter_sql}")))
                .bind(filter.from)
                .bind(filter.unusual_only)
                .fetch_one(&self.pool)
                .await
                .map_err(errors::map)?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM break_glass_grants {filter_sql} ORDER BY granted_at DESC, id DESC \
             LIMIT $3 OFFSET $4"
        )))
        .bind(filter.from)
        .bind(filter.unusual_only)
        .bind(i64::from(limit))
        .bind(i64::try_from(offset).map_err(|_| bad("offset", "too large"))?)
        .fetch_all(&self.pool)
        .await
        .map_err(errors::map)?;
        let items = rows.iter().map(grant_from_row).collect::<Result<Vec<_>, _>>()?;
        Ok(GrantPage { items, total: u64::try_from(total).map_err(|_| bad("count", "negative"))? })
    }

    async fn revoke_break_glass_grant(
        &self,
        id: Uuid,
        at: OffsetDateTime,
        by: &str,
        audit_entry: NewEntry,
    ) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        let done = sqlx::query(
            "UPDATE break_glass_grants SET revoked_at = COALESCE(revoked_at, $1), \
             revoked_by = COALESCE(revoked_by, $2) WHERE id = $3",
        )
        .bind(at)
        .bind(by)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            return Err(DbError::NotFound("break-glass grant"));
        }
        audit::append(&mut tx, audit_entry).await?;
        tx.commit().await.map_err(errors::map)
    }
}
