//! Who may do what, finding by finding: each test is a wrong act the registry used to allow (any writer
//! in scope recorded verdicts, accepted its own referrals, moved cases by PATCH, sent referrals in
//! another organisation's name) and now refuses, with the right act still allowed to the right people.

use axum::http::{Method, StatusCode};
use lekhotla_domain::{OrgId, OrgType};
use lekhotla_identity::Role;
use lekhotla_storage::{Action, AuditFilter};
use serde_json::{Value, json};

use crate::support::{App, Reply, victim};

/// A signed-in person of `role` at `org`, as a bearer header value.
async fn actor(app: &App, name: &str, role: Role, org: &str) -> String {
    let org: OrgId = org.parse().unwrap();
    let district = (role == Role::FocalPoint).then_some("LS-A");
    let (user, _) = app.user_at(name, &[role], org, district).await;
    format!("Bearer {}", app.token_of(&user).await)
}

async fn as_(app: &App, bearer: &str, method: Method, path: &str, body: Option<Value>, tag: Option<&str>) -> Reply {
    let mut headers = vec![("authorization", bearer)];
    if let Some(t) = tag {
        headers.push(("if-match", t));
    }
    app.call(method, path, body, &headers).await
}

/// A police case (registered by a police investigator) with a victim, and its path.
async fn police_case(app: &App, investigator: &str) -> (String, Reply) {
    let body = json!({"organisation": app.police(), "district": "LS-A", "detection_source": "Police",
                      "detected_on": "2026-09-01"});
    let case = as_(app, investigator, Method::POST, "/api/v1/cases", Some(body), None).await;
    assert_eq!(case.status, StatusCode::CREATED, "{}", case.text);
    let c = format!("/api/v1/cases/{}", case.id());
    let v = as_(
        app,
        investigator,
        Method::POST,
        &format!("{c}/victims"),
        Some(victim("Authority-Victim", "1995-01-01")),
        None,
    )
    .await;
    assert_eq!(v.status, StatusCode::CREATED, "{}", v.text);
    (c, v)
}

/// Police refer the case to the shelter; returns the referral.
async fn refer_to_shelter(app: &App, investigator: &str, c: &str) -> Reply {
    let body = json!({"from_org": app.police(), "to_org": app.shelter(), "service": "Shelter",
                      "reason": "AdditionalServicesRequired", "sent_on": "2026-09-02"});
    let r = as_(app, investigator, Method::POST, &format!("{c}/referrals"), Some(body), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r
}

#[tokio::test]
async fn a_shelter_worker_who_sees_a_police_case_cannot_record_justice_steps() {
    let app = App::new().await;
    let police = app.police();
    let investigator = actor(&app, "thabo.police", Role::Investigator, &police).await;
    let worker = actor(&app, "lineo.shelter", Role::CaseWorker, &app.shelter()).await;
    let prosecutor = actor(&app, "palesa.dpp", Role::Prosecutor, &police).await;
    let (c, _) = police_case(&app, &investigator).await;
    let suspect = as_(&app, &investigator, Method::POST, &format!("{c}/suspects"),
        Some(json!({"identity": {"kind": "business", "details": {"name": "Synthetic Agency", "kind": "RecruitmentAgency"}}})), None).await;
    as_(&app, &investigator, Method::POST, &format!("{c}/investigation"),
        Some(json!({"unit": "AntiTraffickingUnit", "organisation": police, "investigator": "thabo.police", "opened_on": "2026-09-03"})), None).await;
    let p = as_(&app, &prosecutor, Method::POST, &format!("{c}/prosecution"),
        Some(json!({"prosecutor": "palesa.dpp", "referred_on": "2026-09-10",
                    "charges": [{"accused": suspect.id(), "offence": "TraffickingInPersons", "filed_on": "2026-09-11"}]})), None).await;
    assert_eq!(p.status, StatusCode::CREATED, "{}", p.text);
    refer_to_shelter(&app, &investigator, &c).await;

    // The shelter sees the case through its referral, and may comment, but not act for the DPP or the court.
    assert_eq!(as_(&app, &worker, Method::GET, &c, None, None).await.status, StatusCode::OK);
    let tag = p.etag();
    let decision = json!({"dpp_decision": {"decision": "Prosecute", "on": "2026-09-12"}});
    let refused =
        as_(&app, &worker, Method::PATCH, &format!("{c}/prosecution"), Some(decision.clone()), Some(&tag)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    assert!(refused.text.contains("dpp-decision"), "the refusal names the act: {}", refused.text);
    let verdict = json!({"accused": suspect.id(), "outcome": "Conviction", "on": "2026-10-01"});
    let refused =
        as_(&app, &worker, Method::POST, &format!("{c}/prosecution/verdicts"), Some(verdict.clone()), Some(&tag)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    assert!(refused.text.contains("record-verdict"), "{}", refused.text);
    // An investigator may not either; the prosecutor may.
    let refused =
        as_(&app, &investigator, Method::PATCH, &format!("{c}/prosecution"), Some(decision.clone()), Some(&tag)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    let decided = as_(&app, &prosecutor, Method::PATCH, &format!("{c}/prosecution"), Some(decision), Some(&tag)).await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    let commented = as_(
        &app,
        &worker,
        Method::POST,
        &format!("{c}/comments"),
        Some(json!({"author": "lineo.shelter", "text": "Settled in"})),
        None,
    )
    .await;
    assert_eq!(commented.status, StatusCode::CREATED, "{}", commented.text);
}

#[tokio::test]
async fn only_the_receiving_organisation_answers_a_referral_and_access_ends_with_it() {
    let app = App::new().await;
    let investigator = actor(&app, "thabo.police", Role::Investigator, &app.police()).await;
    let worker = actor(&app, "lineo.shelter", Role::CaseWorker, &app.shelter()).await;
    let (c, _) = police_case(&app, &investigator).await;
    let r = refer_to_shelter(&app, &investigator, &c).await;
    let moves = format!("{c}/referrals/{}/actions", r.id());

    // The sender cannot accept its own referral.
    let own = as_(
        &app,
        &investigator,
        Method::POST,
        &moves,
        Some(json!({"action": "accept", "on": "2026-09-03"})),
        Some(&r.etag()),
    )
    .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.text);
    assert!(own.text.contains("accept-referral"), "{}", own.text);
    // The shelter declines it, and then either side may close it.
    let declined = as_(
        &app,
        &worker,
        Method::POST,
        &moves,
        Some(json!({"action": "decline", "on": "2026-09-03", "reason": "No bed free"})),
        Some(&r.etag()),
    )
    .await;
    assert_eq!(declined.status, StatusCode::OK, "{}", declined.text);
    // A declined referral is no longer active: the shelter has lost the case.
    assert_eq!(as_(&app, &worker, Method::GET, &c, None, None).await.status, StatusCode::NOT_FOUND);
    let closed = as_(
        &app,
        &investigator,
        Method::POST,
        &moves,
        Some(json!({"action": "close", "on": "2026-09-04"})),
        Some(&declined.etag()),
    )
    .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.text);
    assert_eq!(closed.json["state"], "Closed");
}

#[tokio::test]
async fn a_referral_is_sent_from_ones_own_organisation() {
    let app = App::new().await;
    let investigator = actor(&app, "thabo.police", Role::Investigator, &app.police()).await;
    let (c, _) = police_case(&app, &investigator).await;
    let body = json!({"from_org": app.shelter(), "to_org": app.police(), "service": "Investigation",
                      "reason": "AdditionalServicesRequired", "sent_on": "2026-09-02"});
    let r = as_(&app, &investigator, Method::POST, &format!("{c}/referrals"), Some(body), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json["error"]["fields"][0]["field"], "from_org");
}

#[tokio::test]
async fn a_case_changes_hands_only_by_a_transfer_with_a_reason() {
    let app = App::new().await;
    let police = app.police();
    let investigator = actor(&app, "thabo.police", Role::Investigator, &police).await;
    let worker = actor(&app, "lineo.shelter", Role::CaseWorker, &app.shelter()).await;
    let (c, _) = police_case(&app, &investigator).await;
    refer_to_shelter(&app, &investigator, &c).await;
    let case = as_(&app, &worker, Method::GET, &c, None, None).await;

    // The recipient of a referral cannot make the case its own by PATCH (nor can anyone: the field is gone).
    let grab =
        as_(&app, &worker, Method::PATCH, &c, Some(json!({"organisation": app.shelter()})), Some(&case.etag())).await;
    assert_eq!(grab.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", grab.text);
    let grab = as_(
        &app,
        &worker,
        Method::POST,
        &format!("{c}/transfer"),
        Some(json!({"to_org": app.shelter(), "reason": "We look after her now"})),
        Some(&case.etag()),
    )
    .await;
    assert_eq!(grab.status, StatusCode::FORBIDDEN, "{}", grab.text);

    // The owner transfers it, with a reason: audited as case.transfer, and the police lose it.
    let legal = app.org(|o| o.details.org_type == OrgType::LegalService);
    let blank = as_(
        &app,
        &investigator,
        Method::POST,
        &format!("{c}/transfer"),
        Some(json!({"to_org": legal, "reason": "  "})),
        Some(&case.etag()),
    )
    .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", blank.text);
    let moved = as_(
        &app,
        &investigator,
        Method::POST,
        &format!("{c}/transfer"),
        Some(json!({"to_org": legal, "reason": "Legal aid represents the victim from now on"})),
        Some(&case.etag()),
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(moved.json["organisation"], legal);
    assert_eq!(as_(&app, &investigator, Method::GET, &c, None, None).await.status, StatusCode::NOT_FOUND);
    let id: lekhotla_domain::CaseId = moved.id().parse().unwrap();
    let filter =
        AuditFilter { record: Some(format!("case/{id}")), action: Some(Action::CaseTransfer), ..Default::default() };
    let entries = app.store.search_audit(&filter, 10, 0).await.unwrap();
    assert_eq!(entries.len(), 1);
    let purpose = entries[0].purpose.clone().unwrap_or_default();
    assert!(
        purpose.contains("transfer-case") && purpose.contains("Legal aid represents") && purpose.contains(&legal),
        "{purpose}"
    );
}

#[tokio::test]
async fn the_case_read_and_the_session_say_what_the_actor_may_do() {
    let app = App::new().await;
    let investigator = actor(&app, "thabo.police", Role::Investigator, &app.police()).await;
    let worker = actor(&app, "lineo.shelter", Role::CaseWorker, &app.shelter()).await;
    let (c, _) = police_case(&app, &investigator).await;
    let r = refer_to_shelter(&app, &investigator, &c).await;
    let acts = |reply: &Reply| -> Vec<(String, Option<String>)> {
        reply.json["acts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["act"].as_str().unwrap().to_owned(), a["referral"].as_str().map(str::to_owned)))
            .collect()
    };
    let seen_by_shelter = acts(&as_(&app, &worker, Method::GET, &c, None, None).await);
    let rid = Some(r.id());
    assert!(seen_by_shelter.contains(&("accept-referral".into(), rid.clone())), "{seen_by_shelter:?}");
    assert!(!seen_by_shelter.contains(&("revoke-referral".into(), rid.clone())));
    assert!(
        !seen_by_shelter.iter().any(|(a, _)| a == "edit-case" || a == "record-verdict" || a == "open-investigation")
    );
    assert!(seen_by_shelter.contains(&("record-support-plan".into(), None)));
    let seen_by_police = acts(&as_(&app, &investigator, Method::GET, &c, None, None).await);
    assert!(seen_by_police.contains(&("revoke-referral".into(), rid.clone())), "{seen_by_police:?}");
    assert!(!seen_by_police.contains(&("accept-referral".into(), rid)));
    assert!(seen_by_police.contains(&("open-investigation".into(), None)));

    let session = as_(&app, &worker, Method::GET, "/api/v1/session", None, None).await;
    let accept = session.json["acts"].as_array().unwrap().iter().find(|a| a["act"] == "accept-referral").unwrap();
    assert_eq!(accept["rules"], json!(["receiver"]));
    assert!(!session.json["acts"].as_array().unwrap().iter().any(|a| a["act"] == "record-verdict"));
}

#[tokio::test]
async fn an_organisation_has_an_inbox_and_an_outbox_of_referrals() {
    let app = App::new().await;
    let investigator = actor(&app, "thabo.police", Role::Investigator, &app.police()).await;
    let worker = actor(&app, "lineo.shelter", Role::CaseWorker, &app.shelter()).await;
    let (c, _) = police_case(&app, &investigator).await;
    let r = refer_to_shelter(&app, &investigator, &c).await;
    let inbox = as_(&app, &worker, Method::GET, "/api/v1/referrals?direction=incoming&state=Sent", None, None).await;
    assert_eq!(inbox.status, StatusCode::OK, "{}", inbox.text);
    assert_eq!(inbox.json["total"], 1);
    assert_eq!(inbox.json["items"][0]["referral"], r.json["id"]);
    assert!(!inbox.text.contains("details"), "no notes in a list");
    let outbox = as_(&app, &investigator, Method::GET, "/api/v1/referrals?direction=outgoing", None, None).await;
    assert_eq!(outbox.json["total"], 1, "{}", outbox.text);
    let none = as_(&app, &investigator, Method::GET, "/api/v1/referrals?direction=incoming", None, None).await;
    assert_eq!(none.json["total"], 0);
    let accepted =
        as_(&app, &worker, Method::GET, "/api/v1/referrals?direction=incoming&state=Accepted", None, None).await;
    assert_eq!(accepted.json["total"], 0);
    let other = format!("/api/v1/referrals?direction=incoming&organisation={}", app.shelter());
    assert_eq!(as_(&app, &investigator, Method::GET, &other, None, None).await.status, StatusCode::FORBIDDEN);
    let bad = as_(&app, &worker, Method::GET, "/api/v1/referrals?direction=sideways", None, None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
}

#[tokio::test]
async fn a_shelters_location_is_shown_only_to_those_who_place_victims_there() {
    let app = App::new().await;
    let investigator = actor(&app, "thabo.police", Role::Investigator, &app.police()).await;
    let labour = app.org(|o| o.details.name.contains("Labour Inspectorate"));
    let inspector = actor(&app, "neo.labour", Role::LabourInspector, &labour).await;
    let worker = actor(&app, "lineo.shelter", Role::CaseWorker, &app.shelter()).await;
    let shelter = app.shelter();
    let find = |reply: &Reply| {
        reply.json["items"].as_array().unwrap().iter().find(|o| o["id"] == shelter.as_str()).cloned().unwrap()
    };

    let list = as_(&app, &inspector, Method::GET, "/api/v1/organisations", None, None).await;
    let seen = find(&list);
    assert_eq!(seen["location_withheld"], true, "{seen}");
    assert!(seen["district"].is_null() && seen["city"].is_null(), "{seen}");
    let one = as_(&app, &inspector, Method::GET, &format!("/api/v1/organisations/{shelter}"), None, None).await;
    assert!(one.json["district"].is_null(), "{}", one.text);
    // Other organisations keep their district for everyone.
    let police =
        list.json["items"].as_array().unwrap().iter().find(|o| o["id"] == app.police().as_str()).cloned().unwrap();
    assert!(police.get("location_withheld").is_none());
    // The shelter's own staff see it; the police see it once they place a victim there.
    assert!(!find(&as_(&app, &worker, Method::GET, "/api/v1/organisations", None, None).await)["district"].is_null());
    assert!(
        find(&as_(&app, &investigator, Method::GET, "/api/v1/organisations", None, None).await)["district"].is_null()
    );
    let (c, _) = police_case(&app, &investigator).await;
    refer_to_shelter(&app, &investigator, &c).await;
    assert!(
        !find(&as_(&app, &investigator, Method::GET, "/api/v1/organisations", None, None).await)["district"].is_null()
    );
}

#[tokio::test]
async fn the_coordinators_corrections_need_a_reason_and_are_audited_as_such() {
    let app = App::new().await;
    let investigator = actor(&app, "thabo.police", Role::Investigator, &app.police()).await;
    let coordinator = actor(&app, "mpho.msc", Role::NationalCoordinator, &app.police()).await;
    let (c, v) = police_case(&app, &investigator).await;
    let mut body = victim("Authority-Victim", "1995-01-01");
    body["context"]["trafficking_status"] = json!("NotAVictimOfTrafficking");
    let path = format!("{c}/victims/{}", v.id());
    let plain = as_(&app, &coordinator, Method::PATCH, &path, Some(body.clone()), Some(&v.etag())).await;
    assert_eq!(plain.status, StatusCode::FORBIDDEN, "{}", plain.text);
    assert!(plain.text.contains("lekhotla-correction"), "{}", plain.text);
    let tag = v.etag();
    let headers =
        [("authorization", coordinator.as_str()), ("if-match", tag.as_str()), (lekhotla_web::CORRECTION_HEADER, "ok")];
    let short = app.call(Method::PATCH, &path, Some(body.clone()), &headers).await;
    assert_eq!(short.status, StatusCode::FORBIDDEN, "a one-word reason is not a reason: {}", short.text);
    let headers = [
        ("authorization", coordinator.as_str()),
        ("if-match", tag.as_str()),
        (lekhotla_web::CORRECTION_HEADER, "the screening form was entered on the wrong person"),
    ];
    let corrected = app.call(Method::PATCH, &path, Some(body), &headers).await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.text);
    let id = c.rsplit('/').next().unwrap();
    let filter =
        AuditFilter { record: Some(format!("case/{id}")), action: Some(Action::CaseUpdate), ..Default::default() };
    let entries = app.store.search_audit(&filter, 50, 0).await.unwrap();
    let last = entries.iter().max_by_key(|e| e.seq).unwrap();
    assert_eq!(
        last.purpose.as_deref(),
        Some("correction (record-person, decide-status): the screening form was entered on the wrong person")
    );
}

#[tokio::test]
async fn a_child_is_referred_to_the_statutory_authority_whoever_else_offers_the_service() {
    let app = App::new().await;
    // An organisation registered with the child-protection service is not where children are sent.
    let ngo = app
        .created(
            "/api/v1/organisations",
            json!({"name": "Synthetic Children's Charity", "org_type": "NGO", "district": "LS-A",
                   "services": ["ChildProtection"], "country": "LS"}),
        )
        .await;
    let investigator = actor(&app, "thabo.police", Role::Investigator, &app.police()).await;
    let (c, _) = police_case(&app, &investigator).await;
    let child = as_(
        &app,
        &investigator,
        Method::POST,
        &format!("{c}/victims"),
        Some(victim("Authority-Child", "2014-02-02")),
        None,
    )
    .await;
    assert_eq!(child.status, StatusCode::CREATED, "{}", child.text);
    let case = as_(&app, &investigator, Method::GET, &c, None, None).await;
    let auto = case.json["referrals"].as_array().unwrap().iter().find(|r| r["automatic"] == true).cloned().unwrap();
    assert_ne!(auto["to_org"], ngo.json["id"]);
    let msd = app.org(|o| {
        o.details.name.contains("Social Development") && o.details.district.as_ref().map(|d| d.as_str()) == Some("LS-A")
    });
    assert_eq!(auto["to_org"], msd.as_str());
}

#[tokio::test]
async fn a_case_is_assigned_to_a_user_account_never_to_a_typed_name() {
    let app = App::new().await;
    let investigator = actor(&app, "thabo.police", Role::Investigator, &app.police()).await;
    let labour = app.org(|o| o.details.name.contains("Labour Inspectorate"));
    let org: OrgId = labour.parse().unwrap();
    let (inspector, _) = app.user_at("neo.labour", &[Role::LabourInspector], org, None).await;
    let inspector_bearer = format!("Bearer {}", app.token_of(&inspector).await);
    let (c, _) = police_case(&app, &investigator).await;
    let case = as_(&app, &investigator, Method::GET, &c, None, None).await;

    // Typing someone's username as the owner gives them nothing.
    let typed =
        as_(&app, &investigator, Method::PATCH, &c, Some(json!({"owner": "neo.labour"})), Some(&case.etag())).await;
    assert_eq!(typed.status, StatusCode::OK, "{}", typed.text);
    assert_eq!(as_(&app, &inspector_bearer, Method::GET, &c, None, None).await.status, StatusCode::NOT_FOUND);
    // An owner that is no account is refused.
    let ghost = json!({"owner_user": "01890000-0000-7000-8000-000000000000"});
    let refused = as_(&app, &investigator, Method::PATCH, &c, Some(ghost), Some(&typed.etag())).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert_eq!(refused.json["error"]["fields"][0]["field"], "owner_user");
    // Assigning the account does.
    let assigned =
        as_(&app, &investigator, Method::PATCH, &c, Some(json!({"owner_user": inspector.id.0})), Some(&typed.etag()))
            .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
    assert_eq!(as_(&app, &inspector_bearer, Method::GET, &c, None, None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_investigation_is_opened_by_ones_own_unit() {
    let app = App::new().await;
    let investigator = actor(&app, "thabo.police", Role::Investigator, &app.police()).await;
    let (c, _) = police_case(&app, &investigator).await;
    let cgpu = app.org(|o| o.details.name.starts_with("LMPS CGPU"));
    let body = |org: &str| {
        json!({"unit": "AntiTraffickingUnit", "organisation": org, "investigator": "thabo.police",
               "opened_on": "2026-09-03"})
    };
    let other = as_(&app, &investigator, Method::POST, &format!("{c}/investigation"), Some(body(&cgpu)), None).await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", other.text);
    assert_eq!(other.json["error"]["fields"][0]["field"], "organisation");
    let own =
        as_(&app, &investigator, Method::POST, &format!("{c}/investigation"), Some(body(&app.police())), None).await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text);
}
