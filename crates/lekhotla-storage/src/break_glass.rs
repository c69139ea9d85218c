//! Break-glass grants as the stores keep them, and the [`BreakGlassGrants`] trait: each grant is bound to
//! the credential that asked for it, judged against a person's rate in the transaction that records it,
//! flagged when unusual, and revocable.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::CaseId;
use lekhotla_identity::{BreakGlassPolicy, GrantVerdict};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{DbError, UserId};

mod stored;

/// One grant: `user`, through `credential`, may read `case` until `expires_at` unless revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRecord {
    pub id: Uuid,
    pub case: CaseId,
    pub user: UserId,
    /// The credential that asked (`session/<token hash>` or `token/<id>`); only it is admitted.
    pub credential: String,
    pub reason: String,
    pub granted_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// Why the grant alerted the national coordinator, if it did (set by the store from the policy).
    pub unusual: Option<String>,
    pub revoked_at: Option<OffsetDateTime>,
    /// Who revoked it (`user/<id>`).
    pub revoked_by: Option<String>,
}

impl GrantRecord {
    /// Whether the grant admits its credential at `now`.
    #[must_use]
    pub fn is_live(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// Which grants to review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantFilter {
    /// Grants made at or after this instant.
    pub from: OffsetDateTime,
    /// Only those that alerted the national coordinator.
    pub unusual_only: bool,
}

/// A page of grants, newest first, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantPage {
    pub items: Vec<GrantRecord>,
    pub total: u64,
}

/// Break-glass grants. Every change is one transaction with its audit entry.
#[async_trait]
pub trait BreakGlassGrants: Send + Sync {
    /// Judges `grant` by `policy` against its user's grants of the last 24 hours and, if granted, stores
    /// it (with `unusual` as the policy says) and appends `audit` and, when unusual, `alert` with the reason
    /// as its purpose; all in one transaction that serialises the grants of one person, so a burst of
    /// requests cannot pass the rate together. When limited, nothing is written.
    async fn grant_break_glass(
        &self,
        grant: &GrantRecord,
        policy: &BreakGlassPolicy,
        audit: NewEntry,
        alert: NewEntry,
    ) -> Result<GrantVerdict, DbError>;
    /// The newest live grant of `user` for `case` through `credential` at `now`.
    async fn live_break_glass_grant(
        &self,
        user: UserId,
        case: CaseId,
        credential: &str,
        now: OffsetDateTime,
    ) -> Result<Option<GrantRecord>, DbError>;
    /// One grant by id.
    async fn break_glass_grant(&self, id: Uuid) -> Result<Option<GrantRecord>, DbError>;
    /// Grants matching `filter`, newest first, a page at a time.
    async fn list_break_glass_grants(
        &self,
        filter: &GrantFilter,
        limit: u32,
        offset: u64,
    ) -> Result<GrantPage, DbError>;
    /// Ends a grant now (`by` names who did); a grant already revoked keeps its first revocation.
    /// [`DbError::NotFound`] when there is no such grant.
    async fn revoke_break_glass_grant(
        &self,
        id: Uuid,
        at: OffsetDateTime,
        by: &str,
        audit: NewEntry,
    ) -> Result<(), DbError>;
}
