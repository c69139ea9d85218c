//! The light query of a case's need-to-know facts (`lekhotla_storage::scope_sql`), without loading it.

use lekhotla_domain::{CaseId, OrgId, UserRef};
use lekhotla_storage::{CaseKey, DbError, ScopeFacts, ScopeRow, scope_sql};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::errors;
use crate::rows::get;

/// The facts of the case of `key`, or `None` when there is no such case.
pub async fn facts(pool: &PgPool, key: &CaseKey) -> Result<Option<ScopeFacts>, DbError> {
    let mut q = QueryBuilder::<Postgres>::new(scope_sql::HEAD);
    match key {
        CaseKey::Id(id) => q.push(scope_sql::BY_ID).push_bind(id.0),
        CaseKey::Number(number) => q.push(scope_sql::BY_NUMBER).push_bind(number.to_string()),
    };
    let rows = q.build().fetch_all(pool).await.map_err(errors::map)?;
    ScopeFacts::from_rows(rows.iter().map(row).collect::<Result<_, _>>()?)
}

fn row(r: &PgRow) -> Result<ScopeRow, DbError> {
    Ok(ScopeRow {
        id: CaseId(get(r, "id")?),
        organisation: OrgId(get(r, "organisation_id")?),
        district: get(r, "district")?,
        owner_user: get::<Option<Uuid>>(r, "owner_user")?.map(UserRef),
        investigating_org: get::<Option<Uuid>>(r, "investigating_org")?.map(OrgId),
        investigator: get(r, "investigator")?,
        prosecutor: get(r, "prosecutor")?,
        to_org: get::<Option<Uuid>>(r, "to_org")?.map(OrgId),
        referral_state: get(r, "referral_state")?,
    })
}
