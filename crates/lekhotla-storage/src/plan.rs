//! The action plan and its recommendations as the stores keep them (migration 0022): two JSON documents in
//! `plan_documents`, `action_plan` and `recommendations`, each under its own version. A write replaces both,
//! each in place of the version the writer read, with one audit entry: the recommendations are checked
//! against the plan they are written with, so the two never disagree. The SQL and the implementation for every
//! [`SqlStore`](crate::sql_store::SqlStore) (`stored.rs`) are written here once. Callers use [`ActionPlans`].

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{ActionPlan, DomainError, Recommendation, Recommendations};
use time::OffsetDateTime;

use crate::DbError;

mod stored;

/// The plan's document.
pub const PLAN: &str = "action_plan";
/// The recommendations' document.
pub const RECOMMENDATIONS: &str = "recommendations";

/// A stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub name: &'static str,
    /// The version written (a new document's is 1); a write replaces `version - 1`.
    pub version: i64,
    /// The document as JSON.
    pub value: String,
    pub loaded_at: OffsetDateTime,
}

/// The documents' raw rows. Callers use [`ActionPlans`].
#[async_trait]
pub trait Plans {
    /// Both documents as stored (none before the first write).
    async fn read_plan_documents(&self) -> Result<Vec<DocumentRow>, DbError>;
    /// Writes every row, in one transaction with `audit`: a new document when its version is 1, else in place of
    /// `version - 1`; [`DbError::Conflict`] (and nothing written) when any of them was changed since.
    async fn write_plan_documents(&self, rows: &[DocumentRow], audit: NewEntry) -> Result<(), DbError>;
}

/// The versions a writer read: 0 for a document not stored yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanVersions {
    pub plan: i64,
    pub recommendations: i64,
}

/// The stored plan and its recommendations, at their versions.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPlan {
    pub plan: ActionPlan,
    /// Every year's recommendations (empty when none were loaded).
    pub recommendations: Recommendations,
    pub versions: PlanVersions,
    /// When the plan was last written.
    pub loaded_at: OffsetDateTime,
}

/// The plan and recommendations, typed: every store has them through [`Plans`].
#[async_trait]
pub trait ActionPlans: Plans + Sync {
    /// The stored plan and recommendations (the JSON read back is checked again), none before the first write.
    async fn read_plan(&self) -> Result<Option<StoredPlan>, DbError> {
        let rows = self.read_plan_documents().await?;
        let Some(p) = rows.iter().find(|r| r.name == PLAN) else { return Ok(None) };
        let plan: ActionPlan = serde_json::from_str(&p.value).map_err(DbError::other)?;
        let (list, recommendations) = match rows.iter().find(|r| r.name == RECOMMENDATIONS) {
            Some(r) => (serde_json::from_str::<Vec<Recommendation>>(&r.value).map_err(DbError::other)?, r.version),
            None => (Vec::new(), 0),
        };
        let recs = Recommendations::new(list, &plan).map_err(|e| DbError::Other(Box::new(e)))?;
        let versions = PlanVersions { plan: p.version, recommendations };
        Ok(Some(StoredPlan { plan, recommendations: recs, versions, loaded_at: p.loaded_at }))
    }

    /// Writes `plan` and `recommendations` in place of the versions read (`read`), with one audit entry, and
    /// gives the new versions. [`DbError::Conflict`] when either was changed since.
    async fn write_plan(
        &self,
        plan: &ActionPlan,
        recommendations: &Recommendations,
        read: PlanVersions,
        at: OffsetDateTime,
        audit: NewEntry,
    ) -> Result<PlanVersions, DbError> {
        // What the caller hands in was checked, but not necessarily against this plan.
        Recommendations::new(recommendations.items().to_vec(), plan).map_err(not_answered)?;
        let next = PlanVersions { plan: read.plan + 1, recommendations: read.recommendations + 1 };
        let rows = [
            DocumentRow {
                name: PLAN,
                version: next.plan,
                value: serde_json::to_string(plan).map_err(DbError::other)?,
                loaded_at: at,
            },
            DocumentRow {
                name: RECOMMENDATIONS,
                version: next.recommendations,
                value: serde_json::to_string(recommendations).map_err(DbError::other)?,
                loaded_at: at,
            },
        ];
        self.write_plan_documents(&rows, audit).await?;
        Ok(next)
    }
}

impl<S: Plans + Sync + ?Sized> ActionPlans for S {}

fn not_answered(e: DomainError) -> DbError {
    DbError::Reference { field: "recommendations".into(), reason: e.to_string() }
}

/// The conflict of a document changed since the writer read it.
pub fn stale(name: &str, expected: i64, actual: Option<i64>) -> DbError {
    let what = if name == PLAN { "the action plan" } else { "the recommendations" };
    match actual {
        Some(actual) => DbError::Conflict(format!(
            "{what} changed since you read it (you had version {expected}, it is now at version {actual}): read it again"
        )),
        None => DbError::Conflict(format!("{what} is not stored (you had version {expected}): read it again")),
    }
}

/// The SQL, with each dialect's placeholders.
pub mod sql {
    /// Binds nothing.
    pub const LIST: &str = "SELECT name, version, value, loaded_at FROM plan_documents ORDER BY name";

    /// Binds the name, the version, the value and the time; writes nothing when the document exists.
    pub const INSERT: &str = "INSERT INTO plan_documents (name, version, value, loaded_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (name) DO NOTHING";

    /// Binds the same as [`INSERT`]: replaces the version before the new one.
    pub const UPDATE: &str =
        "UPDATE plan_documents SET version = $2, value = $3, loaded_at = $4 WHERE name = $1 AND version = $2 - 1";

    /// Binds the name.
    pub const VERSION: &str = "SELECT version FROM plan_documents WHERE name = $1";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_replaces_the_version_before_its_own() {
        assert!(sql::UPDATE.ends_with("WHERE name = $1 AND version = $2 - 1"));
        assert!(sql::INSERT.contains("VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING"));
        assert!(matches!(stale(PLAN, 1, Some(2)), DbError::Conflict(m) if m.contains("version 1")));
    }
}
