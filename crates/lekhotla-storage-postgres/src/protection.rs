//! The audit tables' safeguards as migration 0002 installs them, compared with the catalogue: each
//! append-only trigger present, enabled, on its events and calling `lekhotla_append_only`, that function still
//! raising, and triggers not bypassed for every session (`session_replication_role`).

use lekhotla_storage::{DbError, GapProblem, ProtectionGap, collapse_whitespace};
use sqlx::PgPool;

use crate::errors;

/// `pg_trigger.tgtype` bits: row-level, before, delete, update, truncate.
const ROW: i16 = 1;
const BEFORE: i16 = 2;
const DELETE: i16 = 8;
const UPDATE: i16 = 16;
const TRUNCATE: i16 = 32;

/// Each trigger's name, table and `tgtype`, as migration 0002 creates them.
const TRIGGERS: [(&str, &str, i16); 4] = [
    ("audit_log_append_only", "audit_log", ROW | BEFORE | DELETE | UPDATE),
    ("audit_log_no_truncate", "audit_log", BEFORE | TRUNCATE),
    ("audit_checkpoints_append_only", "audit_checkpoints", ROW | BEFORE | DELETE | UPDATE),
    ("audit_checkpoints_no_truncate", "audit_checkpoints", BEFORE | TRUNCATE),
];

/// The function every trigger calls, and its body as migration 0002 wrote it.
const FUNCTION: &str = "lekhotla_append_only";
const FUNCTION_BODY: &str = "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END";

/// The safeguards that are missing, altered or disabled.
pub async fn gaps(pool: &PgPool) -> Result<Vec<ProtectionGap>, DbError> {
    let mut gaps = Vec::new();
    let mut gap = |name: &str, problem| gaps.push(ProtectionGap { name: name.to_owned(), problem });
    for (name, table, tgtype) in TRIGGERS {
        // The table as the search path finds it, as the application's own queries do.
        let found: Option<(i16, String, String)> = sqlx::query_as(
            "SELECT t.tgtype, t.tgenabled::text, p.proname::text FROM pg_trigger t \
             JOIN pg_proc p ON p.oid = t.tgfoid \
             WHERE t.tgname = $1 AND t.tgrelid = to_regclass($2) AND NOT t.tgisinternal",
        )
        .bind(name)
        .bind(table)
        .fetch_optional(pool)
        .await
        .map_err(errors::map)?;
        match found {
            None => gap(name, GapProblem::Missing),
            Some((found_type, _, function)) if found_type != tgtype || function != FUNCTION => {
                gap(name, GapProblem::Altered)
            }
            // 'O' fires in ordinary sessions, 'A' always; 'D' never, 'R' only on replicas.
            Some((_, enabled, _)) if enabled != "O" && enabled != "A" => gap(name, GapProblem::Disabled),
            Some(_) => {}
        }
    }
    let body: Option<(String,)> =
        sqlx::query_as("SELECT prosrc FROM pg_proc WHERE oid = to_regproc($1) AND prorettype = 'trigger'::regtype")
            .bind(FUNCTION)
            .fetch_optional(pool)
            .await
            .map_err(errors::map)?;
    match body {
        None => gap(FUNCTION, GapProblem::Missing),
        Some((source,)) if collapse_whitespace(&source) != FUNCTION_BODY => gap(FUNCTION, GapProblem::Altered),
        Some(_) => {}
    }
    let (role,): (String,) = sqlx::query_as("SELECT current_setting('session_replication_role')")
        .fetch_one(pool)
        .await
        .map_err(errors::map)?;
    if role != "origin" {
        gap("session_replication_role", GapProblem::Disabled);
    }
    Ok(gaps)
}
