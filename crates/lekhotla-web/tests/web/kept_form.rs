//! A form sent after its session ended loses nothing: the sign-in page keeps its fields (never its stale
//! token, never a password), and after signing in the person gets the form back to send under the new session.

use axum::http::StatusCode;
use lekhotla_identity::Role;

use crate::account_pages::{NOW, cookie_of, page, post};
use crate::support::{App, PASSWORD, csrf_of};

#[tokio::test]
async fn a_form_sent_after_the_session_ended_is_kept_and_sent_after_signing_in_again() {
    let app = App::at(NOW).await;
    app.user("kept.admin", &[Role::Admin]).await;
    let login = |extra: Vec<(String, String)>| {
        let mut fields =
            vec![("username".to_owned(), "kept.admin".to_owned()), ("password".to_owned(), PASSWORD.to_owned())];
        fields.extend(extra);
        let body = serde_html_form::to_string(&fields).unwrap();
        let req = axum::http::Request::post("/login")
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap();
        crate::support::send(app.router.clone(), req)
    };
    let first = login(Vec::new()).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.text);
    let cookie = cookie_of(&first);
    let form = page(&app, &cookie, "/admin/organisations/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let stale = csrf_of(&form.text);
    let out = post(&app, &cookie, "/logout", &[("csrf", &stale)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER, "the session ends while the form is open");

    let fields = [
        ("csrf", stale.as_str()),
        ("name", "Kept Synthetic Shelter"),
        ("org_type", "NGO"),
        ("district", "LS-A"),
        ("services", "Shelter"),
        ("password", "not-kept-synthetic"),
    ];
    let late = post(&app, &cookie, "/admin/organisations/new", &fields).await;
    assert_eq!(late.status, StatusCode::UNAUTHORIZED, "{}", late.text);
    assert!(late.text.contains("name=\"resume_to\" value=\"/admin/organisations/new\""), "{}", late.text);
    let resume = late.text.split("name=\"resume\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert!(resume.contains("Kept+Synthetic+Shelter"), "{resume}");
    assert!(!resume.contains("csrf") && !resume.contains("not-kept"), "no token nor password kept: {resume}");

    let again = login(vec![
        ("resume".to_owned(), resume.replace("&amp;", "&")),
        ("resume_to".to_owned(), "/admin/organisations/new".to_owned()),
    ])
    .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert!(
        again.text.contains("action=\"/admin/organisations/new\"") && again.text.contains("Kept Synthetic Shelter")
    );
    let cookie = cookie_of(&again);
    let fresh = csrf_of(&again.text);
    let before = page(&app, &cookie, "/admin").await;
    assert!(!before.text.contains("Kept Synthetic Shelter"), "nothing was saved without a session");
    assert_ne!(fresh, stale, "the form is sent under the new session's token");
    let sent = post(
        &app,
        &cookie,
        "/admin/organisations/new",
        &[
            ("csrf", &fresh),
            ("name", "Kept Synthetic Shelter"),
            ("org_type", "NGO"),
            ("district", "LS-A"),
            ("services", "Shelter"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let list = page(&app, &cookie, "/admin").await;
    assert!(list.text.contains("Kept Synthetic Shelter"), "{}", list.text);
}
