//! Penetration test, low: API tokens without expiry, with every permission of their user by default, not
//! revocable over the API or the admin pages, their last use unknown. Tokens expire (renewable), are
//! listed, renewed and revoked by their owner from a session and by an administrator, on the API and on
//! the administrator's page, and record their last use at most once a minute.

use axum::http::{Method, StatusCode};
use lekhotla_identity::{Permission, Role};
use lekhotla_storage::ApiTokenRecord;
use serde_json::json;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::support::{App, PASSWORD, request, send};

const NOW: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);

/// A token of `user` made at `created`, lasting `days`.
async fn token(
    app: &App,
    user: &lekhotla_storage::UserAccount,
    created: OffsetDateTime,
    days: i64,
) -> (String, uuid::Uuid) {
    let (token, hash) = lekhotla_identity::ApiToken::generate().unwrap();
    let record = ApiTokenRecord {
        id: uuid::Uuid::now_v7(),
        token_hash: hash,
        user: user.id,
        name: "bridge".into(),
        scopes: vec![Permission::ReadCases, Permission::Session],
        created_at: created,
        expires_at: created + Duration::days(days),
        revoked_at: None,
        last_used_at: None,
    };
    app.store.create_api_token(&record, crate::support::note()).await.unwrap();
    (format!("Bearer {}", token.as_str()), record.id)
}

/// A browser session of a user without a second factor (an administrator).
async fn session(app: &App, username: &str) -> String {
    let r =
        app.anonymous(Method::POST, "/api/v1/session", Some(json!({"username": username, "password": PASSWORD}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    format!("lekhotla_session={}", r.json["token"].as_str().unwrap())
}

#[tokio::test]
async fn an_expired_token_admits_nothing_and_last_use_is_recorded_once_a_minute() {
    let app = App::at(NOW).await;
    let (user, _) = app.user("expiry.bridge", &[Role::Investigator]).await;
    let (old, _) = token(&app, &user, NOW - Duration::days(91), 90).await;
    let r = app.call(Method::GET, "/api/v1/cases", None, &[("authorization", &old)]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "expired a day ago");
    let (fresh, id) = token(&app, &user, NOW - Duration::days(1), 90).await;
    assert_eq!(app.call(Method::GET, "/api/v1/cases", None, &[("authorization", &fresh)]).await.status, StatusCode::OK);
    let used = app.store.api_token_by_id(id).await.unwrap().unwrap();
    assert_eq!(used.last_used_at, Some(NOW));
    // Thirty seconds later: not written again; two minutes later: written.
    for (after, expected) in [(30, NOW), (120, NOW + Duration::seconds(120))] {
        let later = app.router_at(NOW + Duration::seconds(after));
        let r = send(later, request(Method::GET, "/api/v1/cases", None, &[("authorization", &fresh)])).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(app.store.api_token_by_id(id).await.unwrap().unwrap().last_used_at, Some(expected));
    }
}

#[tokio::test]
async fn owners_list_renew_and_revoke_their_tokens_from_a_session_and_admins_anyones() {
    let app = App::at(NOW).await;
    let (owner, _) = app.user("owner.admin", &[Role::Admin]).await;
    let (other, _) = app.user("other.analyst", &[Role::DataAnalyst]).await;
    let (own, own_id) = token(&app, &owner, NOW - Duration::days(80), 90).await;
    let (theirs, their_id) = token(&app, &other, NOW, 90).await;
    let cookie = session(&app, "owner.admin").await;
    let as_session = |m: Method, path: String| {
        let cookie = cookie.clone();
        let app = &app;
        async move { app.call(m, &path, None, &[("cookie", &cookie), ("sec-fetch-site", "same-origin")]).await }
    };

    let listed = as_session(Method::GET, "/api/v1/tokens".into()).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let items = listed.json["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "one's own tokens only: {}", listed.text);
    assert_eq!(items[0]["id"], own_id.to_string());
    assert_eq!(items[0]["expires_at"], "2026-11-30T10:00:00Z");
    let by_token = app.call(Method::GET, "/api/v1/tokens", None, &[("authorization", &own)]).await;
    assert_eq!(by_token.status, StatusCode::FORBIDDEN, "a token does not manage tokens: {}", by_token.text);

    let renewed = as_session(Method::POST, format!("/api/v1/tokens/{own_id}/renew?days=30")).await;
    assert_eq!(renewed.status, StatusCode::OK, "{}", renewed.text);
    assert_eq!(renewed.json["expires_at"], "2026-12-20T10:00:00Z");
    assert_eq!(
        as_session(Method::POST, format!("/api/v1/tokens/{own_id}/renew?days=400")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // A user without manage-users cannot touch another's token: it does not exist to them.
    let other_cookie = session(&app, "other.analyst").await;
    let path = format!("/api/v1/tokens/{own_id}/revoke");
    let refused =
        app.call(Method::POST, &path, None, &[("cookie", &other_cookie), ("sec-fetch-site", "same-origin")]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.text);

    let revoked = as_session(Method::POST, format!("/api/v1/tokens/{own_id}/revoke")).await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text);
    assert_eq!(revoked.json["live"], false);
    let r = app.call(Method::GET, "/api/v1/session", None, &[("authorization", &own)]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "revoked");

    // The administrator revokes another user's token.
    let r = app.call(Method::GET, "/api/v1/session", None, &[("authorization", &theirs)]).await;
    assert_eq!(r.status, StatusCode::OK);
    let admin_revokes = as_session(Method::POST, format!("/api/v1/tokens/{their_id}/revoke")).await;
    assert_eq!(admin_revokes.status, StatusCode::OK, "{}", admin_revokes.text);
    let r = app.call(Method::GET, "/api/v1/session", None, &[("authorization", &theirs)]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_admin_page_lists_tokens_and_revokes_one_by_a_same_origin_form() {
    let app = App::at(NOW).await;
    app.user("page.admin", &[Role::Admin]).await;
    let (user, _) = app.user("page.bridge", &[Role::Investigator]).await;
    let (bearer, id) = token(&app, &user, NOW, 90).await;
    let cookie = session(&app, "page.admin").await;
    let page = app.call(Method::GET, "/admin/tokens", None, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("page.bridge") && page.text.contains("read-cases,session"), "{}", page.text);
    assert!(page.text.contains(&format!("action=\"/admin/tokens/{id}/revoke\"")), "{}", page.text);
    let analyst = app.token_for("page.analyst", &[Role::DataAnalyst]).await;
    let r = app.call(Method::GET, "/admin/tokens", None, &[("authorization", &format!("Bearer {analyst}"))]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "administrators only");

    let form = format!("csrf={}", crate::support::csrf_of(&page.text));
    let post = |site: &'static str| {
        axum::http::Request::post(format!("/admin/tokens/{id}/revoke"))
            .header("cookie", &cookie)
            .header("sec-fetch-site", site)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(form.clone()))
            .unwrap()
    };
    let forged = axum::http::Request::post(format!("/admin/tokens/{id}/revoke"))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("csrf=0000"))
        .unwrap();
    let refused = send(app.router.clone(), forged).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "a wrong form token is refused");
    assert!(refused.text.contains("The form has expired"), "{}", refused.text);
    assert_eq!(send(app.router.clone(), post("cross-site")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.call(Method::GET, "/api/v1/session", None, &[("authorization", &bearer)]).await.status,
        StatusCode::OK
    );
    let done = send(app.router.clone(), post("same-origin")).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let r = app.call(Method::GET, "/api/v1/session", None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "revoked from the page");
    let page = app.call(Method::GET, "/admin/tokens", None, &[("cookie", &cookie)]).await;
    assert!(page.text.contains("revoked"), "{}", page.text);
}

/// A token made for reading, of a person whose roles may register cases: a write is refused for the token's
/// scope, not blamed on the roles.
#[tokio::test]
async fn a_read_token_is_refused_a_write_for_its_scope_not_its_roles() {
    let app = App::at(NOW).await;
    let (user, _) = app.user("scope.bridge", &[Role::Investigator]).await;
    let (read_only, _) = token(&app, &user, NOW - Duration::days(1), 90).await;
    let body = json!({"detection_source": "police", "detected_on": "2026-11-01", "district": "LS-A"});
    let r = app.call(Method::POST, "/api/v1/cases", Some(body), &[("authorization", &read_only)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    assert!(r.text.contains("write-cases"), "{}", r.text);
    assert!(!r.text.contains("your roles"), "{}", r.text);
}
