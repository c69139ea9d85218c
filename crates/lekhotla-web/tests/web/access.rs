//! Deny by default: every route is in the access table, every table entry is a real route, and
//! every role meets exactly the permissions the table and the role give it, unauthenticated included.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use lekhotla_identity::{Permission, Role};
use lekhotla_web::{Need, ROUTES};
use serde_json::json;

use crate::support::App;

/// Routes that are not part of the JSON API description.
const OUTSIDE_OPENAPI: &[&str] = &[
    "/",
    "/login",
    "/logout",
    "/admin/tokens",
    "/admin/tokens/{id}/revoke",
    "/healthz",
    "/api/v1/openapi.json",
    "/static/app.css",
    "/static/htmx-2.0.11.min.js",
    "/static/favicon.svg",
    "/favicon.ico",
];

#[test]
fn the_access_table_and_the_openapi_document_name_the_same_routes() {
    let doc = lekhotla_web::openapi();
    let mut documented = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), format!("/api/v1{path}")));
        }
    }
    let table: BTreeSet<(String, String)> = ROUTES
        .iter()
        // Pages (anything outside /api/) are never in the API description.
        .filter(|(_, p, _)| p.starts_with("/api/") && !OUTSIDE_OPENAPI.contains(p))
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let missing: Vec<_> = documented.difference(&table).collect();
    assert!(missing.is_empty(), "routes with no declared need (denied to all): {missing:?}");
    let stale: Vec<_> = table.difference(&documented).collect();
    assert!(stale.is_empty(), "table entries that are no route: {stale:?}");
    let mut seen = BTreeSet::new();
    for (m, p, _) in ROUTES {
        assert!(seen.insert((m, p)), "{m} {p} is listed twice");
    }
}

/// The path with its parameters filled: the case and organisation that exist, other ids random.
fn concrete(path: &str, case: &str, org: &str) -> String {
    let mut out = path.replace("{case}", case).replace("{id}", org);
    for param in ["{person}", "{event}", "{consent}", "{plan}", "{referral}"] {
        out = out.replace(param, &uuid::Uuid::now_v7().to_string());
    }
    out
}

fn method(m: &str) -> Method {
    m.parse().unwrap()
}

#[tokio::test]
async fn without_credentials_only_public_routes_answer() {
    let app = App::new().await;
    let case = app.new_case().await.id();
    let org = app.police();
    for (m, p, need) in ROUTES {
        let path = concrete(p, &case, &org);
        let body = (*m != "GET" && *m != "DELETE").then(|| json!({}));
        let r = app.anonymous(method(m), &path, body).await;
        match need {
            Need::Public => assert!(
                r.status != StatusCode::UNAUTHORIZED && r.status != StatusCode::FORBIDDEN,
                "{m} {p} is public but answered {}",
                r.status
            ),
            Need::Allowed(_) | Need::Acts(_) if p.starts_with("/api/") => {
                assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{m} {p}: {}", r.text);
                assert_eq!(r.json["error"]["code"], "unauthenticated");
            }
            Need::Allowed(_) | Need::Acts(_) if *m == "POST" && *p != "/logout" => {
                // A form sent without a session: the sign-in page, keeping the form to send again.
                assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{m} {p} should offer to sign in");
                assert!(r.text.contains("name=\"resume_to\""), "{m} {p} keeps the form: {}", r.text);
            }
            Need::Allowed(_) | Need::Acts(_) => {
                assert_eq!(r.status, StatusCode::SEE_OTHER, "{m} {p} should send the browser to sign in");
                assert_eq!(r.headers["location"], "/login");
            }
        }
    }
}

#[tokio::test]
async fn every_role_gets_exactly_its_permissions_on_every_route() {
    let app = App::new().await;
    let case = app.new_case().await.id();
    let org = app.police();
    for role in Role::ALL {
        let token = app.token_for(&format!("role-{}", role.as_str()), &[role]).await;
        let bearer = format!("Bearer {token}");
        for (m, p, need) in ROUTES {
            let (allowed, what) = match need {
                Need::Public => continue,
                Need::Allowed(permission) => (role.allows(*permission), permission.as_str().to_owned()),
                Need::Acts(acts) => (
                    acts.iter().any(|a| role.rule_for(*a).is_some()),
                    acts.iter().map(|a| a.as_str()).collect::<Vec<_>>().join("|"),
                ),
            };
            let path = concrete(p, &case, &org);
            let body = (*m != "GET" && *m != "DELETE").then(|| json!({}));
            let r = app.call(method(m), &path, body, &[("authorization", &bearer)]).await;
            if allowed {
                // Past the route's check; the act itself is judged against the case (its own test).
                assert!(
                    r.status != StatusCode::UNAUTHORIZED
                        && (r.status != StatusCode::FORBIDDEN || !r.text.contains("your roles do not include")),
                    "{} may {what} ({m} {p}) but got {}: {}",
                    role.as_str(),
                    r.status,
                    r.text
                );
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{} must not {m} {p}: {}", role.as_str(), r.text);
            }
        }
    }
}

#[test]
fn aggregate_only_and_oversight_roles_never_read_cases() {
    for role in [Role::DataAnalyst, Role::Auditor, Role::Admin] {
        assert!(!role.allows(Permission::ReadCases), "{}", role.as_str());
        assert!(!role.allows(Permission::ReadSealed), "{}", role.as_str());
        assert!(!role.allows(Permission::WriteCases), "{}", role.as_str());
    }
    assert!(Role::Auditor.allows(Permission::ReadAudit));
    assert!(!Role::NationalCoordinator.allows(Permission::ReadAudit));
    assert!(Role::DataAnalyst.allows(Permission::ReadStatistics));
}

#[tokio::test]
async fn an_api_token_is_limited_to_its_scopes_and_dies_with_revocation() {
    let app = App::new().await;
    let (user, _) = app.user("scoped.bridge", &[Role::CaseWorker]).await;
    let (token, hash) = lekhotla_identity::ApiToken::generate().unwrap();
    let record = lekhotla_storage::ApiTokenRecord {
        id: uuid::Uuid::now_v7(),
        token_hash: hash,
        user: user.id,
        name: "read only".into(),
        scopes: vec![Permission::ReadCases, Permission::ReadReference],
        created_at: time::macros::datetime!(2026-11-01 08:00 UTC),
        expires_at: time::macros::datetime!(2027-01-30 08:00 UTC),
        revoked_at: None,
        last_used_at: None,
    };
    app.store.create_api_token(&record, crate::support::note()).await.unwrap();
    let bearer = format!("Bearer {}", token.as_str());
    let read = app.call(Method::GET, "/api/v1/cases", None, &[("authorization", &bearer)]).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    let body = json!({"organisation": app.police(), "district": "LS-C", "detection_source": "Police", "detected_on": "2026-09-01"});
    let write = app.call(Method::POST, "/api/v1/cases", Some(body), &[("authorization", &bearer)]).await;
    assert_eq!(write.status, StatusCode::FORBIDDEN, "the role may write, the token may not");
    let at = time::macros::datetime!(2026-11-02 08:00 UTC);
    app.store.revoke_api_token(record.id, at, crate::support::note()).await.unwrap();
    let after = app.call(Method::GET, "/api/v1/cases", None, &[("authorization", &bearer)]).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    let forged = app.call(Method::GET, "/api/v1/cases", None, &[("authorization", "Bearer lkt_forged")]).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
}
