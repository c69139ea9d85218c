//! Finding people while their identity stays sealed: the case search by a person's name and the possible
//! duplicates of a person about to be recorded, both by blind index and within a scope.

use lekhotla_domain::{CaseId, CaseNumber, PersonId};
use lekhotla_storage::people::{self, MAX_DUPLICATES, NameMatch, NameQuery, PersonProbe, PossibleDuplicate};
use lekhotla_storage::sealing::{self, KeyringSlot, PersonIndexes};
use lekhotla_storage::{CaseFilter, CaseList, DbError, Page};
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::list::{list_with, push_scope, resolve};
use crate::errors;
use crate::rows::get;

/// The cases of `filter` with a person of the name asked for.
pub async fn cases_by_name(
    pool: &PgPool,
    keys: &KeyringSlot,
    filter: &CaseFilter,
    name: &NameQuery,
    page: Page,
) -> Result<CaseList, DbError> {
    let indexes = PersonIndexes::of(&*keys.get()?, Some(&name.name), None, None);
    let found = match name.how {
        NameMatch::Exact => indexes.name.map(|i| (sealing::NAME_INDEX_COLUMN, i)),
        NameMatch::Phonetic => indexes.phonetic.map(|i| (sealing::PHONETIC_INDEX_COLUMN, i)),
    };
    match found {
        Some(person) => list_with(pool, filter, Some(person), page).await,
        None => Ok(CaseList { items: Vec::new(), total: 0 }),
    }
}

/// The possible duplicates of the probe, in its scope.
pub async fn duplicates(
    pool: &PgPool,
    keys: &KeyringSlot,
    probe: &PersonProbe,
) -> Result<Vec<PossibleDuplicate>, DbError> {
    let i = PersonIndexes::of(&*keys.get()?, probe.name.as_deref(), probe.birthdate, probe.phone.as_deref());
    let values = [i.name, i.phonetic, i.birthdate, i.phone];
    if values.iter().all(Option::is_none) {
        return Ok(Vec::new());
    }
    let columns = [
        sealing::NAME_INDEX_COLUMN,
        sealing::PHONETIC_INDEX_COLUMN,
        sealing::BIRTHDATE_INDEX_COLUMN,
        sealing::PHONE_INDEX_COLUMN,
    ];
    let mut conn = pool.acquire().await.map_err(errors::map)?;
    let scope = resolve(&mut conn, &probe.scope).await?;
    let mut q = QueryBuilder::<Postgres>::new("SELECT * FROM (SELECT p.id, p.case_id, p.role, p.position, c.number");
    for (k, (column, value)) in columns.iter().zip(&values).enumerate() {
        q.push(format!(", COALESCE(p.{column} = "));
        q.push_bind(value.clone()).push(format!("::text, FALSE) AS m{k}"));
    }
    q.push(" FROM persons p JOIN cases c ON c.id = p.case_id WHERE p.kind = 'individual' AND (FALSE");
    for (column, value) in columns.iter().zip(&values) {
        if let Some(v) = value {
            q.push(format!(" OR p.{column} = ")).push_bind(v.clone());
        }
    }
    q.push(") AND p.case_id IN (SELECT id FROM cases WHERE TRUE");
    push_scope(&mut q, &scope);
    q.push(")) AS d ORDER BY (m0::int + m1::int + m2::int + m3::int) DESC, number COLLATE \"C\" DESC, position LIMIT ");
    q.push_bind(i64::from(MAX_DUPLICATES));
    let rows = q.build().fetch_all(&mut *conn).await.map_err(errors::map)?;
    rows.iter()
        .map(|r| {
            let number: String = get(r, "number")?;
            let flags = [get(r, "m0")?, get(r, "m1")?, get(r, "m2")?, get(r, "m3")?];
            Ok(PossibleDuplicate {
                case: CaseId(get::<Uuid>(r, "case_id")?),
                number: CaseNumber::parse(&number)
                    .map_err(|e| DbError::Other(format!("the cases table holds a bad number: {e}").into()))?,
                person: PersonId(get::<Uuid>(r, "id")?),
                role: get(r, "role")?,
                matched: people::matched_on(flags),
            })
        })
        .collect()
}
