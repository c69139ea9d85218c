//! [`BreakGlassGrants`] for every [`SqlStore`], written once: a grant judged against its person's rate in the
//! transaction that records it (the person's row locked first, so a burst of requests queues and cannot pass
//! the rate together), found for its credential, paged for the national coordinator's review, revoked.
//! Comparing and ordering instants in SQL is sound on both databases: PostgreSQL's are `timestamptz`, SQLite's
//! fixed-width text in UTC.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::CaseId;
use lekhotla_identity::{BreakGlassPolicy, GrantVerdict};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::{BreakGlassGrants, GrantFilter, GrantPage, GrantRecord};
use crate::sql_store::{Reads, SqlRow, SqlStore, bad};
use crate::{DbError, UserId, args};

const COLUMNS: &str =
    "id, case_id, user_id, credential, reason, granted_at, expires_at, unusual, revoked_at, revoked_by";

/// Those of the list's grants made at or after `$1`, only the unusual ones when `$2` is not 0.
const REVIEWED: &str = "FROM break_glass_grants WHERE granted_at >= $1 AND ($2 = 0 OR unusual IS NOT NULL)";

fn grant(r: &impl SqlRow) -> Result<GrantRecord, DbError> {
    Ok(GrantRecord {
        id: r.id("id")?,
        case: CaseId(r.id("case_id")?),
        user: UserId(r.id("user_id")?),
        credential: r.text("credential")?,
        reason: r.text("reason")?,
        granted_at: r.at("granted_at")?,
        expires_at: r.at("expires_at")?,
        unusual: r.opt_text("unusual")?,
        revoked_at: r.opt_at("revoked_at")?,
        revoked_by: r.opt_text("revoked_by")?,
    })
}

#[async_trait]
impl<S: SqlStore> BreakGlassGrants for S {
    async fn grant_break_glass(
        &self,
        g: &GrantRecord,
        policy: &BreakGlassPolicy,
        audit: NewEntry,
        alert: NewEntry,
    ) -> Result<GrantVerdict, DbError> {
        let mut tx = self.begin_write().await?;
        let person = format!("SELECT id FROM users WHERE id = $1{}", S::LOCK_ROWS);
        if self.fetch_in(&mut tx, &person, args![g.user.0]).await?.is_empty() {
            return Err(DbError::NotFound("user"));
        }
        let since = g.granted_at - Duration::hours(24);
        let sql = "SELECT granted_at FROM break_glass_grants WHERE user_id = $1 AND granted_at >= $2";
        let earlier = self.fetch_in(&mut tx, sql, args![g.user.0, since]).await?;
        let earlier = earlier.iter().map(|r| r.at("granted_at")).collect::<Result<Vec<_>, _>>()?;
        let verdict = policy.judge(g.granted_at, &earlier);
        let GrantVerdict::Granted { unusual } = &verdict else { return Ok(verdict) };
        let sql =
            format!("INSERT INTO break_glass_grants ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)");
        let values = args![
            g.id,
            g.case.0,
            g.user.0,
            g.credential.as_str(),
            g.reason.as_str(),
            g.granted_at,
            g.expires_at,
            unusual.as_deref(),
        ];
        self.execute_in(&mut tx, &sql, values).await?;
        self.audit_in(&mut tx, audit).await?;
        if let Some(why) = unusual {
            self.audit_in(&mut tx, alert.purpose(why.clone())).await?;
        }
        self.commit(tx).await?;
        Ok(verdict)
    }

    async fn live_break_glass_grant(
        &self,
        user: UserId,
        case: CaseId,
        credential: &str,
        now: OffsetDateTime,
    ) -> Result<Option<GrantRecord>, DbError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM break_glass_grants WHERE user_id = $1 AND case_id = $2 AND credential = $3 \
             AND revoked_at IS NULL AND expires_at > $4 ORDER BY granted_at DESC LIMIT 1"
        );
        let row = self.fetch_one(Reads::Pool, &sql, args![user.0, case.0, credential, now]).await?;
        Ok(row.as_ref().map(grant).transpose()?.filter(|g| g.is_live(now)))
    }

    async fn break_glass_grant(&self, id: Uuid) -> Result<Option<GrantRecord>, DbError> {
        let sql = format!("SELECT {COLUMNS} FROM break_glass_grants WHERE id = $1");
        self.fetch_one(Reads::Pool, &sql, args![id]).await?.as_ref().map(grant).transpose()
    }

    async fn list_break_glass_grants(
        &self,
        filter: &GrantFilter,
        limit: u32,
        offset: u64,
    ) -> Result<GrantPage, DbError> {
        let which = args![filter.from, i64::from(filter.unusual_only)];
        let total = self.fetch_one(Reads::Pool, &format!("SELECT count(*) AS n {REVIEWED}"), which).await?;
        let total = total.ok_or_else(|| bad("n", "no count"))?.opt_unsigned("n")?.unwrap_or(0);
        let offset = i64::try_from(offset).map_err(|_| bad("offset", "too large"))?;
        let sql = format!("SELECT {COLUMNS} {REVIEWED} ORDER BY granted_at DESC, id DESC LIMIT $3 OFFSET $4");
        let values = args![filter.from, i64::from(filter.unusual_only), i64::from(limit), offset];
        let items = self.fetch(Reads::Pool, &sql, values).await?.iter().map(grant).collect::<Result<_, _>>()?;
        Ok(GrantPage { items, total })
    }

    async fn revoke_break_glass_grant(
        &self,
        id: Uuid,
        at: OffsetDateTime,
        by: &str,
        audit: NewEntry,
    ) -> Result<(), DbError> {
        let sql = "UPDATE break_glass_grants SET revoked_at = COALESCE(revoked_at, $1), \
                   revoked_by = COALESCE(revoked_by, $2) WHERE id = $3";
        let mut tx = self.begin_write().await?;
        if self.execute_in(&mut tx, sql, args![at, by, id]).await? == 0 {
            return Err(DbError::NotFound("break-glass grant"));
        }
        self.audit_in(&mut tx, audit).await?;
        self.commit(tx).await
    }
}
