//! Need-to-know through the API: each role sees the cases of its organisation, of an active
//! referral to it, assigned to it, or of its hub's districts (focal points); others get 404, the
//! same answer as for a case that does not exist; aggregate-only roles get no rows at all.

use axum::http::{Method, StatusCode};
use lekhotla_domain::OrgId;
use lekhotla_identity::{Permission, Role};
use serde_json::json;

use crate::support::App;

fn org(id: &str) -> OrgId {
    OrgId(id.parse().unwrap())
}

async fn sees(app: &App, token: &str, case: &str) -> StatusCode {
    app.call(Method::GET, &format!("/api/v1/cases/{case}"), None, &[("authorization", &format!("Bearer {token}"))])
        .await
        .status
}

async fn listed(app: &App, token: &str) -> Vec<String> {
    let r =
        app.call(Method::GET, "/api/v1/cases?limit=500", None, &[("authorization", &format!("Bearer {token}"))]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
}

/// An integration token of `user` limited to `scopes` (no `read-sealed` unless given).
pub(crate) async fn limited_token(
    app: &App,
    user: lekhotla_storage::UserId,
    name: &str,
    scopes: Vec<Permission>,
) -> String {
    let (token, hash) = lekhotla_identity::ApiToken::generate().unwrap();
    let record = lekhotla_storage::ApiTokenRecord {
        id: uuid::Uuid::now_v7(),
        token_hash: hash,
        user,
        name: name.into(),
        scopes,
        created_at: time::macros::datetime!(2026-11-01 08:00 UTC),
        expires_at: time::macros::datetime!(2027-01-30 08:00 UTC),
        revoked_at: None,
        last_used_at: None,
    };
    app.store.create_api_token(&record, crate::support::note()).await.unwrap();
    format!("Bearer {}", token.as_str())
}

/// The audit trail's sealed reads of case `kase` by `user`, as an auditor searches them.
pub(crate) async fn sealed_reads(app: &App, kase: &str, user: lekhotla_storage::UserId) -> crate::support::Reply {
    let auditor = app.token_for(&format!("auditor.{}", &kase[..8]), &[Role::Auditor]).await;
    let path = format!("/api/v1/audit?action=sealed.read&record=case/{kase}&actor=user/{user}");
    app.call(Method::GET, &path, None, &[("authorization", &format!("Bearer {auditor}"))]).await
}

#[tokio::test]
async fn each_role_sees_only_the_cases_it_needs() {
    let app = App::new().await;
    let police_case = app.new_case().await.id(); // police, Leribe (LS-C)
    let shelter_case = app
        .created(
            "/api/v1/cases",
            json!({"organisation": app.shelter(), "district": "LS-J", "detection_source": "NGO", "detected_on": "2026-09-01"}),
        )
        .await
        .id();

    let (investigator, _) = app.user("mpho.investigator", &[Role::Investigator]).await;
    let investigator = app.token_of(&investigator).await;
    assert_eq!(listed(&app, &investigator).await, std::slice::from_ref(&police_case));
    assert_eq!(sees(&app, &investigator, &police_case).await, StatusCode::OK);
    assert_eq!(sees(&app, &investigator, &shelter_case).await, StatusCode::NOT_FOUND, "as if it did not exist");
    let foreign = json!({"organisation": app.shelter(), "district": "LS-C", "detection_source": "Police", "detected_on": "2026-09-02"});
    let r = app
        .call(Method::POST, "/api/v1/cases", Some(foreign), &[("authorization", &format!("Bearer {investigator}"))])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "cases are registered for one's own organisation");

    let (worker, _) = app.user_at("lerato.worker", &[Role::CaseWorker], org(&app.shelter()), None).await;
    let worker = app.token_of(&worker).await;
    assert_eq!(sees(&app, &worker, &police_case).await, StatusCode::NOT_FOUND);
    // A referral to the shelter opens the case to it while the referral is active.
    let c = format!("/api/v1/cases/{police_case}");
    let referral = app
        .created(
            &format!("{c}/referrals"),
            json!({"from_org": app.police(), "to_org": app.shelter(), "service": "Shelter",
                   "reason": "AdditionalServicesRequired", "sent_on": "2026-09-02"}),
        )
        .await;
    assert_eq!(sees(&app, &worker, &police_case).await, StatusCode::OK);
    assert!(listed(&app, &worker).await.contains(&police_case));
    let declined = app
        .call(
            Method::POST,
            &format!("{c}/referrals/{}/actions", referral.id()),
            Some(json!({"action": "decline", "on": "2026-09-03", "reason": "No bed free"})),
            &[("if-match", &referral.etag())],
        )
        .await;
    assert_eq!(declined.status, StatusCode::OK, "{}", declined.text);
    assert_eq!(sees(&app, &worker, &police_case).await, StatusCode::NOT_FOUND, "a declined referral closes it again");

    // A focal point in Botha-Bothe sees Mokhotlong (the same hub office) but not Leribe.
    let (focal, _) = app
        .user_at(
            "limpho.focal",
            &[Role::FocalPoint],
            org(&app.org(|o| o.details.org_type == lekhotla_domain::OrgType::CentralGovernmentOrganisation)),
            Some("LS-B"),
        )
        .await;
    let focal = app.token_of(&focal).await;
    assert_eq!(sees(&app, &focal, &shelter_case).await, StatusCode::OK);
    assert_eq!(sees(&app, &focal, &police_case).await, StatusCode::NOT_FOUND);

    // Aggregate-only: no rows at all, and the dashboard gives figures only.
    let analyst = app.token_for("thandi.analyst", &[Role::DataAnalyst]).await;
    let r = app.call(Method::GET, "/api/v1/cases", None, &[("authorization", &format!("Bearer {analyst}"))]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let home = app.call(Method::GET, "/dashboard", None, &[("authorization", &format!("Bearer {analyst}"))]).await;
    assert!(home.text.contains("<h1>The registry in figures</h1>") && !home.text.contains("LS-20"), "{}", home.text);
}

#[tokio::test]
async fn sealed_fields_are_revealed_with_an_audit_entry_or_blanked() {
    let app = App::new().await;
    let kase = app.new_case().await.id();
    let c = format!("/api/v1/cases/{kase}");
    app.created(&format!("{c}/victims"), crate::support::victim("Canary-Naledi", "1995-03-03")).await;

    let (investigator, _) = app.user("mpho.investigator", &[Role::Investigator]).await;
    let token = app.token_of(&investigator).await;
    let bearer = format!("Bearer {token}");
    let read = app.call(Method::GET, &c, None, &[("authorization", &bearer)]).await;
    assert_eq!(read.json["victims"][0]["person"]["first_name"], "Canary-Naledi");
    let trail = sealed_reads(&app, &kase, investigator.id).await;
    let entry = &trail.json["items"][0];
    assert!(
        entry["fields"].as_array().unwrap().iter().any(|f| f.as_str().unwrap().ends_with(".first_name")),
        "{}",
        trail.text
    );

    // An integration token without `read-sealed` gets the case with the sealed fields blanked.
    let bearer = limited_token(&app, investigator.id, "statistics bridge", vec![Permission::ReadCases]).await;
    let blank = app.call(Method::GET, &c, None, &[("authorization", &bearer)]).await;
    assert_eq!(blank.status, StatusCode::OK);
    assert_eq!(blank.json["victims"][0]["person"]["first_name"], "[sealed]");
    assert!(!blank.text.contains("Canary-Naledi") && !blank.text.contains("1995-03-03"), "{}", blank.text);
    for sealed in ["+26658000001", "+26622000991", "CANARY-POSTAL-1", "-29.3111111", "27.4811111"] {
        assert!(!blank.text.contains(sealed), "{sealed} must be blanked: {}", blank.text);
        assert!(read.text.contains(sealed), "{sealed} is revealed to the investigator: {}", read.text);
    }
    assert_eq!(blank.json["victims"][0]["person"]["education"], "PrimaryEducation", "not sealed");
    let fields = entry["fields"].as_array().unwrap();
    for field in ["home_phone", "postal_code", "latitude", "longitude"] {
        assert!(fields.iter().any(|f| f.as_str().unwrap().ends_with(&format!(".{field}"))), "{field}: {}", trail.text);
    }
}

#[tokio::test]
async fn break_glass_opens_a_case_for_reading_with_a_reason_and_the_coordinator_sees_it() {
    let app = App::new().await;
    let kase = app.new_case().await.id();
    let c = format!("/api/v1/cases/{kase}");
    app.created(&format!("{c}/victims"), crate::support::victim("Canary-Lineo", "1996-04-04")).await;
    let (worker, _) = app.user_at("lerato.worker", &[Role::CaseWorker], org(&app.shelter()), None).await;
    let bearer = format!("Bearer {}", app.token_of(&worker).await);
    let as_worker = |m: Method, path: String, body: Option<serde_json::Value>| {
        let bearer = bearer.clone();
        let app = &app;
        async move { app.call(m, &path, body, &[("authorization", &bearer)]).await }
    };
    assert_eq!(as_worker(Method::GET, c.clone(), None).await.status, StatusCode::NOT_FOUND);
    let short = as_worker(Method::POST, format!("{c}/break-glass"), Some(json!({"reason": "urgent"}))).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reason = "victim arrived at our shelter at night, injured";
    let grant = as_worker(Method::POST, format!("{c}/break-glass"), Some(json!({"reason": reason}))).await;
    assert_eq!(grant.status, StatusCode::CREATED, "{}", grant.text);
    let read = as_worker(Method::GET, c.clone(), None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json["victims"][0]["person"]["first_name"], "Canary-Lineo");
    let etag = read.etag();
    let headers = [("authorization", bearer.as_str()), ("if-match", etag.as_str())];
    let change = app.call(Method::PATCH, &c, Some(json!({"summary": "x"})), &headers).await;
    assert_eq!(change.status, StatusCode::NOT_FOUND, "break-glass opens for reading only");
    let later = app.router_at(time::macros::datetime!(2026-11-20 11:01 UTC));
    let expired =
        crate::support::send(later, crate::support::request(Method::GET, &c, None, &[("authorization", &bearer)]))
            .await;
    assert_eq!(expired.status, StatusCode::NOT_FOUND, "the grant lasts an hour");

    let review = app.get("/api/v1/break-glass").await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.text);
    assert_eq!(review.json["items"][0]["reason"], reason);
    assert_eq!(review.json["items"][0]["user"], format!("user/{}", worker.id));
    let in_scope = app.post(&format!("{c}/break-glass"), json!({"reason": reason})).await;
    assert_eq!(in_scope.status, StatusCode::CONFLICT, "the coordinator needs no break-glass");
}

/// Penetration test, high: a token scoped `read-cases,break-glass` (no `read-sealed`) read names, identity
/// numbers and notes of any case it broke the glass on. The grant opens the case for reading; sealed fields
/// still need `read-sealed`.
#[tokio::test]
async fn break_glass_never_stands_in_for_read_sealed() {
    let app = App::new().await;
    let kase = app.new_case().await.id();
    let c = format!("/api/v1/cases/{kase}");
    app.created(&format!("{c}/victims"), crate::support::victim("Canary-Narrow", "1996-04-04")).await;
    let (worker, _) = app.user_at("narrow.worker", &[Role::CaseWorker], org(&app.shelter()), None).await;
    let bearer = limited_token(&app, worker.id, "narrow", vec![Permission::ReadCases, Permission::BreakGlass]).await;
    let reason = json!({"reason": "victim arrived at our shelter at night, injured"});
    let grant = app.call(Method::POST, &format!("{c}/break-glass"), Some(reason), &[("authorization", &bearer)]).await;
    assert_eq!(grant.status, StatusCode::CREATED, "{}", grant.text);
    let read = app.call(Method::GET, &c, None, &[("authorization", &bearer)]).await;
    assert_eq!(read.status, StatusCode::OK, "the grant opens the case");
    assert_eq!(read.json["victims"][0]["person"]["first_name"], "[sealed]", "{}", read.text);
    assert_eq!(read.headers["x-lekhotla-sealed"], "not-allowed");
    assert!(!read.text.contains("Canary-Narrow"));
}

/// A write answers with the case by the rule of a read: a token that may write but not read sealed
/// fields gets them blanked back, and a person or a note sent back with the blanked placeholder keeps the
/// stored value instead of overwriting it (`merge_patch::a_blanked_read_written_back_keeps_every_sealed_field`).
#[tokio::test]
async fn writing_never_shows_or_overwrites_sealed_fields() {
    let app = App::new().await;
    let kase = app.new_case().await.id();
    let c = format!("/api/v1/cases/{kase}");
    let victim = app.created(&format!("{c}/victims"), crate::support::victim("Canary-Palesa", "1997-05-05")).await;
    let (investigator, _) = app.user("tumelo.investigator", &[Role::Investigator]).await;
    let bearer =
        limited_token(&app, investigator.id, "docket bridge", vec![Permission::ReadCases, Permission::WriteCases])
            .await;

    let read = app.call(Method::GET, &c, None, &[("authorization", &bearer)]).await;
    let changed = app
        .call(
            Method::PATCH,
            &c,
            Some(json!({"owner": "tumelo.investigator", "summary": "Canary-Note: met at the Ha Mosa shelter"})),
            &[("authorization", &bearer), ("if-match", &read.etag())],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.headers["x-lekhotla-sealed"], "not-allowed");
    assert_eq!(changed.json["owner"], "tumelo.investigator");
    assert_eq!(changed.json["victims"][0]["person"]["first_name"], "[sealed]");
    assert_eq!(changed.json["summary"], "[sealed]", "notes are sealed like names");
    assert!(!changed.text.contains("Canary-") && !changed.text.contains("1997-05-05"), "{}", changed.text);

    // Moving a referral answers with the referral: the notes others wrote on it are blanked too.
    app.created(
        &format!("{c}/consents"),
        json!({"victim": victim.id(), "purpose": "Services", "given": true, "recorded_on": "2026-09-02"}),
    )
    .await;
    let referral = app
        .created(
            &format!("{c}/referrals"),
            json!({"victim": victim.id(), "from_org": app.police(), "to_org": app.shelter(), "service": "Shelter",
                   "reason": "AdditionalServicesRequired", "details": "Canary-Referral: bed 4, back gate",
                   "sent_on": "2026-09-02"}),
        )
        .await;
    // The shelter accepts it (a referral is answered by the organisation it was sent to).
    let shelter: lekhotla_domain::OrgId = app.shelter().parse().unwrap();
    let (worker, _) = app.user_at("lineo.shelter", &[Role::CaseWorker], shelter, None).await;
    let worker_bearer =
        limited_token(&app, worker.id, "shelter bridge", vec![Permission::ReadCases, Permission::WriteCases]).await;
    let accepted = app
        .call(
            Method::POST,
            &format!("{c}/referrals/{}/actions", referral.id()),
            Some(json!({"action": "accept", "on": "2026-09-03"})),
            &[("authorization", &worker_bearer), ("if-match", &referral.etag())],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    assert_eq!(accepted.json["state"], "Accepted");
    assert_eq!(accepted.json["details"], "[sealed]", "{}", accepted.text);
    assert_eq!(accepted.headers["x-lekhotla-sealed"], "not-allowed");
    // The reason a referral ends is a note too.
    let ended = app
        .call(
            Method::POST,
            &format!("{c}/referrals/{}/actions", referral.id()),
            Some(
                json!({"action": "close_not_delivered", "on": "2026-09-04", "reason": "Canary-End: left for Ha Mosa"}),
            ),
            &[("authorization", &worker_bearer), ("if-match", &accepted.etag())],
        )
        .await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.text);
    assert_eq!(ended.json["end_reason"], "[sealed]", "{}", ended.text);
    let changed = app.call(Method::GET, &c, None, &[("authorization", &bearer)]).await;
    assert_eq!(changed.json["referrals"][0]["end_reason"], "[sealed]", "{}", changed.text);

    // The blanked victim, sent back as read, changes nothing: the placeholder keeps the stored values.
    let mut back = crate::support::victim("[sealed]", "1997-05-05");
    back["person"] = changed.json["victims"][0]["person"].clone();
    let path = format!("{c}/victims/{}", victim.id());
    let kept =
        app.call(Method::PATCH, &path, Some(back), &[("authorization", &bearer), ("if-match", &victim.etag())]).await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.text);
    assert_eq!(kept.json["person"]["first_name"], "[sealed]", "{}", kept.text);
    assert!(!kept.text.contains("Canary-"), "{}", kept.text);
    let stored = app.store.get_case(kase.parse().unwrap()).await.unwrap().unwrap();
    assert_eq!(stored.victims[0].person.first_name, "Canary-Palesa");
    assert_eq!(stored.summary.as_deref(), Some("Canary-Note: met at the Ha Mosa shelter"));

    // The summary sent back as read keeps it too; a reader who may see sealed fields gets it, audited.
    let again = app
        .call(
            Method::PATCH,
            &c,
            Some(json!({"summary": "[sealed]"})),
            &[("authorization", &bearer), ("if-match", &changed.etag())],
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(again.etag(), changed.etag(), "nothing changed");
    let full_token = app.token_of(&investigator).await;
    let read = app.call(Method::GET, &c, None, &[("authorization", &format!("Bearer {full_token}"))]).await;
    assert_eq!(read.json["summary"], "Canary-Note: met at the Ha Mosa shelter");
    let trail = sealed_reads(&app, &kase, investigator.id).await;
    assert!(trail.text.contains(&format!("case/{kase}.summary")), "{}", trail.text);
}
