//! Reading whole cases: the `cases` rows, then each child table once for all requested cases
//! (`case_id = ANY($1)`), assembled in saved order, all in one read-only snapshot.

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

use super::{justice, persons};
use crate::errors;
use crate::rows::{self, get};

/// The statement that opens every read: one consistent snapshot, no writes.
pub const READ_SNAPSHOT: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// The cases with these ids, in the order of `ids`; missing ids are left out.
pub async fn get_many(pool: &PgPool, keys: &KeyringSlot, ids: &[CaseId]) -> Result<Vec<Case>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = pool.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
    let cases = load(&mut tx, keys, ids).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(cases)
}

pub async fn find_by_number(pool: &PgPool, keys: &KeyringSlot, number: &CaseNumber) -> Result<Option<Case>, DbError> {
    let mut tx = pool.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
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
    let found = sqlx::query("SELECT * FROM cases WHERE id = ANY($1)")
        .bind(&keys)
        .fetch_all(&mut *conn)
        .await
        .map_err(errors::map)?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    // Without a keyring, a case with no sealed value still reads; the first sealed one is `Unavailable`.
    let ring = keyring.get().ok();
    let ring = ring.as_deref();
    let mut cases: HashMap<Uuid, Case> = HashMap::with_capacity(found.len());
    for r in &found {
        let c = case_from_row(r, ring)?;
        cases.insert(c.id.0, c);
    }
    let keys: Vec<Uuid> = cases.keys().copied().collect();
    persons::load(conn, keyring, &keys, &mut cases).await?;
    load_events(conn, &keys, &mut cases, ring).await?;
    load_referrals(conn, &keys, &mut cases, ring).await?;
    load_consents(conn, &keys, &mut cases, ring).await?;
    load_support_plans(conn, &keys, &mut cases, ring).await?;
    load_comments(conn, &keys, &mut cases, ring).await?;
    load_links(conn, &keys, &mut cases).await?;
    justice::load(conn, &keys, &mut cases, ring).await?;
    Ok(ids.iter().filter_map(|id| cases.get(&id.0).cloned()).collect())
}

/// The rows of `table` for `keys`, in case and saved order.
pub async fn child_rows(conn: &mut PgConnection, sql: &'static str, keys: &[Uuid]) -> Result<Vec<PgRow>, DbError> {
    sqlx::query(sql).bind(keys).fetch_all(conn).await.map_err(errors::map)
}

/// The case a child row belongs to.
pub fn owner<'a>(cases: &'a mut HashMap<Uuid, Case>, r: &PgRow) -> Result<Option<&'a mut Case>, DbError> {
    let id: Uuid = get(r, "case_id")?;
    Ok(cases.get_mut(&id))
}

fn number(r: &PgRow) -> Result<CaseNumber, DbError> {
    let s: String = get(r, "number")?;
    CaseNumber::parse(&s).map_err(|e| DbError::other(rows::BadValue { column: "number", reason: e.to_string() }))
}

/// A sealed note of a row keyed `record`, opened (see `notes::SEALED_NOTES`).
pub fn note(
    r: &PgRow,
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
) -> Result<Option<String>, DbError> {
    notes::open_note(keyring, table, column, record, get(r, column)?)
}

/// A sealed note that is never empty, of a row keyed `record`.
pub fn required_note(
    r: &PgRow,
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
) -> Result<String, DbError> {
    notes::open_required(keyring, table, column, record, get(r, column)?)
}

/// A `cases` row, without its children; `keyring` opens the summary.
pub fn case_from_row(r: &PgRow, keyring: Option<&Keyring>) -> Result<Case, DbError> {
    let id: Uuid = get(r, "id")?;
    Ok(Case {
        id: CaseId(id),
        number: number(r)?,
        version: get(r, "version")?,
        status: rows::code(r, "status")?,
        closure_reason: note(r, keyring, "cases", "closure_reason", id)?,
        owner: get(r, "owner")?,
        owner_user: get::<Option<Uuid>>(r, "owner_user")?.map(UserRef),
        organisation: OrgId(get(r, "organisation_id")?),
        incoming_referral: match get::<Option<Uuid>>(r, "referring_organisation")? {
            None => None,
            Some(from_org) => Some(IncomingReferral {
                from_org: OrgId(from_org),
                received_on: get(r, "incoming_referral_on")?,
                reason: rows::opt_code(r, "incoming_referral_reason")?,
                details: note(r, keyring, "cases", "incoming_referral_details", id)?,
                case_worker: get(r, "referring_case_worker")?,
                case_worker_user: get::<Option<Uuid>>(r, "referring_case_worker_user")?.map(UserRef),
            }),
        },
        district: rows::unit(r, "district")?,
        detection_source: rows::code(r, "detection_source")?,
        detected_on: get(r, "detected_on")?,
        port_of_entry: rows::opt_unit(r, "port_of_entry")?,
        summary: note(r, keyring, "cases", "summary", id)?,
        created_at: get(r, "created_at")?,
        updated_at: get(r, "updated_at")?,
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

fn opt_person(r: &PgRow, column: &'static str) -> Result<Option<PersonId>, DbError> {
    Ok(get::<Option<Uuid>>(r, column)?.map(PersonId))
}

async fn load_events(
    conn: &mut PgConnection,
    keys: &[Uuid],
    cases: &mut HashMap<Uuid, Case>,
    keyring: Option<&Keyring>,
) -> Result<(), DbError> {
    let sql = "SELECT * FROM events WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let id: Uuid = get(&r, "id")?;
        let e = TraffickingEvent {
            id: EventId(id),
            version: get(&r, "version")?,
            details: EventInput {
                event_type: rows::code(&r, "event_type")?,
                date: get(&r, "date")?,
                country: rows::country(&r, "country")?,
                district: rows::opt_unit(&r, "district")?,
                state: rows::opt_place(&r, "state")?,
                port_of_entry: rows::opt_unit(&r, "port_of_entry")?,
                city: note(&r, keyring, "events", "city", id)?,
                place: note(&r, keyring, "events", "place", id)?,
                postal_code: note(&r, keyring, "events", "postal_code", id)?,
                description: note(&r, keyring, "events", "description", id)?,
                latitude: notes::open_degrees(keyring, "events", "latitude", id, get(&r, "latitude")?)?,
                longitude: notes::open_degrees(keyring, "events", "longitude", id, get(&r, "longitude")?)?,
                victim: opt_person(&r, "victim_id")?,
            },
        };
        if let Some(c) = owner(cases, &r)? {
            c.events.push(e);
        }
    }
    Ok(())
}

async fn load_referrals(
    conn: &mut PgConnection,
    keys: &[Uuid],
    cases: &mut HashMap<Uuid, Case>,
    keyring: Option<&Keyring>,
) -> Result<(), DbError> {
    let sql = "SELECT * FROM referrals WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let id: Uuid = get(&r, "id")?;
        let x = Referral {
            id: ReferralId(id),
            version: get(&r, "version")?,
            victim: opt_person(&r, "victim_id")?,
            from_org: OrgId(get(&r, "from_org")?),
            to_org: OrgId(get(&r, "to_org")?),
            referring_case_worker: get(&r, "referring_case_worker")?,
            referring_case_worker_user: get::<Option<Uuid>>(&r, "referring_case_worker_user")?.map(UserRef),
            referred_case_worker: get(&r, "referred_case_worker")?,
            referred_case_worker_user: get::<Option<Uuid>>(&r, "referred_case_worker_user")?.map(UserRef),
            service: rows::code(&r, "service")?,
            reason: rows::code(&r, "reason")?,
            details: note(&r, keyring, "referrals", "details", id)?,
            automatic: get(&r, "automatic")?,
            state: rows::code(&r, "state")?,
            sent_on: get(&r, "sent_on")?,
            responded_on: get(&r, "responded_on")?,
            decline_reason: note(&r, keyring, "referrals", "decline_reason", id)?,
            delivered_on: get(&r, "delivered_on")?,
            delivery_note: note(&r, keyring, "referrals", "delivery_note", id)?,
            closed_on: get(&r, "closed_on")?,
            end_reason: note(&r, keyring, "referrals", "end_reason", id)?,
        };
        if let Some(c) = owner(cases, &r)? {
            c.referrals.push(x);
        }
    }
    Ok(())
}

async fn load_consents(
    conn: &mut PgConnection,
    keys: &[Uuid],
    cases: &mut HashMap<Uuid, Case>,
    keyring: Option<&Keyring>,
) -> Result<(), DbError> {
    let sql = "SELECT * FROM consents WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let x = Consent {
            id: ConsentId(get(&r, "id")?),
            version: get(&r, "version")?,
            victim: PersonId(get(&r, "victim_id")?),
            purpose: rows::code(&r, "purpose")?,
            given: get(&r, "given")?,
            recorded_on: get(&r, "recorded_on")?,
            withdrawn_on: get(&r, "withdrawn_on")?,
            recorded_by: note(&r, keyring, "consents", "recorded_by", get(&r, "id")?)?,
            given_by: rows::code(&r, "given_by")?,
            child_assent: get(&r, "child_assent")?,
        };
        if let Some(c) = owner(cases, &r)? {
            c.consents.push(x);
        }
    }
    Ok(())
}

async fn load_support_plans(
    conn: &mut PgConnection,
    keys: &[Uuid],
    cases: &mut HashMap<Uuid, Case>,
    keyring: Option<&Keyring>,
) -> Result<(), DbError> {
    let sql = "SELECT * FROM support_plans WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let id: Uuid = get(&r, "id")?;
        let x = SupportPlan {
            id: SupportPlanId(id),
            version: get(&r, "version")?,
            details: SupportPlanInput {
                victim: PersonId(get(&r, "victim_id")?),
                plan_type: rows::code(&r, "plan_type")?,
                provider: get::<Option<Uuid>>(&r, "provider")?.map(OrgId),
                objectives: required_note(&r, keyring, "support_plans", "objectives", id)?,
                action_plan: note(&r, keyring, "support_plans", "action_plan", id)?,
                started_on: get(&r, "started_on")?,
                planned_end: get(&r, "planned_end")?,
                actual_end: get(&r, "actual_end")?,
            },
        };
        if let Some(c) = owner(cases, &r)? {
            c.support_plans.push(x);
        }
    }
    Ok(())
}

async fn load_comments(
    conn: &mut PgConnection,
    keys: &[Uuid],
    cases: &mut HashMap<Uuid, Case>,
    keyring: Option<&Keyring>,
) -> Result<(), DbError> {
    let sql = "SELECT * FROM comments WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let id: Uuid = get(&r, "id")?;
        let x = Comment {
            id: CommentId(id),
            author: get(&r, "author")?,
            at: get(&r, "at")?,
            text: required_note(&r, keyring, "comments", "text", id)?,
        };
        if let Some(c) = owner(cases, &r)? {
            c.comments.push(x);
        }
    }
    Ok(())
}

async fn load_links(conn: &mut PgConnection, keys: &[Uuid], cases: &mut HashMap<Uuid, Case>) -> Result<(), DbError> {
    let sql = "SELECT * FROM case_links WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let x = CaseLink { other: CaseId(get(&r, "other_case_id")?), kind: rows::code(&r, "kind")? };
        if let Some(c) = owner(cases, &r)? {
            c.links.push(x);
        }
    }
    Ok(())
}
