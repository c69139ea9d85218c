//! Reading whole cases: the case rows, then each table's records of all the cases at once
//! (`WHERE case_id IN (...)`), put back together in saved order.

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

use justice::{charge, compensation_order, hearing, investigation, prosecution, sentence, transfer, verdict};
use people::{context, person, suspect};

/// How many cases are read per statement.
pub const CHUNK: usize = 500;

/// Rows of one table, grouped by `case_id`, each group in saved order.
type Grouped = HashMap<String, Vec<SqliteRow>>;

async fn rows_of(conn: &mut SqliteConnection, sql_head: &str, ids: &[String]) -> Result<Vec<SqliteRow>, DbError> {
    let sql = format!("{sql_head} ({})", marks(ids.len()));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for i in ids {
        q = q.bind(i.as_str());
    }
    q.fetch_all(&mut *conn).await.map_err(errors::map)
}

async fn grouped(conn: &mut SqliteConnection, table: &'static str, ids: &[String]) -> Result<Grouped, DbError> {
    let head = format!("SELECT * FROM {table} WHERE case_id IN");
    let found = rows_of(conn, &head, ids).await?;
    let mut out: Grouped = HashMap::new();
    for r in found {
        out.entry(r.text("case_id")?).or_default().push(r);
    }
    for rows in out.values_mut() {
        let mut keyed = Vec::with_capacity(rows.len());
        for r in rows.drain(..) {
            keyed.push((r.opt_int("position").ok().flatten().unwrap_or(0), r));
        }
        keyed.sort_by_key(|(p, _)| *p);
        rows.extend(keyed.into_iter().map(|(_, r)| r));
    }
    Ok(out)
}

/// Rows keyed by a unique column (`person_id`).
async fn keyed(
    conn: &mut SqliteConnection,
    table: &'static str,
    key: &'static str,
    ids: &[String],
) -> Result<HashMap<String, SqliteRow>, DbError> {
    let head = format!("SELECT * FROM {table} WHERE case_id IN");
    let found = rows_of(conn, &head, ids).await?;
    found.into_iter().map(|r| Ok((r.text(key)?, r))).collect()
}

/// The cases with these ids (at most [`CHUNK`] at a time is best), by id; missing ids are left out.
/// The persons' protected fields are opened with the keyring of `keys`.
pub async fn load(
    conn: &mut SqliteConnection,
    keys: &KeyringSlot,
    ids: &[String],
) -> Result<HashMap<CaseId, Case>, DbError> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        load_chunk(conn, keys, chunk, &mut out).await?;
    }
    Ok(out)
}

async fn load_chunk(
    conn: &mut SqliteConnection,
    keys: &KeyringSlot,
    ids: &[String],
    out: &mut HashMap<CaseId, Case>,
) -> Result<(), DbError> {
    let heads = rows_of(conn, "SELECT * FROM cases WHERE id IN", ids).await?;
    if heads.is_empty() {
        return Ok(());
    }
    let mut persons = grouped(conn, "persons", ids).await?;
    // Without a keyring, a case with no sealed value still reads; the first sealed one is `Unavailable`.
    let keyring = keys.get().ok();
    let keyring = keyring.as_deref();
    let mut victims = keyed(conn, "victims", "person_id", ids).await?;
    let mut suspects = keyed(conn, "suspects", "person_id", ids).await?;
    let mut witnesses = keyed(conn, "witnesses", "person_id", ids).await?;
    let mut events = grouped(conn, "events", ids).await?;
    let mut referrals = grouped(conn, "referrals", ids).await?;
    let mut consents = grouped(conn, "consents", ids).await?;
    let mut plans = grouped(conn, "support_plans", ids).await?;
    let mut comments = grouped(conn, "comments", ids).await?;
    let mut links = grouped(conn, "case_links", ids).await?;
    let mut investigations = grouped(conn, "investigations", ids).await?;
    let mut transfers = grouped(conn, "docket_transfers", ids).await?;
    let mut prosecutions = grouped(conn, "prosecutions", ids).await?;
    let mut charges = grouped(conn, "charges", ids).await?;
    let mut hearings = grouped(conn, "hearings", ids).await?;
    let mut verdicts = grouped(conn, "verdicts", ids).await?;
    let mut sentences = grouped(conn, "sentences", ids).await?;
    let mut compensation = grouped(conn, "compensation_orders", ids).await?;

    for h in heads {
        let key = h.text("id")?;
        let mut case = case_head(&h, keyring)?;
        let take = |g: &mut Grouped| g.remove(&key).unwrap_or_default();
        for p in take(&mut persons) {
            let pid = p.text("id")?;
            let id = PersonId(p.uuid("id")?);
            let version = p.int("version")?;
            match p.text("role")?.as_str() {
                "victim" => {
                    let v = victims.remove(&pid).ok_or_else(|| bad("victims", "victim row is missing"))?;
                    case.victims.push(Victim {
                        id,
                        version,
                        person: person(&p, keyring)?,
                        context: context(&v, keyring)?,
                    });
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
        case.events = take(&mut events).iter().map(|r| event(r, keyring)).collect::<Result<_, _>>()?;
        case.referrals = take(&mut referrals).iter().map(|r| referral(r, keyring)).collect::<Result<_, _>>()?;
        case.consents = take(&mut consents).iter().map(|r| consent(r, keyring)).collect::<Result<_, _>>()?;
        case.support_plans = take(&mut plans).iter().map(|r| plan(r, keyring)).collect::<Result<_, _>>()?;
        case.comments = take(&mut comments).iter().map(|r| comment(r, keyring)).collect::<Result<_, _>>()?;
        case.links = take(&mut links)
            .iter()
            .map(|r| Ok(CaseLink { other: CaseId(r.uuid("other_case_id")?), kind: r.code("kind")? }))
            .collect::<Result<_, DbError>>()?;
        if let Some(r) = take(&mut investigations).first() {
            let mut inv = investigation(r, keyring)?;
            inv.docket_transfers =
                take(&mut transfers).iter().map(|r| transfer(r, keyring)).collect::<Result<_, _>>()?;
            case.investigation = Some(inv);
        }
        if let Some(r) = take(&mut prosecutions).first() {
            let mut p = prosecution(r, keyring)?;
            p.charges = take(&mut charges).iter().map(charge).collect::<Result<_, _>>()?;
            p.hearings = take(&mut hearings).iter().map(|r| hearing(r, keyring)).collect::<Result<_, _>>()?;
            p.verdicts = take(&mut verdicts).iter().map(verdict).collect::<Result<_, _>>()?;
            p.sentences = take(&mut sentences).iter().map(|r| sentence(r, keyring)).collect::<Result<_, _>>()?;
            p.compensation_orders = take(&mut compensation).iter().map(compensation_order).collect::<Result<_, _>>()?;
            case.prosecution = Some(p);
        }
        out.insert(case.id, case);
    }
    Ok(())
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
    r: &SqliteRow,
    keyring: Option<&Keyring>,
    table: &'static str,
    key: &'static str,
    column: &'static str,
) -> Result<Option<String>, DbError> {
    notes::open_note(keyring, table, column, r.uuid(key)?, r.opt_text(column)?)
}

/// A sealed map position of a row keyed by `id`, opened.
fn degrees(
    r: &SqliteRow,
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
) -> Result<Option<f64>, DbError> {
    notes::open_degrees(keyring, table, column, r.uuid("id")?, r.opt_text(column)?)
}

/// A sealed note that is never empty, of a row keyed by `id`.
pub(super) fn required_note(
    r: &SqliteRow,
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
) -> Result<String, DbError> {
    notes::open_required(keyring, table, column, r.uuid("id")?, r.text(column)?)
}

fn event(r: &SqliteRow, keyring: Option<&Keyring>) -> Result<TraffickingEvent, DbError> {
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

fn referral(r: &SqliteRow, keyring: Option<&Keyring>) -> Result<Referral, DbError> {
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

fn consent(r: &SqliteRow, keyring: Option<&Keyring>) -> Result<Consent, DbError> {
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

fn plan(r: &SqliteRow, keyring: Option<&Keyring>) -> Result<SupportPlan, DbError> {
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

fn comment(r: &SqliteRow, keyring: Option<&Keyring>) -> Result<Comment, DbError> {
    Ok(Comment {
        id: CommentId(r.uuid("id")?),
        author: r.text("author")?,
        at: r.timestamp("at")?,
        text: required_note(r, keyring, "comments", "text")?,
    })
}
