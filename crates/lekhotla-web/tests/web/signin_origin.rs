//! Signing in from another site (login CSRF), cookie-borne posts that do not say where they come from,
//! and wrong step-up codes, which end the session but never lock its owner's account.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::support::{App, PASSWORD, request, send};

const NOW: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);

fn login_form(user: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "registry.example");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body(Body::from(format!("username={user}&password={}&code=", PASSWORD.replace(' ', "+")))).unwrap()
}

#[tokio::test]
async fn another_site_cannot_sign_a_browser_in() {
    let app = App::at(NOW).await;
    app.user("mamello.analyst", &[Role::DataAnalyst]).await;
    for headers in [
        vec![("origin", "https://elsewhere.example")],
        vec![("origin", "null")],
        vec![("sec-fetch-site", "cross-site"), ("origin", "https://elsewhere.example")],
        vec![("sec-fetch-site", "same-site")],
    ] {
        let r = send(app.router.clone(), login_form("mamello.analyst", &headers)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{headers:?}: {}", r.text);
        assert!(r.headers.get("set-cookie").is_none(), "{headers:?}");
        let api = request(
            Method::POST,
            "/api/v1/session",
            Some(json!({"username": "mamello.analyst", "password": PASSWORD})),
            &[[("host", "registry.example")].as_slice(), &headers].concat(),
        );
        let r = send(app.router.clone(), api).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "API sign-in, {headers:?}: {}", r.text);
    }
    for headers in [
        vec![("origin", "http://registry.example")],
        vec![("sec-fetch-site", "same-origin")],
        vec![], // curl: no browser, nothing to forge
    ] {
        let r = send(app.router.clone(), login_form("mamello.analyst", &headers)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{headers:?}: {}", r.text);
    }
}

#[tokio::test]
async fn a_post_with_the_session_cookie_must_say_where_it_comes_from() {
    let app = App::at(NOW).await;
    app.user("refiloe.analyst", &[Role::DataAnalyst]).await;
    let ok = send(app.router.clone(), login_form("refiloe.analyst", &[("sec-fetch-site", "same-origin")])).await;
    let cookie = ok.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let page = app.call(Method::GET, "/dashboard", None, &[("cookie", &cookie)]).await;
    let form = format!("csrf={}", crate::support::csrf_of(&page.text));
    let logout = |headers: &[(&str, &str)]| {
        let mut req = Request::post("/logout")
            .header("cookie", &cookie)
            .header("host", "registry.example")
            .header("content-type", "application/x-www-form-urlencoded");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        send(app.router.clone(), req.body(Body::from(form.clone())).unwrap())
    };
    assert_eq!(logout(&[]).await.status, StatusCode::FORBIDDEN, "neither Origin nor Sec-Fetch-Site");
    assert_eq!(
        app.call(Method::GET, "/dashboard", None, &[("cookie", &cookie)]).await.status,
        StatusCode::OK,
        "still in"
    );
    assert_eq!(logout(&[("origin", "http://registry.example")]).await.status, StatusCode::SEE_OTHER);
    // A bearer token is never sent by a browser on its own: no origin needed.
    let r = app.call(Method::POST, "/api/v1/cases", Some(json!({})), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
}

#[tokio::test]
async fn wrong_step_up_codes_end_the_session_but_do_not_lock_the_account() {
    let app = App::at(NOW).await;
    let (_, secret) = app.user("karabo.coordinator", &[Role::NationalCoordinator]).await;
    let secret = secret.unwrap();
    let code = secret.code_at(u64::try_from(NOW.unix_timestamp()).unwrap());
    let body = json!({"username": "karabo.coordinator", "password": PASSWORD, "code": code});
    let r = send(app.router.clone(), request(Method::POST, "/api/v1/session", Some(body), &[])).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let stolen = format!("Bearer {}", r.json["token"].as_str().unwrap());
    let step_up = |code: &str| {
        let req = request(
            Method::POST,
            "/api/v1/session/step-up",
            Some(json!({"code": code})),
            &[("authorization", &stolen)],
        );
        send(app.router.clone(), req)
    };
    for n in 1..lekhotla_web::STEP_UP_FAILURES {
        assert_eq!(step_up("000000").await.status, StatusCode::UNAUTHORIZED, "wrong code {n}");
    }
    assert_eq!(step_up("000000").await.status, StatusCode::UNAUTHORIZED, "the last wrong code");
    let me = app.call(Method::GET, "/api/v1/session", None, &[("authorization", &stolen)]).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "the session is ended: {}", me.text);

    // The owner still signs in (with the next step's code), on the same server: the wrong step-ups did
    // not lock the account.
    let next = secret.code_at(u64::try_from((NOW + time::Duration::seconds(30)).unix_timestamp()).unwrap());
    let body = json!({"username": "karabo.coordinator", "password": PASSWORD, "code": next});
    let again = send(app.router.clone(), request(Method::POST, "/api/v1/session", Some(body), &[])).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
}
