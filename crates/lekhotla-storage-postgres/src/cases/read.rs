//! Reading whole cases: one statement gives the `cases` rows with each child table's rows as JSON
//! (`children.rs`), assembled in saved order.

use std::collections::HashMap;

use lekhotla_crypto::Keyring;
use lekhotla_domain::{
    Case, CaseId, CaseLink, CaseNumber, Comment, CommentId, Consent, ConsentId, EventId, EventInput, IncomingReferral,
    OrgId, PersonId, Referral, ReferralId, SupportPlan, SupportPlanId, SupportPlanInput, TraffickingEvent, UserRef,
};
use lekhotla_storage::sealing::KeyringSlot;
use lekhotla_storage::{DbError, notes};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::children::{self, Child, Children};
use super::{justice, persons};
use crate::errors;
use crate::rows::{self, Cells, val};

/// The statement that opens every read: one consistent snapshot, no writes.
pub const READ_SNAPSHOT: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// [`READ_SNAPSHOT`] for reading whole cases: their statement looks rows up by case id alone, a plan that
/// never depends on the values, so PostgreSQL may keep the plan it made (the pool's connections plan every
/// statement anew for the lists' sake). It rarely does: `auto` prices the generic plan of `id = ANY($1)` for
/// ten ids and keeps choosing a custom one. That costs little here (an export reads 500 cases a statement);
/// the one-case reads of every view go to the lookups, which keep their plans (`lookups` in `lib.rs`).
const CASE_SNAPSHOT: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL plan_cache_mode = auto";

/// The cases with these ids, in the order of `ids`; missing ids are left out.
pub async fn get_many(pool: &PgPool, keys: &KeyringSlot, ids: &[CaseId]) -> Result<Vec<Case>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = pool.begin_with(CASE_SNAPSHOT).await.map_err(errors::map)?;
    let cases = load(&mut tx, keys, ids).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(cases)
}

/// The case with this id, in one statement (its own snapshot) on a connection of `lookups` (`PgStore::lookups`,
/// whose connections keep the statement's plan).
pub async fn get_one(lookups: &PgPool, keys: &KeyringSlot, id: CaseId) -> Result<Option<Case>, DbError> {
    let mut conn = lookups.acquire().await.map_err(errors::map)?;
    Ok(load(&mut conn, keys, &[id]).await?.pop())
}

pub async fn find_by_number(pool: &PgPool, keys: &KeyringSlot, number: &CaseNumber) -> Result<Option<Case>, DbError> {
    let mut tx = pool.begin_with(CASE_SNAPSHOT).await.map_err(errors::map)?;
    let id: Option<Uuid> = sqlx::query_scalar("SELECT id FROM cases WHERE number = $1")
        .bind(number.to_string())
        .fetch_optional(&mut *tx)
        .await
        .map_err(errors::map)?;
    let case = match id {
        Some(id) => load(&mut tx, keys, &[CaseId(id)]).await?.pop(),
        None => None,
    };
    tx.commit().await.map_err(errors::map)?;
    Ok(case)
}

/// Loads whole cases on `conn` (inside the caller's transaction), in the order of `ids`, the persons'
/// protected fields opened with the keyring of `keyring`.
pub async fn load(conn: &mut PgConnection, keyring: &KeyringSlot, ids: &[CaseId]) -> Result<Vec<Case>, DbError> {
    let keys: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
    let found = sqlx::query(children::statement()).bind(&keys).fetch_all(&mut *conn).await.map_err(errors::map)?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    // Without a keyring, a case with no sealed value still reads; the first sealed one is `Unavailable`.
    let ring = keyring.get().ok();
    let ring = ring.as_deref();
    let mut cases: HashMap<Uuid, Case> = HashMap::with_capacity(found.len());
    let mut rows = Children::default();
    for r in &found {
        let c = case_from_row(r, ring)?;
        cases.insert(c.id.0, c);
        rows.add(r)?;
    }
    let take = std::mem::take::<Vec<Child>>;
    persons::load(keyring, take(&mut rows.people), &mut cases)?;
    load_events(take(&mut rows.events), &mut cases, ring)?;
    load_referrals(take(&mut rows.referrals), &mut cases, ring)?;
    load_consents(take(&mut rows.consents), &mut cases, ring)?;
    load_support_plans(take(&mut rows.support_plans), &mut cases, ring)?;
    load_comments(take(&mut rows.comments), &mut cases, ring)?;
    load_links(take(&mut rows.links), &mut cases)?;
    justice::load(rows, &mut cases, ring)?;
    Ok(in_order(ids, cases))
}

/// The cases of `ids` in that order, each moved out of `cases` (a case is copied only for an id given twice).
fn in_order(ids: &[CaseId], mut cases: HashMap<Uuid, Case>) -> Vec<Case> {
    let mut out: Vec<Case> = Vec::with_capacity(cases.len());
    for id in ids {
        match cases.remove(&id.0) {
            Some(case) => out.push(case),
            None => {
                if let Some(again) = out.iter().find(|c| c.id == *id).cloned() {
                    out.push(again);
                }
            }
        }
    }
    out
}

/// The case a child row belongs to.
pub fn owner<'a>(cases: &'a mut HashMap<Uuid, Case>, r: &impl Cells) -> Result<Option<&'a mut Case>, DbError> {
    let id: Uuid = val(r, "case_id")?;
    Ok(cases.get_mut(&id))
}

fn number(r: &impl Cells) -> Result<CaseNumber, DbError> {
    let s: String = val(r, "number")?;
    CaseNumber::parse(&s).map_err(|e| DbError::other(rows::BadValue { column: "number", reason: e.to_string() }))
}

/// A sealed note of a row keyed `record`, opened (see `notes::SEALED_NOTES`).
pub fn note(
    r: &impl Cells,
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
) -> Result<Option<String>, DbError> {
    notes::open_note(keyring, table, column, record, val(r, column)?)
}

/// A sealed note that is never empty, of a row keyed `record`.
pub fn required_note(
    r: &impl Cells,
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
) -> Result<String, DbError> {
    notes::open_required(keyring, table, column, record, val(r, column)?)
}

/// A `cases` row, without its children; `keyring` opens the summary.
pub fn case_from_row(r: &PgRow, keyring: Option<&Keyring>) -> Result<Case, DbError> {
    let id: Uuid = val(r, "id")?;
    Ok(Case {
        id: CaseId(id),
        number: number(r)?,
        version: val(r, "version")?,
        status: rows::code(r, "status")?,
        closure_reason: note(r, keyring, "cases", "closure_reason", id)?,
        owner: val(r, "owner")?,
        owner_user: val::<Option<Uuid>>(r, "owner_user")?.map(UserRef),
        organisation: OrgId(val(r, "organisation_id")?),
        incoming_referral: match val::<Option<Uuid>>(r, "referring_organisation")? {
            None => None,
            Some(from_org) => Some(IncomingReferral {
                from_org: OrgId(from_org),
                received_on: val(r, "incoming_referral_on")?,
                reason: rows::opt_code(r, "incoming_referral_reason")?,
                details: note(r, keyring, "cases", "incoming_referral_details", id)?,
                case_worker: val(r, "referring_case_worker")?,
                case_worker_user: val::<Option<Uuid>>(r, "referring_case_worker_user")?.map(UserRef),
            }),
        },
        district: rows::unit(r, "district")?,
        detection_source: rows::code(r, "detection_source")?,
        detected_on: val(r, "detected_on")?,
        port_of_entry: rows::opt_unit(r, "port_of_entry")?,
        summary: note(r, keyring, "cases", "summary", id)?,
        created_at: val(r, "created_at")?,
        updated_at: val(r, "updated_at")?,
        victims: Vec::new(),
        suspects: Vec::new(),
        witnesses: Vec::new(),
        events: Vec::new(),
        referrals: Vec::new(),
        consents: Vec::new(),
        support_plans: Vec::new(),
        comments: Vec::new(),
        links: Vec::new(),
        investigation: None,
        prosecution: None,
    })
}

fn opt_person(r: &impl Cells, column: &'static str) -> Result<Option<PersonId>, DbError> {
    Ok(val::<Option<Uuid>>(r, column)?.map(PersonId))
}

fn load_events(rows: Vec<Child>, cases: &mut HashMap<Uuid, Case>, keyring: Option<&Keyring>) -> Result<(), DbError> {
    for r in rows {
        let id: Uuid = val(&r, "id")?;
        let e = TraffickingEvent {
            id: EventId(id),
            version: val(&r, "version")?,
            details: EventInput {
                event_type: rows::code(&r, "event_type")?,
                date: val(&r, "date")?,
                country: rows::country(&r, "country")?,
                district: rows::opt_unit(&r, "district")?,
                state: rows::opt_place(&r, "state")?,
                port_of_entry: rows::opt_unit(&r, "port_of_entry")?,
                city: note(&r, keyring, "events", "city", id)?,
                place: note(&r, keyring, "events", "place", id)?,
                postal_code: note(&r, keyring, "events", "postal_code", id)?,
                description: note(&r, keyring, "events", "description", id)?,
                latitude: notes::open_degrees(keyring, "events", "latitude", id, val(&r, "latitude")?)?,
                longitude: notes::open_degrees(keyring, "events", "longitude", id, val(&r, "longitude")?)?,
                victim: opt_person(&r, "victim_id")?,
            },
        };
        if let Some(c) = owner(cases, &r)? {
            c.events.push(e);
        }
    }
    Ok(())
}

fn load_referrals(rows: Vec<Child>, cases: &mut HashMap<Uuid, Case>, keyring: Option<&Keyring>) -> Result<(), DbError> {
    for r in rows {
        let id: Uuid = val(&r, "id")?;
        let x = Referral {
            id: ReferralId(id),
            version: val(&r, "version")?,
            victim: opt_person(&r, "victim_id")?,
            from_org: OrgId(val(&r, "from_org")?),
            to_org: OrgId(val(&r, "to_org")?),
            referring_case_worker: val(&r, "referring_case_worker")?,
            referring_case_worker_user: val::<Option<Uuid>>(&r, "referring_case_worker_user")?.map(UserRef),
            referred_case_worker: val(&r, "referred_case_worker")?,
            referred_case_worker_user: val::<Option<Uuid>>(&r, "referred_case_worker_user")?.map(UserRef),
            service: rows::code(&r, "service")?,
            reason: rows::code(&r, "reason")?,
            details: note(&r, keyring, "referrals", "details", id)?,
            automatic: val(&r, "automatic")?,
            state: rows::code(&r, "state")?,
            sent_on: val(&r, "sent_on")?,
            responded_on: val(&r, "responded_on")?,
            decline_reason: note(&r, keyring, "referrals", "decline_reason", id)?,
            delivered_on: val(&r, "delivered_on")?,
            delivery_note: note(&r, keyring, "referrals", "delivery_note", id)?,
            closed_on: val(&r, "closed_on")?,
            end_reason: note(&r, keyring, "referrals", "end_reason", id)?,
        };
        if let Some(c) = owner(cases, &r)? {
            c.referrals.push(x);
        }
    }
    Ok(())
}

fn load_consents(rows: Vec<Child>, cases: &mut HashMap<Uuid, Case>, keyring: Option<&Keyring>) -> Result<(), DbError> {
    for r in rows {
        let x = Consent {
            id: ConsentId(val(&r, "id")?),
            version: val(&r, "version")?,
            victim: PersonId(val(&r, "victim_id")?),
            purpose: rows::code(&r, "purpose")?,
            given: val(&r, "given")?,
            recorded_on: val(&r, "recorded_on")?,
            withdrawn_on: val(&r, "withdrawn_on")?,
            recorded_by: note(&r, keyring, "consents", "recorded_by", val(&r, "id")?)?,
            given_by: rows::code(&r, "given_by")?,
            child_assent: val(&r, "child_assent")?,
        };
        if let Some(c) = owner(cases, &r)? {
            c.consents.push(x);
        }
    }
    Ok(())
}

fn load_support_plans(
    rows: Vec<Child>,
    cases: &mut HashMap<Uuid, Case>,
    keyring: Option<&Keyring>,
) -> Result<(), DbError> {
    for r in rows {
        let id: Uuid = val(&r, "id")?;
        let x = SupportPlan {
            id: SupportPlanId(id),
            version: val(&r, "version")?,
            details: SupportPlanInput {
                victim: PersonId(val(&r, "victim_id")?),
                plan_type: rows::code(&r, "plan_type")?,
                provider: val::<Option<Uuid>>(&r, "provider")?.map(OrgId),
                objectives: required_note(&r, keyring, "support_plans", "objectives", id)?,
                action_plan: note(&r, keyring, "support_plans", "action_plan", id)?,
                started_on: val(&r, "started_on")?,
                planned_end: val(&r, "planned_end")?,
                actual_end: val(&r, "actual_end")?,
            },
        };
        if let Some(c) = owner(cases, &r)? {
            c.support_plans.push(x);
        }
    }
    Ok(())
}

fn load_comments(rows: Vec<Child>, cases: &mut HashMap<Uuid, Case>, keyring: Option<&Keyring>) -> Result<(), DbError> {
    for r in rows {
        let id: Uuid = val(&r, "id")?;
        let x = Comment {
            id: CommentId(id),
            author: val(&r, "author")?,
            at: val(&r, "at")?,
            text: required_note(&r, keyring, "comments", "text", id)?,
        };
        if let Some(c) = owner(cases, &r)? {
            c.comments.push(x);
        }
    }
    Ok(())
}

fn load_links(rows: Vec<Child>, cases: &mut HashMap<Uuid, Case>) -> Result<(), DbError> {
    for r in rows {
        let x = CaseLink { other: CaseId(val(&r, "other_case_id")?), kind: rows::code(&r, "kind")? };
        if let Some(c) = owner(cases, &r)? {
            c.links.push(x);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use lekhotla_storage::Store as _;

    use super::*;

    /// A case view on a lookups connection plans the whole case's statement once and keeps the plan: left to
    /// the server (`plan_cache_mode = auto`), PostgreSQL planned its eighteen tables anew at every view, two
    /// fifths of the machine at 50 concurrent views (BENCHMARKS.md, fourteenth pass).
    #[tokio::test]
    async fn a_lookups_connection_keeps_the_case_statement_s_plan() {
        let Ok(url) = std::env::var("LEKHOTLA_TEST_PG_URL") else {
            return eprintln!("skipped: no database configured");
        };
        let schema = format!("plans_{}", Uuid::new_v4().simple());
        let store = crate::PgStore::connect_in_schema(&url, &schema).await.unwrap();
        let mut conn = store.lookups.acquire().await.unwrap();
        for _ in 0..8 {
            assert!(load(&mut conn, &store.keyring, &[CaseId::new()]).await.unwrap().is_empty());
        }
        let (generic, custom): (i64, i64) =
            sqlx::query_as("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1")
                .bind(super::super::children::statement())
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        drop(conn);
        store.close().await;
        let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE"))).execute(&mut admin).await.unwrap();
        assert_eq!((generic, custom), (8, 0), "the case's statement was planned anew");
    }
}
