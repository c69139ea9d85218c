//! One's own account on the pages: the first sign-in of a person with no second factor yet reaches only
//! the enrolment page, which shows the secret as a QR code; a code computed from the secret shown confirms
//! it and the recovery codes are shown once; changing the password ends the other sessions; one sets and stops
//! one's own digest address.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use lekhotla_identity::{Role, TotpSecret};
use lekhotla_storage::{Action, AuditFilter, UserId};
use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::support::{App, PASSWORD, Reply, csrf_of, send};

pub const NOW: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);

/// A GET of a page with a session cookie.
pub async fn page(app: &App, cookie: &str, path: &str) -> Reply {
    app.call(Method::GET, path, None, &[("cookie", cookie)]).await
}

/// A form post from a page of this site (the cookie, the same-origin header, the form's fields).
pub async fn post(app: &App, cookie: &str, path: &str, fields: &[(&str, &str)]) -> Reply {
    let body = serde_html_form::to_string(fields).unwrap();
    let req = Request::post(path)
        .header("cookie", cookie)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    send(app.router.clone(), req).await
}

/// Signs in on the page; the session cookie (`name=value`) and where the page sends the person.
pub async fn sign_in_page(app: &App, username: &str, password: &str) -> (String, String) {
    let body = serde_html_form::to_string([("username", username), ("password", password)]).unwrap();
    let req = Request::post("/login")
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let r = send(app.router.clone(), req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    (cookie_of(&r), location(&r))
}

pub fn location(r: &Reply) -> String {
    r.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The session cookie a reply sets.
pub fn cookie_of(r: &Reply) -> String {
    let set = r.headers.get("set-cookie").expect("a session cookie").to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}

/// The text of the element with `id` (up to its closing tag).
pub fn text_of(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = html.find(&marker).map(|i| i + marker.len()).unwrap_or_else(|| panic!("no #{id} in {html}"));
    html[start..].split('<').next().unwrap().to_owned()
}

/// The value of the hidden field `name`.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).map(|i| i + marker.len()).expect("the hidden field");
    html[start..].split('"').next().unwrap().to_owned()
}

fn unix(t: OffsetDateTime) -> u64 {
    u64::try_from(t.unix_timestamp()).unwrap()
}

/// Enrols the second factor on the page with the session `cookie` (which must be sent there), as a person
/// with an authenticator app would: the secret as the page shows it, a wrong code first, then the right
/// one. Returns the secret and the recovery codes shown.
pub async fn enrol(app: &App, cookie: &str) -> (TotpSecret, Vec<String>) {
    let form = page(app, cookie, "/account/enrol").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("<svg class=\"qr\" role=\"img\""), "a QR code drawn by the server: {}", form.text);
    assert!(!form.text.contains("style="), "no inline style (the CSP forbids it)");
    let shown = text_of(&form.text, "totp-secret").replace(' ', "");
    let secret = TotpSecret::from_base32(&shown).unwrap();
    let (csrf, sealed) = (csrf_of(&form.text), hidden(&form.text, "secret"));
    assert!(!sealed.contains(&shown), "the form carries the secret sealed");

    let stale = secret.code_at(unix(NOW) - 600);
    let wrong = post(app, cookie, "/account/enrol", &[("csrf", &csrf), ("secret", &sealed), ("code", &stale)]).await;
    assert_eq!(wrong.status, StatusCode::OK, "{}", wrong.text);
    assert!(wrong.text.contains("This code does not match"), "{}", wrong.text);
    assert_eq!(text_of(&wrong.text, "totp-secret").replace(' ', ""), shown, "the same secret again");

    let code = secret.code_at(unix(NOW));
    let done = post(app, cookie, "/account/enrol", &[("csrf", &csrf), ("secret", &sealed), ("code", &code)]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(done.text.contains("Your recovery codes"), "{}", done.text);
    let codes: Vec<String> =
        done.text.split("<li><code class=\"mono\">").skip(1).map(|s| s.split('<').next().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), 10, "{}", done.text);
    (secret, codes)
}

/// A person whose roles need a second factor and who has none (as `serve --demo` makes them).
pub async fn unenrolled(app: &App, name: &str, roles: &[Role]) -> UserId {
    let (user, _) = app.user(name, roles).await;
    app.store.clear_second_factor(user.id, NOW, crate::support::note()).await.unwrap();
    user.id
}

#[tokio::test]
async fn a_first_sign_in_reaches_only_the_enrolment_which_a_code_from_the_qr_secret_confirms() {
    let app = App::at(NOW).await;
    let id = unenrolled(&app, "first.focal", &[Role::Investigator]).await;
    let (cookie, to) = sign_in_page(&app, "first.focal", PASSWORD).await;
    assert_eq!(to, "/account/enrol");
    // Nothing else until enrolled: pages send the person back, the API refuses.
    let r = page(&app, &cookie, "/account").await;
    assert_eq!((r.status, location(&r).as_str()), (StatusCode::SEE_OTHER, "/account/enrol"));
    let r = page(&app, &cookie, "/api/v1/cases").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let menu = page(&app, &cookie, "/account/enrol").await;
    assert!(!menu.text.contains("href=\"/cases\""), "no menu before enrolment");
    let sesotho = page(&app, &format!("{cookie}; lekhotla_lang=st"), "/account/enrol").await;
    assert!(sesotho.text.contains("<html lang=\"st\"") && sesotho.text.contains("Hlophisa app"), "{}", sesotho.text);
    // Signing out is open before enrolment too.
    let (later, _) = sign_in_page(&app, "first.focal", PASSWORD).await;
    let out =
        post(&app, &later, "/logout", &[("csrf", &csrf_of(&page(&app, &later, "/account/enrol").await.text))]).await;
    assert_eq!((out.status, location(&out).as_str()), (StatusCode::SEE_OTHER, "/login"));
    assert_eq!(page(&app, &later, "/account/enrol").await.status, StatusCode::SEE_OTHER, "signed out");

    let (secret, codes) = enrol(&app, &cookie).await;
    let r = page(&app, &cookie, "/api/v1/cases").await;
    assert_eq!(r.status, StatusCode::OK, "the session proved its factor: {}", r.text);
    let account = page(&app, &cookie, "/account").await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.text);
    assert!(account.text.contains("first.focal") && account.text.contains("Investigator (police)"), "{}", account.text);
    assert!(account.text.contains("An authenticator app"), "{}", account.text);
    let again = page(&app, &cookie, "/account/enrol").await;
    assert!(again.text.contains("already set up"), "a second enrolment is refused: {}", again.text);

    // Audited as the command line's reset is; the secret is stored sealed, the codes work once.
    let filter =
        AuditFilter { record: Some(format!("user/{id}")), action: Some(Action::UserUpdate), ..Default::default() };
    let entries = app.store.search_audit(&filter, 10, 0).await.unwrap();
    assert!(entries.iter().any(|e| e.fields == ["totp_secret", "recovery_codes"] && e.actor == format!("user/{id}")));
    let stored = app.store.get_user(id).await.unwrap().unwrap().totp_secret_sealed.unwrap();
    assert!(!stored.contains(&secret.to_base32()));
    let later = app.router_at(NOW + time::Duration::seconds(60));
    let code = secret.code_at(unix(NOW) + 60);
    let signed = crate::support::send(
        later,
        crate::support::request(
            Method::POST,
            "/api/v1/session",
            Some(json!({"username": "first.focal", "password": PASSWORD, "code": code})),
            &[],
        ),
    )
    .await;
    assert_eq!(signed.status, StatusCode::CREATED, "the enrolled secret signs in: {}", signed.text);
    let body = json!({"username": "first.focal", "password": PASSWORD, "code": codes[0]});
    let r = app.anonymous(Method::POST, "/api/v1/session", Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "a recovery code signs in: {}", r.text);
    let r = app.anonymous(Method::POST, "/api/v1/session", Some(body)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "once");
    let r = app
        .anonymous(Method::POST, "/api/v1/session", Some(json!({"username": "first.focal", "password": PASSWORD})))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "enrolled: the password alone no longer signs in");
}

#[tokio::test]
async fn a_sealed_secret_made_for_another_account_is_refused() {
    let app = App::at(NOW).await;
    unenrolled(&app, "one.worker", &[Role::CaseWorker]).await;
    unenrolled(&app, "two.worker", &[Role::CaseWorker]).await;
    let (one, _) = sign_in_page(&app, "one.worker", PASSWORD).await;
    let (two, _) = sign_in_page(&app, "two.worker", PASSWORD).await;
    let form = page(&app, &one, "/account/enrol").await;
    let shown = text_of(&form.text, "totp-secret").replace(' ', "");
    let code = TotpSecret::from_base32(&shown).unwrap().code_at(unix(NOW));
    let theirs = page(&app, &two, "/account/enrol").await;
    let fields = [("csrf", csrf_of(&theirs.text)), ("secret", hidden(&form.text, "secret")), ("code", code)];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post(&app, &two, "/account/enrol", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(app.store.find_user(&"two.worker".parse().unwrap()).await.unwrap().unwrap().totp_secret_sealed.is_none());
}

#[tokio::test]
async fn changing_the_password_checks_it_and_ends_every_other_session() {
    let app = App::at(NOW).await;
    app.user("pw.admin", &[Role::Admin]).await;
    let (cookie, to) = sign_in_page(&app, "pw.admin", PASSWORD).await;
    assert_eq!(to, "/work");
    let (other, _) = sign_in_page(&app, "pw.admin", PASSWORD).await;
    let account = page(&app, &cookie, "/account").await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.text);
    assert!(account.text.contains("Administrator") && account.text.contains("Not needed"), "{}", account.text);
    let csrf = csrf_of(&account.text);
    let new = "a brand new synthetic phrase 42";

    let wrong = post(
        &app,
        &cookie,
        "/account/password",
        &[("csrf", &csrf), ("current", "not it at all, no"), ("new", new), ("again", new)],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(
        wrong.text.contains("This is not your current password") && wrong.text.contains("aria-invalid"),
        "{}",
        wrong.text
    );
    let mismatch = post(
        &app,
        &cookie,
        "/account/password",
        &[("csrf", &csrf), ("current", PASSWORD), ("new", new), ("again", "something else")],
    )
    .await;
    assert!(mismatch.text.contains("are not the same"), "{}", mismatch.text);
    let short = post(
        &app,
        &cookie,
        "/account/password",
        &[("csrf", &csrf), ("current", PASSWORD), ("new", "short"), ("again", "short")],
    )
    .await;
    assert!(short.text.contains("Too short"), "{}", short.text);
    let r =
        app.anonymous(Method::POST, "/api/v1/session", Some(json!({"username": "pw.admin", "password": new}))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "nothing changed yet");

    let done = post(
        &app,
        &cookie,
        "/account/password",
        &[("csrf", &csrf), ("current", PASSWORD), ("new", new), ("again", new)],
    )
    .await;
    assert_eq!((done.status, location(&done).as_str()), (StatusCode::SEE_OTHER, "/account?changed=1"), "{}", done.text);
    let fresh = cookie_of(&done);
    assert_eq!(page(&app, &other, "/api/v1/session").await.status, StatusCode::UNAUTHORIZED, "the other session ended");
    assert_eq!(page(&app, &cookie, "/api/v1/session").await.status, StatusCode::UNAUTHORIZED, "the old token too");
    let shown = page(&app, &fresh, "/account?changed=1").await;
    assert!(shown.text.contains("Your password is changed"), "this browser goes on: {}", shown.text);
    let r =
        app.anonymous(Method::POST, "/api/v1/session", Some(json!({"username": "pw.admin", "password": new}))).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = app
        .anonymous(Method::POST, "/api/v1/session", Some(json!({"username": "pw.admin", "password": PASSWORD})))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn one_sets_and_stops_ones_own_digest_address_on_the_account_page() {
    let app = App::at(NOW).await;
    let (me, _) = app.user("digest.admin", &[Role::Admin]).await;
    let (cookie, _) = sign_in_page(&app, "digest.admin", PASSWORD).await;
    let account = page(&app, &cookie, "/account").await;
    assert!(account.text.contains("No address is set: you get no digest."), "{}", account.text);
    assert!(!account.text.contains("Stop the digest"), "nothing to stop yet");
    let csrf = csrf_of(&account.text);

    // A bad address is named, kept as typed, and nothing is stored.
    let bad =
        post(&app, &cookie, "/account/digest", &[("csrf", &csrf), ("email", "digest admin"), ("language", "st")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("Not an e-mail address: write it as name@example.org, without spaces."), "{}", bad.text);
    assert!(bad.text.contains("value=\"digest admin\"") && bad.text.contains("aria-invalid"), "{}", bad.text);
    assert!(app.store.contacts().await.unwrap().is_empty());

    let saved = post(
        &app,
        &cookie,
        "/account/digest",
        &[("csrf", &csrf), ("email", " digest.admin@example.org "), ("language", "st")],
    )
    .await;
    assert_eq!((saved.status, location(&saved).as_str()), (StatusCode::SEE_OTHER, "/account?digest=saved#digest"));
    let stored = app.store.contacts().await.unwrap();
    assert_eq!(
        stored.iter().map(|k| (k.user, k.email.as_str(), k.language.as_str())).collect::<Vec<_>>(),
        [(me.id.0, "digest.admin@example.org", "st")]
    );
    let shown = page(&app, &cookie, "/account?digest=saved").await;
    assert!(shown.text.contains("Your digest address is saved."), "{}", shown.text);
    assert!(shown.text.contains("value=\"digest.admin@example.org\""), "{}", shown.text);
    assert!(shown.text.contains("<option value=\"st\" selected>"), "{}", shown.text);
    let audited = app
        .store
        .search_audit(&AuditFilter { action: Some(Action::UserUpdate), ..AuditFilter::default() }, 10, 0)
        .await
        .unwrap();
    assert!(audited.iter().any(|e| e.fields.iter().any(|f| f == "digest")), "{audited:?}");

    let stopped = post(&app, &cookie, "/account/digest", &[("csrf", &csrf), ("email", ""), ("remove", "1")]).await;
    assert_eq!(location(&stopped), "/account?digest=removed#digest");
    assert!(app.store.contacts().await.unwrap().is_empty());

    // A post without the form's token changes nothing.
    let forged = post(&app, &cookie, "/account/digest", &[("email", "x@example.org"), ("language", "en")]).await;
    assert_ne!(forged.status, StatusCode::SEE_OTHER);
    assert!(app.store.contacts().await.unwrap().is_empty());
}
