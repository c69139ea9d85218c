//! The server keeps the API description's promises (issue 13, found by schemathesis): every creation's
//! `Location` answers a GET for the same caller, `If-Match` is read one way everywhere, an integer written
//! `2.0` is the integer 2, a query parameter a route does not take is refused on every route, and signing
//! out with an API token says the token goes on working.

use axum::http::{Method, StatusCode};
use lekhotla_identity::{Permission, Role};
use serde_json::json;

use crate::support::{App, person, victim};

/// GETs `reply`'s `Location` as the same caller and checks it answers the record created, with its ETag.
async fn fetch_location(app: &App, reply: &crate::support::Reply) {
    let location = reply.headers.get("location").and_then(|v| v.to_str().ok()).expect("a 201 names its record");
    let read = app.get(location).await;
    assert_eq!(read.status, StatusCode::OK, "{location}: {}", read.text);
    if reply.json["id"].is_string() {
        assert!(read.text.contains(reply.json["id"].as_str().unwrap()), "{location} is not the record: {}", read.text);
    }
    assert_eq!(read.etag(), reply.etag(), "{location}: the ETag read is the one the creation gave");
}

#[tokio::test]
async fn every_location_of_a_creation_answers_a_get() {
    let app = App::new().await;
    let kase = app.new_case().await;
    fetch_location(&app, &kase).await;
    let c = format!("/api/v1/cases/{}", kase.id());
    let v = app.created(&format!("{c}/victims"), victim("Lineo-Contract", "1999-01-01")).await;
    let suspect = json!({"identity": {"kind": "business", "details": {"name": "Synthetic Recruiters (Pty) Ltd",
        "kind": "RecruitmentAgency"}}, "roles": ["RecruiterOrIntermediary"]});
    let s = app.created(&format!("{c}/suspects"), suspect).await;
    let witness = json!({"person": person("Nthabiseng-Contract", "1990-02-02"), "statement_taken_on": "2026-09-05"});
    let w = app.created(&format!("{c}/witnesses"), witness).await;
    let event = json!({"event_type": "Recruitment", "country": "LS", "district": "LS-C", "victim": v.id()});
    let e = app.created(&format!("{c}/events"), event).await;
    let consent = json!({"victim": v.id(), "purpose": "Services", "given": true, "recorded_on": "2026-09-02"});
    let k = app.created(&format!("{c}/consents"), consent).await;
    let referral = json!({"victim": v.id(), "from_org": app.police(), "to_org": app.shelter(), "service": "Shelter",
        "reason": "AdditionalServicesRequired", "sent_on": "2026-09-02"});
    let r = app.created(&format!("{c}/referrals"), referral).await;
    let plan = json!({"victim": v.id(), "plan_type": "Health", "objectives": "Contract objectives",
        "started_on": "2026-09-05"});
    let p = app.created(&format!("{c}/support-plans"), plan).await;
    let comment = app.created(&format!("{c}/comments"), json!({"author": "Focal point", "text": "Seen."})).await;
    let investigation = json!({"unit": "AntiTraffickingUnit", "organisation": app.police(), "investigator": "Sgt. Test",
        "opened_on": "2026-09-03", "docket_number": "T/CR/1/2026"});
    let i = app.created(&format!("{c}/investigation"), investigation).await;
    let prosecution = json!({"prosecutor": "Adv. Test", "referred_on": "2026-09-20",
        "charges": [{"accused": s.id(), "offence": "TraffickingInPersons", "filed_on": "2026-09-21"}]});
    let pr = app.created(&format!("{c}/prosecution"), prosecution).await;
    for reply in [&v, &s, &w, &e, &k, &r, &p, &comment, &i, &pr] {
        fetch_location(&app, reply).await;
    }
    // A record of another case, or none, is not found.
    let other = app.new_case().await;
    let elsewhere = app.get(&format!("/api/v1/cases/{}/victims/{}", other.id(), v.id())).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND, "{}", elsewhere.text);
    let none = app.get(&format!("/api/v1/cases/{}/investigation", other.id())).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "{}", none.text);
}

/// A token of an investigator of the case's organisation that may read cases, not sealed fields.
async fn narrow_token(app: &App) -> String {
    let (user, _) = app.user("nthati.contract", &[Role::Investigator]).await;
    let (token, hash) = lekhotla_identity::ApiToken::generate().unwrap();
    let record = lekhotla_storage::ApiTokenRecord {
        id: uuid::Uuid::now_v7(),
        token_hash: hash,
        user: user.id,
        name: "contract".into(),
        scopes: vec![Permission::ReadCases],
        created_at: time::macros::datetime!(2026-11-01 08:00 UTC),
        expires_at: time::macros::datetime!(2027-01-30 08:00 UTC),
        last_used_at: None,
        revoked_at: None,
    };
    app.store.create_api_token(&record, crate::support::note()).await.unwrap();
    format!("Bearer {}", token.as_str())
}

#[tokio::test]
async fn a_record_read_alone_is_blanked_as_the_case_is() {
    let app = App::new().await;
    let c = format!("/api/v1/cases/{}", app.new_case().await.id());
    let v = app.created(&format!("{c}/victims"), victim("Canary-Contract", "1999-01-01")).await;
    let path = format!("{c}/victims/{}", v.id());
    let bearer = narrow_token(&app).await;
    let read = app.call(Method::GET, &path, None, &[("authorization", &bearer)]).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    assert_eq!(read.headers["x-lekhotla-sealed"], "not-allowed");
    assert_eq!(read.json["person"]["first_name"], "[sealed]", "{}", read.text);
    assert!(!read.text.contains("Canary-Contract"), "{}", read.text);
    let full = app.get(&path).await;
    assert_eq!(full.headers["x-lekhotla-sealed"], "revealed");
    assert_eq!(full.json["person"]["first_name"], "Canary-Contract");
}

#[tokio::test]
async fn if_match_takes_exactly_one_strong_etag() {
    let app = App::new().await;
    let kase = app.new_case().await;
    let c = format!("/api/v1/cases/{}", kase.id());
    let tag = kase.etag();
    let change = |value: String| {
        let app = &app;
        let c = c.clone();
        async move { app.call(Method::PATCH, &c, Some(json!({"summary": "Changed."})), &[("if-match", &value)]).await }
    };
    assert_eq!(change(format!("W/{tag}")).await.status, StatusCode::PRECONDITION_FAILED, "weak never matches");
    assert_eq!(change("*".into()).await.status, StatusCode::PRECONDITION_REQUIRED, "* names no version");
    let bare = tag.trim_matches('"').to_owned();
    assert_eq!(change(bare).await.status, StatusCode::BAD_REQUEST, "an ETag is quoted");
    assert_eq!(change(format!("{tag}, \"9\"")).await.status, StatusCode::BAD_REQUEST, "one ETag, not a list");
    // An empty value is an empty list of ETags (RFC 9110, 5.6.1): as if none were sent.
    assert_eq!(change(String::new()).await.status, StatusCode::PRECONDITION_REQUIRED, "empty is absent");
    assert_eq!(change("  ".into()).await.status, StatusCode::PRECONDITION_REQUIRED, "blank is absent");
    assert_eq!(app.get(&c).await.etag(), tag, "none of them changed the case");
    assert_eq!(change(tag).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_integer_written_with_a_fraction_is_taken() {
    let app = App::new().await;
    let c = format!("/api/v1/cases/{}", app.new_case().await.id());
    let mut body = victim("Lineo-Contract", "1999-01-01");
    body["person"]["estimated_age"] = json!(24.0);
    let v = app.created(&format!("{c}/victims"), body).await;
    assert_eq!(v.json["person"]["estimated_age"], 24, "{}", v.text);
    let mut half = victim("Lineo-Contract", "1999-01-01");
    half["person"]["estimated_age"] = json!(24.5);
    let refused = app.post(&format!("{c}/victims"), half).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
}

#[tokio::test]
async fn a_query_parameter_a_route_does_not_take_is_refused_everywhere() {
    let app = App::new().await;
    for path in ["/api/v1/cases?distrct=LS-A", "/api/v1/organisations?colour=blue", "/api/v1/geography?x=1"] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.text);
        assert!(r.text.contains("unknown query parameter"), "{path}: {}", r.text);
    }
    assert_eq!(app.get("/api/v1/cases?district=LS-A&limit=5").await.status, StatusCode::OK);
    // Without a credential the answer is still 401: nothing is said about the route first.
    let anonymous = app.anonymous(Method::GET, "/api/v1/organisations?colour=blue", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signing_out_with_an_api_token_says_it_goes_on_working() {
    let app = App::new().await;
    let out = app.call(Method::DELETE, "/api/v1/session", None, &[]).await;
    assert_eq!(out.status, StatusCode::CONFLICT, "{}", out.text);
    assert!(out.text.contains("/tokens/"), "names where tokens are revoked: {}", out.text);
    assert_eq!(app.get("/api/v1/session").await.status, StatusCode::OK, "the token still works, as the answer says");
}

/// The `maxLength` the document gives `schema`'s `member` (on its string part where it may also be `null`).
fn max_length(schema: &str, member: &str) -> usize {
    let doc = lekhotla_web::openapi();
    let prop = &doc["components"]["schemas"][schema]["properties"][member];
    let direct = prop["maxLength"].as_u64();
    let part = prop["anyOf"].as_array().into_iter().flatten().find_map(|p| p["maxLength"].as_u64());
    direct.or(part).unwrap_or_else(|| panic!("{schema}.{member} has no maxLength")) as usize
}

#[tokio::test]
async fn text_as_long_as_the_document_allows_is_taken_and_one_character_more_is_refused() {
    let app = App::new().await;
    let kase = app.new_case().await;
    let c = format!("/api/v1/cases/{}", kase.id());
    let at_most = |schema: &str, member: &str, extra: usize| "x".repeat(max_length(schema, member) + extra);
    // (path, schema, member, the body with the member at the given length, the field the refusal names)
    type Body = Box<dyn Fn(String) -> serde_json::Value>;
    let cases: Vec<(String, &str, &str, Body, &str)> = vec![
        (
            format!("{c}/comments"),
            "CommentInput",
            "text",
            Box::new(|t| json!({"author": "Focal point", "text": t})),
            "text",
        ),
        (
            format!("{c}/events"),
            "EventInput",
            "postal_code",
            Box::new(|t| json!({"event_type": "Recruitment", "country": "LS", "district": "LS-C", "postal_code": t})),
            "postal_code",
        ),
        (
            format!("{c}/victims"),
            "PersonDetails",
            "first_name",
            Box::new(|t| victim(&t, "1999-01-01")),
            "person.first_name",
        ),
    ];
    for (path, schema, member, body, field) in cases {
        let taken = app.post(&path, body(at_most(schema, member, 0))).await;
        assert_eq!(taken.status, StatusCode::CREATED, "{schema}.{member} at its maxLength: {}", taken.text);
        let refused = app.post(&path, body(at_most(schema, member, 1))).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{schema}.{member} one over: {}", refused.text);
        assert!(refused.text.contains(field) && refused.text.contains("at most"), "{}", refused.text);
    }
    // An investigation's docket number: the creation and the change share the limit.
    let too_long = at_most("InvestigationInput", "docket_number", 1);
    let investigation = json!({"unit": "AntiTraffickingUnit", "organisation": app.police(),
        "investigator": "Sgt. Test", "opened_on": "2026-09-03", "docket_number": too_long});
    let refused = app.post(&format!("{c}/investigation"), investigation).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert_eq!(max_length("InvestigationInput", "docket_number"), max_length("InvestigationUpdate", "docket_number"));
}
