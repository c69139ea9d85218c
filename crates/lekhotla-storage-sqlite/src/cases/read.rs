//! Reading whole cases: one statement per chunk of cases gives each case row with its child tables' rows
//! (see [`shape`]), put back together in saved order.

use std::collections::HashMap;

use lekhotla_crypto::Keyring;
use lekhotla_domain::*;
use lekhotla_storage::DbError;
use lekhotla_storage::notes;
use lekhotla_storage::sealing::KeyringSlot;
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteRow;

use crate::errors::{self, bad};
use crate::rows::{Get, marks};

mod justice;
mod people;
mod shape;

use justice::{charge, compensation_order, hearing, investigation, prosecution, sentence, transfer, verdict};
use people::{context, person, suspect};
use shape::Child;

/// How many cases are read per statement.
pub const CHUNK: usize = 500;

/// The cases with these ids (at most [`CHUNK`] at a time is best), by id; missing ids are left out.
/// The persons' protected fields are opened with the keyring of `keys`.
pub async fn load(
    conn: &mut SqliteConnection,
    keys: &KeyringSlot,
    ids: &[String],
) -> Result<HashMap<CaseId, Case>, DbError> {
    let shape = shape::of(conn).await?;
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let sql = format!("{} ({})", shape.head, marks(chunk.len()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for i in chunk {
            q = q.bind(i.as_str());
        }
        let heads = q.fetch_all(&mut *conn).await.map_err(errors::map)?;
        assemble(shape, heads, keys, &mut out)?;
    }
    Ok(out)
}

/// The case numbered `number`, in one statement.
pub async fn load_by_number(
    conn: &mut SqliteConnection,
    keys: &KeyringSlot,
    number: &CaseNumber,
) -> Result<Option<Case>, DbError> {
    let shape = shape::of(conn).await?;
    let sql = format!("{} (SELECT id FROM cases WHERE number = ?)", shape.head);
    let heads = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(number.to_string())
        .fetch_all(&mut *conn)
        .await
        .map_err(errors::map)?;
    let mut out = HashMap::with_capacity(1);
    assemble(shape, heads, keys, &mut out)?;
    Ok(out.into_values().next())
}

fn assemble(
    shape: &shape::Shape,
    heads: Vec<SqliteRow>,
    keys: &KeyringSlot,
    out: &mut HashMap<CaseId, Case>,
) -> Result<(), DbError> {
    if heads.is_empty() {
        return Ok(());
    }
    // Without a keyring, a case with no sealed value still reads; the first sealed one is `Unavailable`.
    let keyring = keys.get().ok();
    let keyring = keyring.as_deref();
    for h in heads {
        let case = one(shape, &h, keyring)?;
        out.insert(case.id, case);
    }
    Ok(())
}

/// Rows keyed by a unique column (`person_id`).
fn keyed<'s>(rows: Vec<Child<'s>>, key: &'static str) -> Result<HashMap<String, Child<'s>>, DbError> {
    rows.into_iter().map(|r| Ok((r.text(key)?, r))).collect()
}

fn one(shape: &shape::Shape, h: &SqliteRow, keyring: Option<&Keyring>) -> Result<Case, DbError> {
    let mut rows = shape.children(h)?;
    let mut victims = keyed(rows.take("victims"), "person_id")?;
    let mut suspects = keyed(rows.take("suspects"), "person_id")?;
    let mut witnesses = keyed(rows.take("witnesses"), "person_id")?;
    let mut case = case_head(h, keyring)?;
    for p in rows.take("persons") {
        let pid = p.text("id")?;
        let id = PersonId(p.uuid("id")?);
        let version = p.int("version")?;
        match p.text("role")?.as_str() {
            "victim" => {
                let v = victims.remove(&pid).ok_or_else(|| bad("victims", "victim row is missing"))?;
                case.victims.push(Victim { id, version, person: person(&p, keyring)?, context: context(&v, keyring)? });
            }
            "suspect" => {
                let s = suspects.remove(&pid).ok_or_else(|| bad("suspects", "suspect row is missing"))?;
                case.suspects.push(Suspect { id, version, details: suspect(&p, &s, keyring)? });
            }
            "witness" => {
                let w = witnesses.remove(&pid).ok_or_else(|| bad("witnesses", "witness row is missing"))?;
                let details = WitnessInput {
                    person: person(&p, keyring)?,
                    victim: w.opt_uuid("victim_id")?.map(PersonId),
                    statement_taken_on: w.opt_date("statement_taken_on")?,
                    testimony_preserved: w.boolean("testimony_preserved")?,
                };
                case.witnesses.push(Witness { id, version, details });
            }
            other => return Err(bad("role", format!("unknown person role {other:?}"))),
        }
    }
    case.events = rows.take("events").iter().map(|r| event(r, keyring)).collect::<Result<_, _>>()?;
    case.referrals = rows.take("referrals").iter().map(|r| referral(r, keyring)).collect::<Result<_, _>>()?;
    case.consents = rows.take("consents").iter().map(|r| consent(r, keyring)).collect::<Result<_, _>>()?;
    case.support_plans = rows.take("support_plans").iter().map(|r| plan(r, keyring)).collect::<Result<_, _>>()?;
    case.comments = rows.take("comments").iter().map(|r| comment(r, keyring)).collect::<Result<_, _>>()?;
    case.links = rows
        .take("case_links")
        .iter()
        .map(|r| Ok(CaseLink { other: CaseId(r.uuid("other_case_id")?), kind: r.code("kind")? }))
        .collect::<Result<_, DbError>>()?;
    if let Some(r) = rows.take("investigations").first() {
        let mut inv = investigation(r, keyring)?;
        inv.docket_transfers =
            rows.take("docket_transfers").iter().map(|r| transfer(r, keyring)).collect::<Result<_, _>>()?;
        case.investigation = Some(inv);
    }
    if let Some(r) = rows.take("prosecutions").first() {
        let mut p = prosecution(r, keyring)?;
        p.charges = rows.take("charges").iter().map(charge).collect::<Result<_, _>>()?;
        p.hearings = rows.take("hearings").iter().map(|r| hearing(r, keyring)).collect::<Result<_, _>>()?;
        p.verdicts = rows.take("verdicts").iter().map(verdict).collect::<Result<_, _>>()?;
        p.sentences = rows.take("sentences").iter().map(|r| sentence(r, keyring)).collect::<Result<_, _>>()?;
        p.compensation_orders =
            rows.take("compensation_orders").iter().map(compensation_order).collect::<Result<_, _>>()?;
        case.prosecution = Some(p);
    }
    Ok(case)
}

fn case_head(r: &SqliteRow, keyring: Option<&Keyring>) -> Result<Case, DbError> {
    let number = r.text("number")?;
    Ok(Case {
        id: CaseId(r.uuid("id")?),
        number: CaseNumber::parse(&number).map_err(|e| bad("number", e))?,
        version: r.int("version")?,
        status: r.code("status")?,
        closure_reason: note(r, keyring, "cases", "id", "closure_reason")?,
        owner: r.opt_text("owner")?,
        owner_user: r.opt_uuid("owner_user")?.map(UserRef),
        organisation: OrgId(r.uuid("organisation_id")?),
        incoming_referral: match r.opt_uuid("referring_organisation")? {
            None => None,
            Some(from_org) => Some(IncomingReferral {
                from_org: OrgId(from_org),
                received_on: r.opt_date("incoming_referral_on")?,
                reason: r.opt_code("incoming_referral_reason")?,
                details: note(r, keyring, "cases", "id", "incoming_referral_details")?,
                case_worker: r.opt_text("referring_case_worker")?,
                case_worker_user: r.opt_uuid("referring_case_worker_user")?.map(UserRef),
            }),
        },
        district: r.unit("district")?,
        detection_source: r.code("detection_source")?,
        detected_on: r.date("detected_on")?,
        port_of_entry: r.opt_unit("port_of_entry")?,
        summary: note(r, keyring, "cases", "id", "summary")?,
        created_at: r.timestamp("created_at")?,
        updated_at: r.timestamp("updated_at")?,
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

/// A sealed note of the row, opened (see `notes::SEALED_NOTES`): `key` is the column that keys the row.
pub(super) fn note(
    r: &impl Get,
    keyring: Option<&Keyring>,
    table: &'static str,
    key: &'static str,
    column: &'static str,
) -> Result<Option<String>, DbError> {
    notes::open_note(keyring, table, column, r.uuid(key)?, r.opt_text(column)?)
}

/// A sealed map position of a row keyed by `id`, opened.
fn degrees(
    r: &impl Get,
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
) -> Result<Option<f64>, DbError> {
    notes::open_degrees(keyring, table, column, r.uuid("id")?, r.opt_text(column)?)
}

/// A sealed note that is never empty, of a row keyed by `id`.
pub(super) fn required_note(
    r: &impl Get,
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
) -> Result<String, DbError> {
    notes::open_required(keyring, table, column, r.uuid("id")?, r.text(column)?)
}

fn event(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<TraffickingEvent, DbError> {
    Ok(TraffickingEvent {
        id: EventId(r.uuid("id")?),
        version: r.int("version")?,
        details: EventInput {
            event_type: r.code("event_type")?,
            date: r.opt_date("date")?,
            country: r.country("country")?,
            district: r.opt_unit("district")?,
            state: r.opt_place("state")?,
            port_of_entry: r.opt_unit("port_of_entry")?,
            city: note(r, keyring, "events", "id", "city")?,
            place: note(r, keyring, "events", "id", "place")?,
            postal_code: note(r, keyring, "events", "id", "postal_code")?,
            description: note(r, keyring, "events", "id", "description")?,
            latitude: degrees(r, keyring, "events", "latitude")?,
            longitude: degrees(r, keyring, "events", "longitude")?,
            victim: r.opt_uuid("victim_id")?.map(PersonId),
        },
    })
}

fn referral(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<Referral, DbError> {
    Ok(Referral {
        id: ReferralId(r.uuid("id")?),
        version: r.int("version")?,
        victim: r.opt_uuid("victim_id")?.map(PersonId),
        from_org: OrgId(r.uuid("from_org")?),
        to_org: OrgId(r.uuid("to_org")?),
        referring_case_worker: r.opt_text("referring_case_worker")?,
        referring_case_worker_user: r.opt_uuid("referring_case_worker_user")?.map(UserRef),
        referred_case_worker: r.opt_text("referred_case_worker")?,
        referred_case_worker_user: r.opt_uuid("referred_case_worker_user")?.map(UserRef),
        service: r.code("service")?,
        reason: r.code("reason")?,
        details: note(r, keyring, "referrals", "id", "details")?,
        automatic: r.boolean("automatic")?,
        state: r.code("state")?,
        sent_on: r.date("sent_on")?,
        responded_on: r.opt_date("responded_on")?,
        decline_reason: note(r, keyring, "referrals", "id", "decline_reason")?,
        delivered_on: r.opt_date("delivered_on")?,
        delivery_note: note(r, keyring, "referrals", "id", "delivery_note")?,
        closed_on: r.opt_date("closed_on")?,
        end_reason: note(r, keyring, "referrals", "id", "end_reason")?,
    })
}

fn consent(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<Consent, DbError> {
    Ok(Consent {
        id: ConsentId(r.uuid("id")?),
        version: r.int("version")?,
        victim: PersonId(r.uuid("victim_id")?),
        purpose: r.code("purpose")?,
        given: r.boolean("given")?,
        recorded_on: r.date("recorded_on")?,
        withdrawn_on: r.opt_date("withdrawn_on")?,
        recorded_by: note(r, keyring, "consents", "id", "recorded_by")?,
        given_by: r.code("given_by")?,
        child_assent: r.opt_boolean("child_assent")?,
    })
}

fn plan(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<SupportPlan, DbError> {
    Ok(SupportPlan {
        id: SupportPlanId(r.uuid("id")?),
        version: r.int("version")?,
        details: SupportPlanInput {
            victim: PersonId(r.uuid("victim_id")?),
            plan_type: r.code("plan_type")?,
            provider: r.opt_uuid("provider")?.map(OrgId),
            objectives: required_note(r, keyring, "support_plans", "objectives")?,
            action_plan: note(r, keyring, "support_plans", "id", "action_plan")?,
            started_on: r.date("started_on")?,
            planned_end: r.opt_date("planned_end")?,
            actual_end: r.opt_date("actual_end")?,
        },
    })
}

fn comment(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<Comment, DbError> {
    Ok(Comment {
        id: CommentId(r.uuid("id")?),
        author: r.text("author")?,
        at: r.timestamp("at")?,
        text: required_note(r, keyring, "comments", "text")?,
    })
}
