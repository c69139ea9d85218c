//! The act matrix, generated from the act table: every role × every act × the actor's organisation's
//! relation to the case (it owns the case; it receives a referral of it; it is a third party), through
//! the API, on SQLite and on PostgreSQL. The expected answer is worked out from the table with this
//! file's own reading of each rule: allowed → 2xx, refused on a case the actor sees → 403, on a case it
//! does not see → 404. The national coordinator is tried twice: without and with a correction reason.

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use lekhotla_domain::{Case, CaseId, CaseStatus, CaseUpdate, OrgId, ReferralAction, ReferralId, ReferralState};
use lekhotla_identity::{Act, Role, Rule};
use lekhotla_storage::CaseDraft;
use serde_json::{Value, json};
use time::macros::{date, datetime};

use crate::support::{App, Backend, note, person, victim};

/// The district of every case here, and of the focal point: the focal point sees all of them.
const DISTRICT: &str = "LS-A";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Relation {
    /// The actor's organisation owns the case (and sent the referral, and investigates).
    Own,
    /// Another organisation owns the case and has an active referral of it to the actor's organisation.
    Recipient,
    /// Another organisation owns the case; the actor's organisation has nothing to do with it.
    Other,
}

const RELATIONS: [Relation; 3] = [Relation::Own, Relation::Recipient, Relation::Other];

/// The organisations: the actor's (A, the police unit), the case's when it is not A's (B, the shelter),
/// and a third (C, legal aid).
#[derive(Debug, Clone, Copy)]
struct Orgs {
    a: OrgId,
    b: OrgId,
    c: OrgId,
}

/// How far a fixture case has gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Open,
    Closed,
    Investigated,
    AtDpp,
    Prosecuting,
    Convicted,
}

/// What an act needs of the case before it.
fn stage_for(act: Act) -> Stage {
    match act {
        Act::ReopenCase => Stage::Closed,
        Act::UpdateInvestigation | Act::MoveDocket | Act::OpenProsecution => Stage::Investigated,
        Act::DppDecision | Act::UpdateProsecution => Stage::AtDpp,
        Act::IssueSummons | Act::Charge | Act::RecordHearing | Act::RecordVerdict => Stage::Prosecuting,
        Act::RecordSentence | Act::OrderCompensation => Stage::Convicted,
        _ => Stage::Open,
    }
}

/// The state the referral of the fixture must be in for `act`.
fn referral_state_for(act: Act) -> ReferralState {
    match act {
        Act::AcceptReferral | Act::DeclineReferral | Act::RevokeReferral => ReferralState::Sent,
        Act::CloseReferral => ReferralState::ServiceDelivered,
        _ => ReferralState::Accepted,
    }
}

/// A fixture case and the ids a request needs.
#[derive(Debug, Clone)]
struct Fixture {
    case: CaseId,
    version: i64,
    referral: ReferralId,
    referral_version: i64,
    victim: String,
    victim_version: i64,
    suspects: [String; 2],
    investigation_version: i64,
    prosecution_version: i64,
}

fn from<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

/// Builds a case of `relation` at the stage `act` needs, straight in the store (as a migration would).
async fn fixture(app: &App, orgs: Orgs, relation: Relation, act: Act) -> Fixture {
    let today = date!(2026 - 11 - 20);
    let owner = if relation == Relation::Own { orgs.a } else { orgs.b };
    let draft = CaseDraft {
        id: CaseId::new(),
        country: app.geography.country_code(),
        input: from(json!({"organisation": owner, "district": DISTRICT, "detection_source": "Police",
                           "detected_on": "2026-09-01"})),
        now: datetime!(2026-11-20 08:00 UTC),
        today,
    };
    let mut case: Case = app.store.create_case(draft, note()).await.unwrap();
    let v = case.add_victim(from(victim("Matrix-Victim", "1990-01-01")), today, None).unwrap();
    let suspect = |name: &str| json!({"identity": {"kind": "individual", "details": person(name, "1980-01-01")}});
    let s1 = case.add_suspect(from(suspect("Matrix-Suspect-One")), today).unwrap();
    let s2 = case.add_suspect(from(suspect("Matrix-Suspect-Two")), today).unwrap();
    // The referral: A → B (own), B → A (recipient), B → C (other), moved to the state the act needs.
    let (rfrom, rto, service) = match relation {
        Relation::Own => (orgs.a, orgs.b, "Shelter"),
        Relation::Recipient => (orgs.b, orgs.a, "Investigation"),
        Relation::Other => (orgs.b, orgs.c, "LegalAid"),
    };
    let referral_input = from(json!({"from_org": rfrom, "to_org": rto, "service": service,
        "reason": "AdditionalServicesRequired", "sent_on": "2026-09-02"}));
    let receiver = app.orgs.iter().find(|o| o.id == rto).unwrap();
    let rid = case.send_referral(referral_input, receiver, today).unwrap();
    let target = referral_state_for(act);
    let moves: &[ReferralAction] = match target {
        ReferralState::Sent => &[],
        ReferralState::Accepted => &[ReferralAction::Accept { on: date!(2026 - 09 - 03) }],
        _ => &[
            ReferralAction::Accept { on: date!(2026 - 09 - 03) },
            ReferralAction::Deliver { on: date!(2026 - 09 - 04), note: None },
        ],
    };
    for (i, m) in moves.iter().enumerate() {
        case.move_referral(rid, i as i64 + 1, m.clone(), today).unwrap();
    }
    let stage = stage_for(act);
    if stage == Stage::Closed {
        case.update(
            CaseUpdate {
                status: Some(CaseStatus::Closed),
                closure_reason: Some("Closed for the matrix".into()),
                ..Default::default()
            },
            today,
        )
        .unwrap();
    }
    if stage >= Stage::Investigated {
        case.open_investigation(
            from(json!({"unit": "AntiTraffickingUnit", "organisation": owner, "investigator": "matrix.investigator",
                        "opened_on": "2026-09-05"})),
            today,
        )
        .unwrap();
    }
    if stage >= Stage::AtDpp {
        let charges = json!([{"accused": s1, "offence": "TraffickingInPersons", "filed_on": "2026-09-11"},
                             {"accused": s2, "offence": "TraffickingInPersons", "filed_on": "2026-09-11"}]);
        case.open_prosecution(
            from(json!({"prosecutor": "matrix.prosecutor", "referred_on": "2026-09-10", "charges": charges})),
            today,
        )
        .unwrap();
    }
    if stage >= Stage::Prosecuting {
        case.update_prosecution(1, from(json!({"dpp_decision": {"decision": "Prosecute", "on": "2026-09-12"}})), today)
            .unwrap();
    }
    if stage >= Stage::Convicted {
        case.record_verdict(2, from(json!({"accused": s1, "outcome": "Conviction", "on": "2026-10-01"})), today)
            .unwrap();
    }
    let saved = app.store.save_case(&case, note()).await.unwrap();
    let referral = saved.referrals.iter().find(|r| r.id == rid).unwrap();
    Fixture {
        case: saved.id,
        version: saved.version,
        referral: rid,
        referral_version: referral.version,
        victim: v.to_string(),
        victim_version: saved.victims[0].version,
        suspects: [s1.to_string(), s2.to_string()],
        investigation_version: saved.investigation.as_ref().map_or(0, |i| i.version),
        prosecution_version: saved.prosecution.as_ref().map_or(0, |p| p.version),
    }
}

/// The request that performs `act` on the fixture: method, path, body, If-Match.
fn request(act: Act, f: &Fixture, orgs: Orgs, relation: Relation) -> (Method, String, Value, Option<i64>) {
    let c = format!("/api/v1/cases/{}", f.case);
    let r = format!("{c}/referrals/{}/actions", f.referral);
    let p = format!("{c}/prosecution");
    let owner = if relation == Relation::Own { orgs.a } else { orgs.b };
    let post = |path: String, body: Value| (Method::POST, path, body, None);
    match act {
        Act::RegisterCase => post(
            "/api/v1/cases".into(),
            json!({"organisation": owner, "district": DISTRICT, "detection_source": "Police", "detected_on": "2026-09-01"}),
        ),
        Act::EditCase => (Method::PATCH, c, json!({"summary": "Edited in the matrix"}), Some(f.version)),
        Act::CloseCase => {
            (Method::PATCH, c, json!({"status": "Closed", "closure_reason": "No offence found"}), Some(f.version))
        }
        Act::ReopenCase => (Method::PATCH, c, json!({"status": "Active"}), Some(f.version)),
        Act::TransferCase => (
            Method::POST,
            format!("{c}/transfer"),
            json!({"to_org": orgs.c, "reason": "Legal aid takes the case over"}),
            Some(f.version),
        ),
        Act::RecordPerson => post(
            format!("{c}/suspects"),
            json!({"identity": {"kind": "individual", "details": person("Matrix-Third", "1985-01-01")}}),
        ),
        Act::DecideStatus => {
            let mut body = victim("Matrix-Victim", "1990-01-01");
            body["context"]["trafficking_status"] = json!("NotAVictimOfTrafficking");
            (Method::PATCH, format!("{c}/victims/{}", f.victim), body, Some(f.victim_version))
        }
        Act::RecordEvent => {
            post(format!("{c}/events"), json!({"event_type": "Recruitment", "country": "LS", "district": DISTRICT}))
        }
        Act::SendReferral => post(
            format!("{c}/referrals"),
            json!({"from_org": orgs.a, "to_org": orgs.c, "service": "LegalAid",
                   "reason": "AdditionalServicesRequired", "sent_on": "2026-09-05"}),
        ),
        Act::AcceptReferral => {
            (Method::POST, r, json!({"action": "accept", "on": "2026-09-06"}), Some(f.referral_version))
        }
        Act::DeclineReferral => (
            Method::POST,
            r,
            json!({"action": "decline", "on": "2026-09-06", "reason": "No bed"}),
            Some(f.referral_version),
        ),
        Act::DeliverReferral => {
            (Method::POST, r, json!({"action": "deliver", "on": "2026-09-06"}), Some(f.referral_version))
        }
        Act::CloseReferralNotDelivered => (
            Method::POST,
            r,
            json!({"action": "close_not_delivered", "on": "2026-09-06", "reason": "The victim moved away"}),
            Some(f.referral_version),
        ),
        Act::RevokeReferral => (
            Method::POST,
            r,
            json!({"action": "revoke", "on": "2026-09-06", "reason": "Sent by mistake"}),
            Some(f.referral_version),
        ),
        Act::CloseReferral => {
            (Method::POST, r, json!({"action": "close", "on": "2026-09-06"}), Some(f.referral_version))
        }
        Act::RecordSupportPlan => post(
            format!("{c}/support-plans"),
            json!({"victim": f.victim, "plan_type": "Health", "objectives": "Matrix objectives", "started_on": "2026-09-05"}),
        ),
        Act::RecordConsent => post(
            format!("{c}/consents"),
            json!({"victim": f.victim, "purpose": "Statistics", "given": true, "recorded_on": "2026-09-03"}),
        ),
        Act::Comment => post(format!("{c}/comments"), json!({"author": "matrix", "text": "A matrix comment"})),
        Act::LinkCase => post(format!("{c}/links"), json!({"other": "OTHER", "kind": "Related"})),
        Act::OpenInvestigation => post(
            format!("{c}/investigation"),
            json!({"unit": "AntiTraffickingUnit", "organisation": orgs.a, "investigator": "matrix.investigator",
                   "opened_on": "2026-09-05"}),
        ),
        Act::UpdateInvestigation => (
            Method::PATCH,
            format!("{c}/investigation"),
            json!({"docket_number": "MX/1/2026"}),
            Some(f.investigation_version),
        ),
        Act::MoveDocket => (
            Method::POST,
            format!("{c}/investigation/docket-transfers"),
            json!({"to_custodian": "DPP registry", "on": "2026-09-08"}),
            Some(f.investigation_version),
        ),
        Act::OpenProsecution => post(p, json!({"prosecutor": "matrix.prosecutor", "referred_on": "2026-09-10"})),
        Act::DppDecision => (
            Method::PATCH,
            p,
            json!({"dpp_decision": {"decision": "Prosecute", "on": "2026-09-12"}}),
            Some(f.prosecution_version),
        ),
        Act::IssueSummons => {
            (Method::PATCH, p, json!({"summons_issued_on": "2026-09-15"}), Some(f.prosecution_version))
        }
        Act::UpdateProsecution => {
            (Method::PATCH, p, json!({"court_case_number": "CR 1/2026"}), Some(f.prosecution_version))
        }
        Act::Charge => (
            Method::POST,
            format!("{p}/charges"),
            json!({"accused": f.suspects[0], "offence": "TraffickingInPersons", "filed_on": "2026-09-20"}),
            Some(f.prosecution_version),
        ),
        Act::RecordHearing => (
            Method::POST,
            format!("{p}/hearings"),
            json!({"on": "2026-10-01", "kind": "Trial"}),
            Some(f.prosecution_version),
        ),
        Act::RecordVerdict => (
            Method::POST,
            format!("{p}/verdicts"),
            json!({"accused": f.suspects[1], "outcome": "Conviction", "on": "2026-10-02"}),
            Some(f.prosecution_version),
        ),
        Act::RecordSentence => (
            Method::POST,
            format!("{p}/sentences"),
            json!({"accused": f.suspects[0], "on": "2026-10-05", "imprisonment_months": 120}),
            Some(f.prosecution_version),
        ),
        Act::OrderCompensation => (
            Method::POST,
            format!("{p}/compensation-orders"),
            json!({"accused": f.suspects[0], "victim": f.victim, "amount_lsl": 10000, "on": "2026-10-05"}),
            Some(f.prosecution_version),
        ),
    }
}

/// Whether the actor sees a case of `relation` at all (its need-to-know scope).
fn sees(role: Role, relation: Relation) -> bool {
    match role {
        Role::NationalCoordinator | Role::FocalPoint => true,
        Role::DataAnalyst | Role::Auditor | Role::Admin => false,
        _ => relation != Relation::Other,
    }
}

/// This file's own reading of a rule for a relation (independent of the server's `authority`).
fn rule_holds(rule: Rule, relation: Relation, with_reason: bool) -> bool {
    match rule {
        Rule::InScope => true,
        Rule::OwnOrganisation | Rule::Sender | Rule::InvestigatingUnit => relation == Relation::Own,
        Rule::Working | Rule::SenderOrReceiver => relation != Relation::Other,
        Rule::Receiver => relation == Relation::Recipient,
        Rule::Correction => with_reason,
    }
}

/// What the answer must be: `Ok` for a 2xx, else the status.
fn expected(role: Role, act: Act, relation: Relation, with_reason: bool) -> Result<(), StatusCode> {
    // Recording a victim's status decision also records the person.
    let acts: &[Act] = if act == Act::DecideStatus { &[Act::RecordPerson, Act::DecideStatus] } else { &[act] };
    if acts.iter().any(|a| role.rule_for(*a).is_none()) {
        return Err(StatusCode::FORBIDDEN); // refused at the route, before any case is looked at
    }
    if act == Act::RegisterCase {
        let rule = role.rule_for(act).unwrap();
        return if rule == Rule::InScope || relation == Relation::Own {
            Ok(())
        } else {
            Err(StatusCode::UNPROCESSABLE_ENTITY)
        };
    }
    if !sees(role, relation) {
        return Err(StatusCode::NOT_FOUND);
    }
    if acts.iter().all(|a| rule_holds(role.rule_for(*a).unwrap(), relation, with_reason)) {
        Ok(())
    } else {
        Err(StatusCode::FORBIDDEN)
    }
}

/// Runs the whole matrix on `backend`; returns the number of requests checked.
pub async fn run(backend: Backend) -> usize {
    let app = App::on(backend, datetime!(2026-11-20 10:00 UTC)).await;
    let police: OrgId = app.police().parse().unwrap();
    let shelter: OrgId = app.shelter().parse().unwrap();
    let legal = app.orgs.iter().find(|o| o.details.org_type == lekhotla_domain::OrgType::LegalService).unwrap().id;
    let orgs = Orgs { a: police, b: shelter, c: legal };
    // One user of every role in organisation A, with a token of every scope (the roles limit it).
    let mut tokens = BTreeMap::new();
    for role in Role::ALL {
        let district = (role == Role::FocalPoint).then_some(DISTRICT);
        let (user, _) = app.user_at(&format!("matrix-{}", role.as_str()), &[role], police, district).await;
        tokens.insert(role, format!("Bearer {}", app.token_of(&user).await));
    }
    // A case every actor of A sees, for links.
    let link_target = fixture(&app, orgs, Relation::Own, Act::Comment).await.case.to_string();
    let actors: Vec<(Role, bool)> =
        Role::ALL.into_iter().map(|r| (r, false)).chain([(Role::NationalCoordinator, true)]).collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for act in Act::ALL {
        for relation in RELATIONS {
            // A refusal changes nothing, so refused requests share one fixture; each allowed one gets its own.
            let mut shared = fixture(&app, orgs, relation, act).await;
            for (role, with_reason) in &actors {
                let want = expected(*role, act, relation, *with_reason);
                if want.is_ok() {
                    shared = fixture(&app, orgs, relation, act).await;
                }
                let (method, path, mut body, if_match) = request(act, &shared, orgs, relation);
                if act == Act::LinkCase {
                    body["other"] = json!(link_target);
                }
                let tag = if_match.map(|v| format!("\"{v}\""));
                let mut headers = vec![("authorization", tokens[role].as_str())];
                if let Some(t) = &tag {
                    headers.push(("if-match", t.as_str()));
                }
                if *with_reason {
                    headers.push((lekhotla_web::CORRECTION_HEADER, "correcting the record in the matrix"));
                }
                let got = app.call(method.clone(), &path, Some(body), &headers).await;
                checked += 1;
                let ok = match want {
                    Ok(()) => got.status.is_success(),
                    Err(status) => got.status == status,
                };
                if !ok {
                    failures.push(format!(
                        "{} (reason: {with_reason}) {act} on {relation:?}: want {want:?}, got {} {}",
                        role.as_str(),
                        got.status,
                        got.text.chars().take(200).collect::<String>()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} answers differ from the act table:\n{}",
        failures.len(),
        failures.join("\n")
    );
    checked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_every_act_every_relation_on_sqlite() {
    let checked = run(Backend::Sqlite).await;
    assert_eq!(checked, Act::ALL.len() * RELATIONS.len() * (Role::ALL.len() + 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_every_act_every_relation_on_postgres() {
    let Some(backend) = Backend::postgres() else { return eprintln!("skipped: LEKHOTLA_TEST_PG_URL is not set") };
    let checked = run(backend).await;
    assert_eq!(checked, Act::ALL.len() * RELATIONS.len() * (Role::ALL.len() + 1));
}
