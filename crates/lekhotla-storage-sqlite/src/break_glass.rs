//! Break-glass grants: judged against the person's rate and stored in one `BEGIN IMMEDIATE` transaction
//! (so concurrent requests queue and cannot pass the rate together), found for their credential, paged for
//! the national coordinator's review, revoked.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::CaseId;
use lekhotla_identity::{BreakGlassPolicy, GrantVerdict};
use lekhotla_storage::{BreakGlassGrants, DbError, GrantFilter, GrantPage, GrantRecord, UserId};
use sqlx::sqlite::SqliteRow;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::errors::bad;
use crate::rows::Get;
use crate::{SqliteStore, audit, errors, id_text};

const COLUMNS: &str =
    "id, case_id, user_id, credential, reason, granted_at, expires_at, unusual, revoked_at, revoked_by";

/// Instants of this table as fixed-width RFC 3339 text (nine fractional digits, UTC), so that comparing and
/// ordering them as text is ordering them in time.
const INSTANT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:9]Z");

fn ts(column: &'static str, t: OffsetDateTime) -> Result<String, DbError> {
    t.to_offset(time::UtcOffset::UTC).format(INSTANT).map_err(|e| bad(column, e))
}

fn grant_from_row(r: &SqliteRow) -> Result<GrantRecord, DbError> {
    Ok(GrantRecord {
        id: r.uuid("id")?,
        case: CaseId(r.uuid("case_id")?),
        user: UserId(r.uuid("user_id")?),
        credential: r.text("credential")?,
        reason: r.text("reason")?,
        granted_at: r.timestamp("granted_at")?,
        expires_at: r.timestamp("expires_at")?,
        unusual: r.opt_text("unusual")?,
        revoked_at: r.opt_text("revoked_at")?.map(|_| r.timestamp("revoked_at")).transpose()?,
        revoked_by: r.opt_text("revoked_by")?,
    })
}

#[async_trait]
impl BreakGlassGrants for SqliteStore {
    async fn grant_break_glass(
        &self,
        grant: &GrantRecord,
        policy: &BreakGlassPolicy,
        audit_entry: NewEntry,
        alert: NewEntry,
    ) -> Result<GrantVerdict, DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let since = ts("granted_at", grant.granted_at - Duration::hours(24))?;
        let earlier: Vec<(String,)> =
            sqlx::query_as("SELECT granted_at FROM break_glass_grants WHERE user_id = ? AND granted_at >= ?")
                .bind(id_text(grant.user.0))
                .bind(since)
                .fetch_all(&mut *tx)
                .await
                .map_err(errors::map)?;
        let earlier = earlier
            .iter()
            .map(|(t,)| OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| bad("granted_at", e))?;
        let verdict = policy.judge(grant.granted_at, &earlier);
        let GrantVerdict::Granted { unusual } = &verdict else { return Ok(verdict) };
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO break_glass_grants ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)"
        )))
        .bind(id_text(grant.id))
        .bind(id_text(grant.case.0))
        .bind(id_text(grant.user.0))
        .bind(&grant.credential)
        .bind(&grant.reason)
        .bind(ts("granted_at", grant.granted_at)?)
        .bind(ts("expires_at", grant.expires_at)?)
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
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM break_glass_grants WHERE user_id = ? AND case_id = ? AND credential = ? \
             AND revoked_at IS NULL AND expires_at > ? ORDER BY granted_at DESC"
        )))
        .bind(id_text(user.0))
        .bind(id_text(case.0))
        .bind(credential)
        .bind(ts("expires_at", now)?)
        .fetch_all(&self.pool)
        .await
        .map_err(errors::map)?;
        let grants = rows.iter().map(grant_from_row).collect::<Result<Vec<_>, _>>()?;
        Ok(grants.into_iter().find(|g| g.is_live(now)))
    }

    async fn break_glass_grant(&self, id: Uuid) -> Result<Option<GrantRecord>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM break_glass_grants WHERE id = ?")))
            .bind(id_text(id))
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
        let filter_sql = "WHERE granted_at >= ? AND (? = 0 OR unusual IS NOT NULL)";
        let from = ts("granted_at", filter.from)?;
        let (total,): (i64,) =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM break_glass_grants {filter_sql}")))
                .bind(&from)
                .bind(i64::from(filter.unusual_only))
                .fetch_one(&self.pool)
                .await
                .map_err(errors::map)?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM break_glass_grants {filter_sql} ORDER BY granted_at DESC, id DESC LIMIT ? OFFSET ?"
        )))
        .bind(&from)
        .bind(i64::from(filter.unusual_only))
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
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE break_glass_grants SET revoked_at = COALESCE(revoked_at, ?), revoked_by = COALESCE(revoked_by, ?) \
             WHERE id = ?",
        )
        .bind(ts("revoked_at", at)?)
        .bind(by)
        .bind(id_text(id))
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
