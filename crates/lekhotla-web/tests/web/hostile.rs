//! Hostile input (issue 13): oversized bodies, deeply nested JSON, bytes that are not UTF-8, huge or negative
//! `limit` and `offset`, and refusals made by axum's own extractors. Each gets a clear 4xx in the project's
//! error shape (JSON on the API, the error page on pages), never a 500 nor a plain-text answer.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use crate::referral_pages::Browser;
use crate::support::{App, Reply, csrf_of};

/// A JSON error of `status` with `code`.
fn json_error(r: &Reply, status: StatusCode, code: &str, what: &str) {
    assert_eq!(r.status, status, "{what}: {}", r.text);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("application/json"), "{what}: {:?}", r.headers);
    assert_eq!(r.json["error"]["code"], code, "{what}: {}", r.text);
    assert!(r.json["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: {}", r.text);
}

/// The error page of `status`.
fn error_page(r: &Reply, status: StatusCode, what: &str) {
    assert_eq!(r.status, status, "{what}: {}", r.text);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/html"), "{what}: {:?}", r.headers);
    assert!(r.text.contains("<html"), "{what}: {}", r.text);
}

fn raw(method: Method, path: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder().method(method).uri(path).header("content-type", content_type).body(body.into()).unwrap()
}

const TWO_MIB: usize = 2 * 1024 * 1024;

#[tokio::test]
async fn an_oversized_body_is_a_413_in_the_error_shape() {
    let app = App::new().await;
    let big = format!("{{\"organisation\":\"{}\",\"summary\":\"{}\"}}", app.police(), "x".repeat(TWO_MIB));
    // Declared too long: refused before it is read.
    let mut declared = raw(Method::POST, "/api/v1/cases", "application/json", big.clone());
    declared.headers_mut().insert("content-length", big.len().into());
    json_error(&app.send_raw(declared).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "declared");
    // Not declared (chunked): cut at the limit while it is read, by the JSON body and by the merge patch.
    let streamed = raw(Method::POST, "/api/v1/cases", "application/json", big.clone());
    json_error(&app.send_raw(streamed).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "streamed");
    let kase = app.new_case().await;
    let mut patch = raw(Method::PATCH, &format!("/api/v1/cases/{}", kase.id()), "application/merge-patch+json", big);
    patch.headers_mut().insert("if-match", "\"1\"".parse().unwrap());
    json_error(&app.send_raw(patch).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "patch");

    // A page form: the error page, whether declared, streamed, or under the body limit but over a form's.
    let browser = Browser::sign_in(&app, "hostile-clerk", &[Role::Investigator], &app.police()).await;
    let number = kase.json["number"].as_str().unwrap();
    let path = format!("/cases/{number}/comment");
    let csrf = csrf_of(&browser.get(&path).await.text);
    for (what, size, declare) in [("declared", TWO_MIB, true), ("streamed", TWO_MIB, false), ("form", 100_000, true)] {
        let body = format!("csrf={csrf}&text={}", "x".repeat(size));
        let mut req = raw(Method::POST, &path, "application/x-www-form-urlencoded", body.clone());
        req.headers_mut().insert("cookie", browser.cookie.parse().unwrap());
        req.headers_mut().insert("sec-fetch-site", "same-origin".parse().unwrap());
        if declare {
            req.headers_mut().insert("content-length", body.len().into());
        }
        error_page(&crate::support::send(app.router.clone(), req).await, StatusCode::PAYLOAD_TOO_LARGE, what);
    }
}

#[tokio::test]
async fn deeply_nested_json_is_refused_without_overflowing_the_stack() {
    let app = App::new().await;
    let kase = app.new_case().await;
    let deep_array = "[".repeat(100_000);
    let deep_object = "{\"a\":".repeat(100_000);
    for body in [deep_array, deep_object] {
        let r = app.send_raw(raw(Method::POST, "/api/v1/cases", "application/json", body.clone())).await;
        json_error(&r, StatusCode::BAD_REQUEST, "bad_request", "a new case");
        let mut patch = raw(Method::PATCH, &format!("/api/v1/cases/{}", kase.id()), "application/json", body);
        patch.headers_mut().insert("if-match", "\"1\"".parse().unwrap());
        json_error(&app.send_raw(patch).await, StatusCode::BAD_REQUEST, "bad_request", "a patch");
    }
    // Nested as deep as serde_json reads (128 levels) but where a string is due: a 422 naming the field.
    let nested = format!("{{\"summary\":{}{}}}", "[".repeat(100), "]".repeat(100));
    let mut patch = raw(Method::PATCH, &format!("/api/v1/cases/{}", kase.id()), "application/json", nested);
    patch.headers_mut().insert("if-match", "\"1\"".parse().unwrap());
    json_error(&app.send_raw(patch).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid", "a nested summary");
}

#[tokio::test]
async fn bytes_that_are_not_utf8_are_a_400() {
    let app = App::new().await;
    let kase = app.new_case().await;
    let body = b"{\"summary\":\"Synthetic \xff\xfe\"}".to_vec();
    let mut patch = raw(Method::PATCH, &format!("/api/v1/cases/{}", kase.id()), "application/json", body.clone());
    patch.headers_mut().insert("if-match", "\"1\"".parse().unwrap());
    json_error(&app.send_raw(patch).await, StatusCode::BAD_REQUEST, "bad_request", "a JSON body");
    let comment = raw(Method::POST, &format!("/api/v1/cases/{}/comments", kase.id()), "application/json", body);
    json_error(&app.send_raw(comment).await, StatusCode::BAD_REQUEST, "bad_request", "a JSON comment");

    // Query strings, escaped (`%FF`) or in a path segment: the API's JSON error.
    for path in ["/api/v1/cases?number=LS-%FF", "/api/v1/audit?actor=%C3", "/api/v1/cases/%FF%FE"] {
        json_error(&app.get(path).await, StatusCode::BAD_REQUEST, "bad_request", path);
    }

    // Forms and queries of the pages: the error page.
    let browser = Browser::sign_in(&app, "hostile-clerk", &[Role::Investigator], &app.police()).await;
    error_page(&browser.get("/justice?page=%FF").await, StatusCode::BAD_REQUEST, "a page's query");
    let number = kase.json["number"].as_str().unwrap();
    let path = format!("/cases/{number}/comment");
    let csrf = csrf_of(&browser.get(&path).await.text);
    for text in ["%FF%FE", "Synthetic \u{0}%C3"] {
        let pairs = vec![("csrf".to_owned(), csrf.clone()), ("text".to_owned(), "x".to_owned())];
        let mut body = serde_html_form::to_string(&pairs).unwrap();
        body.push_str("&more=");
        body.push_str(text);
        let mut req = raw(Method::POST, &path, "application/x-www-form-urlencoded", body);
        req.headers_mut().insert("cookie", browser.cookie.parse().unwrap());
        req.headers_mut().insert("sec-fetch-site", "same-origin".parse().unwrap());
        error_page(&crate::support::send(app.router.clone(), req).await, StatusCode::BAD_REQUEST, text);
    }
    // The sign-in form, which has no session yet.
    let mut login =
        raw(Method::POST, "/login", "application/x-www-form-urlencoded", b"username=%FF&password=x".to_vec());
    login.headers_mut().insert("sec-fetch-site", "same-origin".parse().unwrap());
    error_page(&crate::support::send(app.router.clone(), login).await, StatusCode::BAD_REQUEST, "the sign-in form");
    // Nothing was written.
    let stored = app.get(&format!("/api/v1/cases/{}", kase.id())).await;
    assert_eq!(stored.json["comments"], json!([]), "{}", stored.text);
}

#[tokio::test]
async fn huge_or_negative_limits_and_offsets_are_a_400_on_every_list() {
    let app = App::new().await;
    let auditor = format!("Bearer {}", app.token_for("auditor", &[Role::Auditor]).await);
    let coordinator = format!("Bearer {}", app.token);
    let paged = ["/api/v1/cases?", "/api/v1/referrals?direction=incoming&", "/api/v1/audit?", "/api/v1/break-glass?"];
    for list in paged {
        for query in [
            "limit=99999999999999999999",
            "limit=-1",
            "offset=-1",
            "offset=18446744073709551616",
            // Within u64 but beyond what a database offset holds.
            "offset=9223372036854775808",
        ] {
            let path = format!("{list}{query}");
            let who = if list.contains("audit") { &auditor } else { &coordinator };
            let r = app.call(Method::GET, &path, None, &[("authorization", who)]).await;
            json_error(&r, StatusCode::BAD_REQUEST, "bad_request", &path);
        }
    }
    for list in ["/api/v1/campaigns", "/api/v1/trainings", "/api/v1/inspections", "/api/v1/screenings"] {
        for query in ["limit=99999999999999999999", "limit=-1"] {
            let path = format!("{list}?{query}");
            json_error(&app.get(&path).await, StatusCode::BAD_REQUEST, "bad_request", &path);
        }
    }
    // As the API description says: a page holds 1 to 500 items; more is refused, not cut.
    json_error(
        &app.get("/api/v1/cases?limit=4294967295").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
        "limit=u32::MAX",
    );
    let most = app.get("/api/v1/cases?limit=500").await;
    assert_eq!(most.status, StatusCode::OK, "{}", most.text);
    assert_eq!(most.json["limit"], 500);
    // Pages: page numbers far out show an empty page; a number that is not one is the error page.
    let browser = Browser::sign_in(&app, "hostile-clerk", &[Role::Investigator], &app.police()).await;
    for far in ["/justice?page=18446744073709551615&court=18446744073709551615", "/referrals?page=18446744073709551615"]
    {
        let r = browser.get(far).await;
        assert_eq!(r.status, StatusCode::OK, "{far}: {}", r.text);
    }
    let auditor = Browser::sign_in(&app, "hostile-auditor", &[Role::Auditor], &app.police()).await;
    let far = auditor.get("/audit?offset=18446744073709551615").await;
    assert_eq!(far.status, StatusCode::OK, "{}", far.text);
}

#[tokio::test]
async fn refusals_of_axums_extractors_answer_in_the_error_shape() {
    let app = App::new().await;
    // A query field given twice: serde's refusal, once plain text.
    let twice = app.get("/api/v1/reports/tip?period=2025&period=2026").await;
    json_error(&twice, StatusCode::BAD_REQUEST, "bad_request", "a repeated query field");
    let browser = Browser::sign_in(&app, "hostile-analyst", &[Role::DataAnalyst], &app.police()).await;
    error_page(&browser.get("/dashboard?level=public&level=internal").await, StatusCode::BAD_REQUEST, "a page's query");
    // The language form without a form body.
    let lang = raw(Method::POST, "/lang", "application/json", "{}");
    error_page(&app.send_raw(lang).await, StatusCode::BAD_REQUEST, "the language form");
}
