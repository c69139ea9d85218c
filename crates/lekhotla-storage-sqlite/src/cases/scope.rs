//! The light query of a case's need-to-know facts (`lekhotla_storage::scope_sql`), without loading it.

use lekhotla_domain::{CaseId, OrgId, UserRef};
use lekhotla_storage::{CaseKey, DbError, ScopeFacts, ScopeRow, scope_sql};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use crate::errors;
use crate::rows::Get;

/// The facts of the case of `key`, or `None` when there is no such case.
pub async fn facts(pool: &SqlitePool, key: &CaseKey) -> Result<Option<ScopeFacts>, DbError> {
    let mut q = QueryBuilder::<Sqlite>::new(scope_sql::HEAD);
    match key {
        CaseKey::Id(id) => q.push(scope_sql::BY_ID).push_bind(crate::id_text(id.0)),
        CaseKey::Number(number) => q.push(scope_sql::BY_NUMBER).push_bind(number.to_string()),
    };
    let rows = q.build().fetch_all(pool).await.map_err(errors::map)?;
    ScopeFacts::from_rows(rows.iter().map(row).collect::<Result<_, _>>()?)
}

fn row(r: &SqliteRow) -> Result<ScopeRow, DbError> {
    Ok(ScopeRow {
        id: CaseId(r.uuid("id")?),
        organisation: OrgId(r.uuid("organisation_id")?),
        district: r.text("district")?,
        owner_user: r.opt_uuid("owner_user")?.map(UserRef),
        investigating_org: r.opt_uuid("investigating_org")?.map(OrgId),
        investigator: r.opt_text("investigator")?,
        prosecutor: r.opt_text("prosecutor")?,
        to_org: r.opt_uuid("to_org")?.map(OrgId),
        referral_state: r.opt_text("referral_state")?,
    })
}
