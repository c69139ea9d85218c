//! The referral pages: the police send a referral from the case's form, the shelter accepts it, records
//! the service and closes it, each in its own browser session; the shelter then loses the case. Field
//! errors and stale versions answer the form again without changing anything.

use axum::http::{Method, StatusCode};
use lekhotla_domain::OrgId;
use lekhotla_identity::Role;
use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::support::{App, PASSWORD, Reply, send};

const NOW: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);

/// A person signed in with a browser session (cookie), posting forms as a browser does.
pub struct Browser<'a> {
    pub app: &'a App,
    pub cookie: String,
}

impl<'a> Browser<'a> {
    /// Creates a user of `roles` at `org` and signs them in (password and a fresh code).
    pub async fn sign_in(app: &'a App, name: &str, roles: &[Role], org: &str) -> Browser<'a> {
        let org: OrgId = org.parse().unwrap();
        let district = roles.contains(&Role::FocalPoint).then_some("LS-C");
        let (_, secret) = app.user_at(name, roles, org, district).await;
        let code = secret.map(|s| s.code_at(u64::try_from(NOW.unix_timestamp()).unwrap())).unwrap_or_default();
        let r = app
            .anonymous(
                Method::POST,
                "/api/v1/session",
                Some(json!({"username": name, "password": PASSWORD, "code": code})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        Browser { app, cookie: format!("lekhotla_session={}", r.json["token"].as_str().unwrap()) }
    }

    /// A JSON API call from the browser session (for the steps that are other parts' pages).
    pub async fn api(&self, path: &str, body: serde_json::Value) -> Reply {
        let headers = [("cookie", self.cookie.as_str()), ("sec-fetch-site", "same-origin")];
        self.app.call(Method::POST, path, Some(body), &headers).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.app.call(Method::GET, path, None, &[("cookie", &self.cookie)]).await
    }

    /// Opens the form at `path` and posts it as a browser would: what the page filled in (its token,
    /// version and defaults), with `fields` typed over it.
    pub async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let page = self.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text);
        let form = &page.text[page.text.find("<form method=\"post\" action=\"/cases").expect("the page's form")..];
        let mut pairs: Vec<(String, String)> =
            prefilled(form).into_iter().filter(|(k, _)| !fields.iter().any(|(f, _)| f == k)).collect();
        pairs.extend(fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        self.post(path, &pairs).await
    }

    pub async fn post(&self, path: &str, pairs: &[(String, String)]) -> Reply {
        let body = serde_html_form::to_string(pairs).unwrap();
        let req = axum::http::Request::post(path)
            .header("cookie", &self.cookie)
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap();
        send(self.app.router.clone(), req).await
    }
}

/// The values a form's page filled in: its inputs' values (checked boxes only) and selected options.
pub fn prefilled(form: &str) -> Vec<(String, String)> {
    let form = &form[..form.find("</form>").unwrap_or(form.len())];
    let attr = |tag: &str, name: &str| {
        let marker = format!(" {name}=\"");
        tag.find(&marker).map(|i| tag[i + marker.len()..].split('"').next().unwrap_or_default().to_owned())
    };
    let mut out = Vec::new();
    for tag in form.split("<input").skip(1).map(|t| t.split('>').next().unwrap_or_default()) {
        let (Some(name), Some(value)) = (attr(tag, "name"), attr(tag, "value")) else { continue };
        if attr(tag, "type").as_deref() == Some("checkbox") && !tag.contains(" checked") {
            continue;
        }
        if !value.is_empty() {
            out.push((name, value.replace("&#39;", "'").replace("&amp;", "&")));
        }
    }
    for select in form.split("<select").skip(1) {
        let Some(name) = attr(select.split('>').next().unwrap_or_default(), "name") else { continue };
        let body = &select[..select.find("</select>").unwrap_or(select.len())];
        if let Some(chosen) =
            body.split("<option").find(|o| o.split('>').next().unwrap_or_default().contains(" selected"))
        {
            out.push((name, attr(chosen, "value").unwrap_or_default()));
        }
    }
    out
}

/// The first link of `html` that starts with `prefix`.
pub fn link(html: &str, prefix: &str) -> Option<String> {
    let marker = format!("href=\"{prefix}");
    let start = html.find(&marker)? + "href=\"".len();
    html[start..].split('"').next().map(|s| s.replace("&amp;", "&"))
}

pub fn location(r: &Reply) -> String {
    r.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// A case registered by the police through the API (registration is another part's page).
pub async fn police_case(app: &App) -> (String, String) {
    let kase = app.new_case().await;
    (kase.id(), kase.json["number"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn the_police_refer_the_shelter_accepts_and_loses_the_case_when_the_referral_closes() {
    let app = App::at(NOW).await;
    let (id, number) = police_case(&app).await;
    let police = Browser::sign_in(&app, "thabo.police", &[Role::Investigator], &app.police()).await;
    let shelter = Browser::sign_in(&app, "lineo.shelter", &[Role::CaseWorker], &app.shelter()).await;
    assert_eq!(shelter.get(&format!("/api/v1/cases/{id}")).await.status, StatusCode::NOT_FOUND, "not yet referred");

    // The police send it: the form lists the shelter; a referral with no service is answered with the form.
    let send = format!("/cases/{number}/send-referral");
    let form = police.get(&send).await;
    assert!(form.text.contains(&app.shelter()), "the shelter is a choice");
    assert!(form.text.contains("<h1>Send a referral</h1>"));
    let base =
        [("to_org", app.shelter()), ("reason", "AdditionalServicesRequired".into()), ("sent_on", "2026-11-19".into())];
    let fields: Vec<(&str, &str)> = base.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let missing = police.submit(&send, &fields).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", missing.text);
    assert!(missing.text.contains("Choose at least one service."), "{}", missing.text);
    assert!(missing.text.contains("value=\"2026-11-19\""), "what was typed is kept");
    let mut with_service = fields.clone();
    with_service.push(("service", "Shelter"));
    let sent = police.submit(&send, &with_service).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    assert_eq!(location(&sent), format!("/cases/{number}"));

    // The police's outbox has it, waiting one day; the shelter's inbox offers accept and decline.
    let outbox = police.get("/referrals?box=outbox").await;
    assert!(outbox.text.contains(&number) && outbox.text.contains("1 day"), "{}", outbox.text);
    assert!(outbox.text.contains("revoke-referral"));
    let inbox = shelter.get("/referrals").await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(inbox.text.contains(&number), "{}", inbox.text);
    let accept = link(&inbox.text, &format!("/cases/{number}/referrals/")).unwrap();
    assert!(accept.ends_with("/accept-referral"), "{accept}");
    assert!(inbox.text.contains("decline-referral"));
    let referral = accept.trim_end_matches("/accept-referral").to_owned();

    // The police may not accept their own referral: no form for them.
    assert_eq!(police.get(&accept).await.status, StatusCode::FORBIDDEN);

    // A stale version changes nothing and shows the form again with what is stored.
    let stale = shelter.submit(&accept, &[("on", "2026-11-20"), ("version", "7")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(stale.text.contains("Someone else changed this record"), "{}", stale.text);
    // Declining needs a reason.
    let decline = format!("{referral}/decline-referral");
    let no_reason = shelter.submit(&decline, &[("on", "2026-11-20"), ("reason", "  ")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_reason.text);
    assert!(no_reason.text.contains("aria-invalid=\"true\"") && no_reason.text.contains("field-error"));

    let accepted = shelter.submit(&accept, &[("on", "2026-11-20")]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.text);
    assert_eq!(shelter.get(&format!("/api/v1/cases/{id}")).await.status, StatusCode::OK, "the shelter works the case");
    let delivered = shelter
        .submit(&format!("{referral}/deliver-referral"), &[("on", "2026-11-20"), ("note", "Bed and meals")])
        .await;
    assert_eq!(delivered.status, StatusCode::SEE_OTHER, "{}", delivered.text);
    let closed = shelter.submit(&format!("{referral}/close-referral"), &[("on", "2026-11-20")]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.text);
    assert_eq!(location(&closed), "/referrals?ended=1", "the case is no longer the shelter's to open");

    // The shelter has lost the case: its pages and the API answer 404.
    assert_eq!(shelter.get(&format!("/api/v1/cases/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(shelter.get(&send).await.status, StatusCode::NOT_FOUND);
    assert_eq!(shelter.get(&format!("{referral}/close-referral")).await.status, StatusCode::NOT_FOUND);
    let outbox = police.get("/referrals?box=outbox&state=Closed").await;
    assert!(outbox.text.contains(&number) && outbox.text.contains("Closed"), "{}", outbox.text);
    // Another organisation's boxes are the national coordinator's to see, not the shelter's.
    let police_outbox = format!("/referrals?box=outbox&organisation={}", app.police());
    assert_eq!(shelter.get(&police_outbox).await.status, StatusCode::FORBIDDEN);
    let seen = app.get(&police_outbox).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.text);
    assert!(seen.text.contains(&number) && seen.text.contains("name=\"organisation\""), "{}", seen.text);
    let sesotho = app
        .call(Method::GET, "/referrals?box=outbox", None, &[("cookie", &police.cookie), ("accept-language", "st")])
        .await;
    assert!(sesotho.text.contains("Liphetisetso"), "{}", sesotho.text);
}
