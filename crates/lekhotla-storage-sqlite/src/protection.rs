//! The audit tables' safeguards as migration 0002 installs them (append-only triggers), compared with what
//! `sqlite_master` holds now: a trigger dropped, or re-created to do something else, is a gap.

use lekhotla_storage::{DbError, GapProblem, ProtectionGap, collapse_whitespace};
use sqlx::SqlitePool;

use crate::errors;

/// Each trigger's name and its `CREATE TRIGGER` text, exactly as migration 0002 wrote it.
const TRIGGERS: [(&str, &str); 4] = [
    (
        "audit_log_refuses_update",
        "CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    ),
    (
        "audit_log_refuses_delete",
        "CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    ),
    (
        "audit_checkpoints_refuse_update",
        "CREATE TRIGGER audit_checkpoints_refuse_update BEFORE UPDATE ON audit_checkpoints
         BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END",
    ),
    (
        "audit_checkpoints_refuse_delete",
        "CREATE TRIGGER audit_checkpoints_refuse_delete BEFORE DELETE ON audit_checkpoints
         BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END",
    ),
];

/// The triggers that are missing or differ from [`TRIGGERS`].
pub async fn gaps(pool: &SqlitePool) -> Result<Vec<ProtectionGap>, DbError> {
    let mut gaps = Vec::new();
    for (name, expected) in TRIGGERS {
        let found: Option<(Option<String>,)> =
            sqlx::query_as("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
                .bind(name)
                .fetch_optional(pool)
                .await
                .map_err(errors::map)?;
        let problem = match found {
            None => Some(GapProblem::Missing),
            Some((sql,))
                if collapse_whitespace(sql.as_deref().unwrap_or_default()) != collapse_whitespace(expected) =>
            {
                Some(GapProblem::Altered)
            }
            Some(_) => None,
        };
        if let Some(problem) = problem {
            gaps.push(ProtectionGap { name: name.to_owned(), problem });
        }
    }
    Ok(gaps)
}
