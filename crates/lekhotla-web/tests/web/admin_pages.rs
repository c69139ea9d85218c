//! Administration on the pages: an administrator creates a user (who enrols at first sign-in), resets
//! their second factor, changes their roles and disables them; issues an API token shown once; the auditor
//! finds a break-glass reason on `/audit`; the coordinator reviews and revokes grants on `/break-glass`.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use lekhotla_storage::{Action, AuditFilter, UserId};
use serde_json::json;

use crate::account_pages::{NOW, enrol, location, page, post, sign_in_page, text_of};
use crate::support::{App, PASSWORD, csrf_of};

#[tokio::test]
async fn an_administrator_creates_a_user_who_enrols_and_resets_their_second_factor() {
    let app = App::at(NOW).await;
    app.user("page.admin", &[Role::Admin]).await;
    let (admin, _) = sign_in_page(&app, "page.admin", PASSWORD).await;
    let overview = page(&app, &admin, "/admin").await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.text);
    assert!(overview.text.contains("page.admin") && overview.text.contains("class=\"grid stack\""));
    let form = page(&app, &admin, "/admin/users/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let csrf = csrf_of(&form.text);
    let police = app.police();

    let none = post(
        &app,
        &admin,
        "/admin/users/new",
        &[("csrf", &csrf), ("username", "new.worker"), ("organisation", &police)],
    )
    .await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(
        none.text.contains("Choose at least one role") && none.text.contains("value=\"new.worker\""),
        "{}",
        none.text
    );
    let focal =
        [("csrf", csrf.as_str()), ("username", "new.focal"), ("organisation", &police), ("roles", "focal-point")];
    let r = post(&app, &admin, "/admin/users/new", &focal).await;
    assert!(r.text.contains("A focal point needs a district"), "{}", r.text);

    let fields = [
        ("csrf", csrf.as_str()),
        ("username", "new.worker"),
        ("organisation", &police),
        ("roles", "case-worker"),
        ("roles", "investigator"),
        ("district", ""),
    ];
    let made = post(&app, &admin, "/admin/users/new", &fields).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    let password = text_of(&made.text, "one-off-password");
    assert!(made.text.contains("QR code"), "{}", made.text);
    let user = app.store.find_user(&"new.worker".parse().unwrap()).await.unwrap().unwrap();
    assert!(user.roles.contains(Role::CaseWorker) && user.roles.contains(Role::Investigator));
    assert!(user.totp_secret_sealed.is_none());
    let taken = post(&app, &admin, "/admin/users/new", &fields).await;
    assert!(taken.text.contains("This username is taken"), "{}", taken.text);

    // The newcomer signs in with the one-off password and enrols.
    let (cookie, to) = sign_in_page(&app, "new.worker", &password).await;
    assert_eq!(to, "/account/enrol");
    enrol(&app, &cookie).await;
    assert_eq!(page(&app, &cookie, "/api/v1/cases").await.status, StatusCode::OK);

    // A lost phone: the administrator resets the second factor; the person's sessions end and the next
    // sign-in enrols again.
    let at = format!("/admin/users/{}", user.id);
    let edit = page(&app, &admin, &at).await;
    assert!(edit.text.contains("Reset the second factor") && edit.text.contains("enrolled"), "{}", edit.text);
    let csrf = csrf_of(&edit.text);
    let reset = post(&app, &admin, &format!("{at}/reset-second-factor"), &[("csrf", &csrf)]).await;
    assert_eq!((reset.status, location(&reset)), (StatusCode::SEE_OTHER, format!("{at}?done=reset")));
    assert_eq!(page(&app, &cookie, "/api/v1/cases").await.status, StatusCode::UNAUTHORIZED, "sessions ended");
    let filter = AuditFilter {
        record: Some(format!("user/{}", user.id)),
        action: Some(Action::UserUpdate),
        ..Default::default()
    };
    let entries = app.store.search_audit(&filter, 10, 0).await.unwrap();
    let admin_id = app.store.find_user(&"page.admin".parse().unwrap()).await.unwrap().unwrap().id;
    assert!(
        entries.iter().any(|e| e.actor == format!("user/{admin_id}") && e.fields == ["totp_secret", "recovery_codes"])
    );
    let (again, to) = sign_in_page(&app, "new.worker", &password).await;
    assert_eq!(to, "/account/enrol");
    enrol(&app, &again).await;

    // Roles changed with the version read; a stale form changes nothing.
    let edit = page(&app, &admin, &at).await;
    let version = app.store.get_user(user.id).await.unwrap().unwrap().version.to_string();
    let change = [("csrf", csrf.as_str()), ("version", &version), ("organisation", &police), ("roles", "prosecutor")];
    let saved = post(&app, &admin, &at, &change).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert!(edit.text.contains("checked"), "the roles are ticked: {}", edit.text);
    let changed = app.store.get_user(user.id).await.unwrap().unwrap();
    assert!(changed.roles.contains(Role::Prosecutor) && !changed.roles.contains(Role::CaseWorker));
    let stale = post(&app, &admin, &at, &change).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(
        stale.text.contains("changed this account after you opened it")
            && stale.text.contains("Your choice was: Prosecutor"),
        "{}",
        stale.text
    );
    assert!(
        stale.text.contains(&format!("name=\"version\" value=\"{}\"", changed.version)),
        "the form is the account as it is now"
    );
    assert_eq!(app.store.get_user(user.id).await.unwrap().unwrap().version, changed.version, "nothing overwritten");

    // Disabled: no sign-in; enabled again: signs in.
    let r = post(&app, &admin, &format!("{at}/disable"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let body = json!({"username": "new.worker", "password": password});
    assert_eq!(
        app.anonymous(Method::POST, "/api/v1/session", Some(body.clone())).await.status,
        StatusCode::UNAUTHORIZED
    );
    let own = post(&app, &admin, &format!("/admin/users/{admin_id}/disable"), &[("csrf", &csrf)]).await;
    assert_eq!(own.status, StatusCode::CONFLICT, "not one's own account");
    let r = post(&app, &admin, &format!("{at}/enable"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.store.get_user(user.id).await.unwrap().unwrap().is_active());

    // Others may not: an auditor's session gets no administration page.
    app.user("page.auditor", &[Role::Auditor]).await;
    let (auditor, _) = sign_in_page(&app, "page.auditor", PASSWORD).await;
    assert_eq!(page(&app, &auditor, "/admin").await.status, StatusCode::FORBIDDEN);
    assert_eq!(page(&app, &auditor, "/admin/users/new").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_organisation_is_created_and_changed_on_the_page() {
    let app = App::at(NOW).await;
    app.user("org.admin", &[Role::Admin]).await;
    let (admin, _) = sign_in_page(&app, "org.admin", PASSWORD).await;
    let form = page(&app, &admin, "/admin/organisations/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let csrf = csrf_of(&form.text);
    let base = [
        ("csrf", csrf.as_str()),
        ("name", "Synthetic Help Desk"),
        ("org_type", "NGO"),
        ("district", "LS-A"),
        ("country", "LS"),
    ];
    let mut bad = base.to_vec();
    bad.push(("phone", "not a phone"));
    let r = post(&app, &admin, "/admin/organisations/new", &bad).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.text.contains("id=\"phone-error\"") && r.text.contains("Synthetic Help Desk"), "{}", r.text);
    let mut good = base.to_vec();
    good.push(("services", "Counselling"));
    let r = post(&app, &admin, "/admin/organisations/new", &good).await;
    assert_eq!((r.status, location(&r).as_str()), (StatusCode::SEE_OTHER, "/admin"), "{}", r.text);
    let org = app
        .store
        .list_organisations()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.details.name == "Synthetic Help Desk")
        .unwrap();
    let at = format!("/admin/organisations/{}", org.id);
    let edit = page(&app, &admin, &at).await;
    assert!(edit.text.contains("value=\"Counselling\" checked"), "{}", edit.text);
    let version = org.version.to_string();
    let change = [
        ("csrf", csrf.as_str()),
        ("version", &version),
        ("name", "Synthetic Help Desk Maseru"),
        ("org_type", "NGO"),
        ("district", "LS-A"),
        ("country", "LS"),
    ];
    let r = post(&app, &admin, &at, &change).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(app.store.get_organisation(org.id).await.unwrap().unwrap().details.name, "Synthetic Help Desk Maseru");
    // The same form again, read before that save: refused, and the page shows the organisation as it is
    // now with what was typed beside it; nothing is overwritten.
    let mut again = change.to_vec();
    again[2] = ("name", "Synthetic Help Desk Berea");
    let stale = post(&app, &admin, &at, &again).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(
        stale.text.contains("changed this organisation after you opened it")
            && stale.text.contains("What you had typed: Synthetic Help Desk Berea"),
        "{}",
        stale.text
    );
    let now = app.store.get_organisation(org.id).await.unwrap().unwrap();
    assert_eq!(now.details.name, "Synthetic Help Desk Maseru");
    assert!(stale.text.contains(&format!("name=\"version\" value=\"{}\"", now.version)), "{}", stale.text);
    assert!(stale.text.contains("value=\"Synthetic Help Desk Maseru\""), "{}", stale.text);
}

#[tokio::test]
async fn a_token_issued_on_the_page_is_shown_once_and_works() {
    let app = App::at(NOW).await;
    app.user("tok.admin", &[Role::Admin]).await;
    let (user, _) = app.user("tok.bridge", &[Role::Investigator]).await;
    let (admin, _) = sign_in_page(&app, "tok.admin", PASSWORD).await;
    let list = page(&app, &admin, "/admin/tokens").await;
    assert!(list.text.contains("action=\"/admin/tokens\""), "{}", list.text);
    let csrf = csrf_of(&list.text);
    let id = user.id.to_string();
    let too_much =
        [("csrf", csrf.as_str()), ("user", &id), ("name", "bridge"), ("scopes", "read-audit"), ("days", "30")];
    let r = post(&app, &admin, "/admin/tokens", &too_much).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(
        r.text.contains("do not allow one of these scopes") && r.text.contains("value=\"read-audit\" checked"),
        "{}",
        r.text
    );
    assert!(app.store.list_api_tokens(Some(user.id)).await.unwrap().is_empty(), "a token cannot do more than its user");
    let fields =
        [("csrf", csrf.as_str()), ("user", &id), ("name", "border bridge"), ("scopes", "read-cases"), ("days", "30")];
    let made = post(&app, &admin, "/admin/tokens", &fields).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    let token = text_of(&made.text, "new-token");
    assert!(token.len() > 20, "{token}");
    let bearer = format!("Bearer {token}");
    let r = app.call(Method::GET, "/api/v1/cases", None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app.call(Method::GET, "/api/v1/organisations", None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "its scope only");
    let list = page(&app, &admin, "/admin/tokens").await;
    assert!(list.text.contains("border bridge") && !list.text.contains(&token), "shown once: {}", list.text);
    let tokens = app.store.list_api_tokens(Some(UserId(user.id.0))).await.unwrap();
    assert_eq!(tokens[0].expires_at, NOW + time::Duration::days(30));
}

#[tokio::test]
async fn the_auditor_sees_a_break_glass_reason_and_the_coordinator_revokes_the_grant() {
    const REASON: &str = "victim arrived at our shelter at night, injured";
    let app = App::at(NOW).await;
    let case = app.new_case().await.id();
    let shelter: lekhotla_domain::OrgId = app.shelter().parse().unwrap();
    let (worker, _) = app.user_at("glass.worker", &[Role::CaseWorker], shelter, None).await;
    let bearer = format!("Bearer {}", app.token_of(&worker).await);
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/cases/{case}/break-glass"),
            Some(json!({"reason": REASON})),
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

    app.user("page.auditor", &[Role::Auditor]).await;
    let (auditor, to) = sign_in_page(&app, "page.auditor", PASSWORD).await;
    assert_eq!(to, "/work");
    let trail = page(&app, &auditor, "/audit?action=break_glass").await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.text);
    assert!(trail.text.contains(REASON) && trail.text.contains("glass.worker"), "{}", trail.text);
    let other = page(&app, &auditor, "/audit?action=login.failure").await;
    assert!(!other.text.contains(REASON), "the filter holds");
    let bad = page(&app, &auditor, "/audit?from=yesterday").await;
    assert!(bad.text.contains("year-month-day"), "{}", bad.text);
    let form = page(&app, &auditor, "/audit/subject").await;
    let csrf = csrf_of(&form.text);
    let ask = |purpose: &'static str| {
        [("csrf", csrf.clone()), ("name", "Nobody Synthetic".into()), ("purpose", purpose.into())]
    };
    let fields = ask("x");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let subject = post(&app, &auditor, "/audit/subject", &fields).await;
    assert!(subject.text.contains("at least three words"), "{}", subject.text);
    let fields = ask("DPA request 2026-14 from the person");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let subject = post(&app, &auditor, "/audit/subject", &fields).await;
    assert!(subject.text.contains("Records that hold this name: 0"), "{}", subject.text);
    let searched = AuditFilter { action: Some(Action::SubjectSearch), ..Default::default() };
    let entries = app.store.search_audit(&searched, 10, 0).await.unwrap();
    assert_eq!(entries[0].purpose.as_deref(), Some("DPA request 2026-14 from the person"), "recorded with its purpose");
    assert_eq!(page(&app, &auditor, "/break-glass").await.status, StatusCode::FORBIDDEN);

    app.user_at("glass.coordinator", &[Role::NationalCoordinator], shelter, None).await;
    let coordinator = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(json!({"username": "glass.coordinator", "password": PASSWORD})),
            &[],
        )
        .await;
    assert_eq!(coordinator.status, StatusCode::UNAUTHORIZED, "the coordinator needs a code");
    let secret = app.store.find_user(&"glass.coordinator".parse().unwrap()).await.unwrap().unwrap();
    assert!(secret.totp_secret_sealed.is_some());
    let coordinator = coordinator_cookie(&app).await;
    let review = page(&app, &coordinator, "/break-glass").await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.text);
    assert!(review.text.contains(REASON) && review.text.contains("/revoke\""), "{}", review.text);
    let form = review.text.split("action=\"/break-glass/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let r = post(&app, &coordinator, &format!("/break-glass/{form}"), &[("csrf", &csrf_of(&review.text))]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let review = page(&app, &coordinator, "/break-glass").await;
    assert!(review.text.contains("revoked") && !review.text.contains("/revoke\""), "{}", review.text);
    let r = app.call(Method::GET, &format!("/api/v1/cases/{case}"), None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "the grant admits no one now");
}

/// A session of a national coordinator with a fresh code (made with the secret the test helper keeps).
async fn coordinator_cookie(app: &App) -> String {
    let (user, secret) = app.user("glass.coord2", &[Role::NationalCoordinator]).await;
    let code = secret.unwrap().code_at(u64::try_from(NOW.unix_timestamp()).unwrap());
    let body = json!({"username": user.username.as_str(), "password": PASSWORD, "code": code});
    let r = app.anonymous(Method::POST, "/api/v1/session", Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    format!("lekhotla_session={}", r.json["token"].as_str().unwrap())
}
