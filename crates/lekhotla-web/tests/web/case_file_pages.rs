//! The case file page (`/cases/{number}`) driven as a browser would: signed in with a session cookie,
//! forms posted with their token. The story in time order with sealed fields blanked; an audited reveal
//! (after a step-up when the second factor is old); a case out of scope is the 404 page, opened by
//! break-glass with its reason; a stale edit shows both versions and overwrites nothing; acts not allowed
//! are neither offered nor accepted.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use lekhotla_domain::OrgId;
use lekhotla_identity::{Role, TotpSecret};
use lekhotla_storage::UserAccount;
use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::support::{App, PASSWORD, Reply, csrf_of, send, victim};

mod forms;
mod records;

pub(super) const NOW: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);

/// A signed-in browser: its session cookie and the router (clock) it talks to.
pub(super) struct Browser {
    pub(super) router: axum::Router,
    pub(super) cookie: String,
    pub(super) user: UserAccount,
    pub(super) secret: TotpSecret,
}

fn code_at(secret: &TotpSecret, at: OffsetDateTime) -> String {
    secret.code_at(u64::try_from(at.unix_timestamp()).unwrap())
}

fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&")
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Browser {
    pub(super) async fn sign_in(app: &App, name: &str, roles: &[Role], org: OrgId, district: Option<&str>) -> Browser {
        let (user, secret) = app.user_at(name, roles, org, district).await;
        let secret = secret.unwrap();
        let body = form_body(&[("username", name), ("password", PASSWORD), ("code", &code_at(&secret, NOW))]);
        let req = Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body))
            .unwrap();
        let r = send(app.router.clone(), req).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let cookie = r.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        Browser { router: app.router.clone(), cookie, user, secret }
    }

    pub(super) async fn get(&self, path: &str) -> Reply {
        let req = Request::get(path).header("cookie", &self.cookie).body(Body::empty()).unwrap();
        send(self.router.clone(), req).await
    }

    /// Posts a form with the token of `page`.
    pub(super) async fn post(&self, path: &str, page: &str, pairs: &[(&str, &str)]) -> Reply {
        let csrf = csrf_of(page);
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(pairs);
        let req = Request::post(path)
            .header("cookie", &self.cookie)
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(form_body(&all)))
            .unwrap();
        send(self.router.clone(), req).await
    }
}

/// The value of the hidden field `name` in a page.
pub(super) fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).map(|i| i + marker.len()).unwrap_or_else(|| panic!("no field {name}: {html}"));
    html[start..].split('"').next().unwrap_or_default().to_owned()
}

pub(super) fn org(app: &App, f: impl Fn(&lekhotla_domain::Organisation) -> bool) -> OrgId {
    app.org(f).parse().unwrap()
}

/// A Mafeteng case of the police with a victim, an event before detection and a comment: (id, number).
pub(super) async fn mafeteng_case(app: &App) -> (String, String) {
    let body = json!({"organisation": app.police(), "district": "LS-E", "detection_source": "Police",
        "detected_on": "2026-09-01"});
    let kase = app.created("/api/v1/cases", body).await;
    let (id, number) = (kase.id(), kase.json["number"].as_str().unwrap().to_owned());
    app.created(&format!("/api/v1/cases/{id}/victims"), victim("Canary-Name-Test", "1997-07-07")).await;
    let event = json!({"event_type": "Recruitment", "date": "2026-08-15", "country": "LS", "district": "LS-E",
        "place": "Canary-Farm-Place"});
    app.created(&format!("/api/v1/cases/{id}/events"), event).await;
    app.created(&format!("/api/v1/cases/{id}/comments"), json!({"author": "tester", "text": "Canary-Comment"})).await;
    (id, number)
}

/// The sealed reads of case `id` by `user`, as the auditor's search finds them.
async fn sealed_reads(app: &App, auditor: &str, id: &str, user: lekhotla_storage::UserId) -> Reply {
    let path = format!("/api/v1/audit?action=sealed.read&record=case/{id}&actor=user/{user}");
    app.call(Method::GET, &path, None, &[("authorization", &format!("Bearer {auditor}"))]).await
}

pub(super) fn position(html: &str, what: &str) -> usize {
    html.find(what).unwrap_or_else(|| panic!("{what} is not on the page: {html}"))
}

#[tokio::test]
async fn the_file_tells_the_story_in_order_blanked_and_an_audited_reveal_shows_it() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let auditor = app.token_for("auditor.file", &[Role::Auditor]).await;
    let shelter = org(&app, |o| o.details.services.contains(&lekhotla_domain::ServiceType::Shelter));
    let fp = Browser::sign_in(&app, "lineo.mafeteng", &[Role::FocalPoint], shelter, Some("LS-E")).await;

    let page = fp.get(&format!("/cases/{number}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let html = &page.text;
    assert!(html.contains("<ol class=\"timeline\">"));
    let event = position(html, "Event (Recruitment)");
    let detected = position(html, "Detected by Police");
    let identified = position(html, "identified as a victim");
    let comment = position(html, "Comment by tester");
    assert!(event < detected && detected < identified && identified < comment, "the story is out of order: {html}");
    for canary in ["Canary-Name-Test", "Canary-Farm-Place", "Canary-Comment"] {
        assert!(!html.contains(canary), "{canary} shown on a blanked page");
    }
    assert!(html.contains("Victim 1 [sealed] identified as a victim"), "a blanked person is told apart by number");
    assert!(html.contains("Show sealed fields"));
    let reads = sealed_reads(&app, &auditor, &id, fp.user.id).await;
    assert_eq!(reads.json["items"].as_array().unwrap().len(), 0, "a blanked page is no sealed read");

    let shown = fp.get(&format!("/cases/{number}?reveal=1")).await;
    assert_eq!(shown.status, StatusCode::OK);
    for canary in ["Canary-Name-Test", "Canary-Farm-Place", "Canary-Comment"] {
        assert!(shown.text.contains(canary), "{canary} is revealed");
    }
    let reads = sealed_reads(&app, &auditor, &id, fp.user.id).await;
    assert_eq!(reads.json["items"].as_array().unwrap().len(), 1, "the reveal is audited: {}", reads.text);

    // Ten minutes later the second factor is old: the step-up form first, then the revealed page.
    let later = NOW + time::Duration::minutes(10);
    let fp = Browser { router: app.router_at(later), ..fp };
    let asked = fp.get(&format!("/cases/{number}?reveal=1")).await;
    assert!(asked.text.contains(&format!("/cases/{number}/step-up")), "{}", asked.text);
    assert!(!asked.text.contains("Canary-Name-Test"));
    let wrong = fp.post(&format!("/cases/{number}/step-up"), &asked.text, &[("code", "000000")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.text);
    assert!(!wrong.text.contains("Canary-Name-Test"));
    let code = code_at(&fp.secret, later);
    let stepped = fp.post(&format!("/cases/{number}/step-up"), &asked.text, &[("code", &code)]).await;
    assert_eq!(stepped.status, StatusCode::SEE_OTHER, "{}", stepped.text);
    assert_eq!(stepped.headers["location"], format!("/cases/{number}?reveal=1").as_str());
    let again = fp.get(&format!("/cases/{number}?reveal=1")).await;
    assert!(again.text.contains("Canary-Name-Test"));
}

#[tokio::test]
async fn a_case_out_of_scope_is_a_404_page_until_break_glass_with_its_reason() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let auditor = app.token_for("auditor.file", &[Role::Auditor]).await;
    let shelter = org(&app, |o| o.details.services.contains(&lekhotla_domain::ServiceType::Shelter));
    let fp = Browser::sign_in(&app, "thabo.bothabothe", &[Role::FocalPoint], shelter, Some("LS-B")).await;

    for path in [format!("/cases/{number}"), format!("/cases/{number}/edit-case"), "/cases/LS-2026-999999".into()] {
        let r = fp.get(&path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        assert!(r.text.contains("Not found"), "{path}: {}", r.text);
        assert!(!r.text.contains("Canary"), "{path}");
    }
    let form = fp.get(&format!("/cases/{number}/break-glass")).await;
    assert_eq!(form.status, StatusCode::OK);
    let short = fp.post(&format!("/cases/{number}/break-glass"), &form.text, &[("reason", "urgent")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", short.text);
    let reason = "the victim arrived at our shelter at night injured";
    let granted = fp.post(&format!("/cases/{number}/break-glass"), &form.text, &[("reason", reason)]).await;
    assert_eq!(granted.status, StatusCode::SEE_OTHER, "{}", granted.text);
    let page = fp.get(&format!("/cases/{number}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains(reason), "the grant's reason is on the page");
    assert!(!page.text.contains("/edit-case"), "a break-glass read offers no act");
    let shown = fp.get(&format!("/cases/{number}?reveal=1")).await;
    assert!(shown.text.contains("Canary-Name-Test"));
    let reads = sealed_reads(&app, &auditor, &id, fp.user.id).await;
    let purpose = reads.json["items"][0]["purpose"].as_str().unwrap_or_default().to_owned();
    assert_eq!(purpose, format!("break-glass: {reason}"), "{}", reads.text);
}

#[tokio::test]
async fn a_stale_edit_shows_both_versions_and_overwrites_nothing() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let police = org(&app, |o| o.details.org_type == lekhotla_domain::OrgType::LawEnforcement);
    let fp = Browser::sign_in(&app, "palesa.mafeteng", &[Role::FocalPoint], police, Some("LS-E")).await;
    let path = format!("/cases/{number}/edit-case");
    let form = fp.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let version = hidden(&form.text, "version");
    let orig = |name: &str| hidden(&form.text, &format!("orig.{name}"));
    let (o_owner, o_district, o_source, o_summary) =
        (orig("owner"), orig("district"), orig("detection_source"), orig("summary"));
    assert_eq!(o_district, "LS-E");

    // Someone else saves the summary meanwhile.
    let api = app.get(&format!("/api/v1/cases/{id}")).await;
    let etag = api.etag();
    let theirs = app
        .call(
            Method::PATCH,
            &format!("/api/v1/cases/{id}"),
            Some(json!({"summary": "Summary-Theirs"})),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.text);

    let mine = [
        ("version", version.as_str()),
        ("orig.owner", o_owner.as_str()),
        ("orig.district", o_district.as_str()),
        ("orig.detection_source", o_source.as_str()),
        ("orig.summary", o_summary.as_str()),
        ("owner", ""),
        ("district", "LS-E"),
        ("detection_source", "Police"),
        ("summary", "Summary-Mine"),
    ];
    let stale = fp.post(&path, &form.text, &mine).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(stale.text.contains("Summary-Theirs") && stale.text.contains("Summary-Mine"), "{}", stale.text);
    assert!(stale.text.contains("class=\"selected\""), "the changed field is marked");
    assert!(stale.text.contains("Keep mine") && stale.text.contains("Take theirs"));
    let stored = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(stored.json["summary"], "Summary-Theirs", "nothing was overwritten");
    assert_eq!(stored.etag(), theirs.etag(), "no save at all");

    // Keep mine: the form again at the new version, what the other saved as what it showed.
    let keep = [
        ("version", &*hidden(&stale.text, "version")),
        ("orig.owner", &*hidden(&stale.text, "orig.owner")),
        ("orig.district", &*hidden(&stale.text, "orig.district")),
        ("orig.detection_source", &*hidden(&stale.text, "orig.detection_source")),
        ("orig.summary", &*hidden(&stale.text, "orig.summary")),
        ("owner", ""),
        ("district", "LS-E"),
        ("detection_source", "Police"),
        ("summary", "Summary-Mine"),
    ]
    .map(|(k, v)| (k, v.to_owned()));
    let keep: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = fp.post(&path, &stale.text, &keep).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let stored = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(stored.json["summary"], "Summary-Mine");
}

#[tokio::test]
async fn acts_not_allowed_are_not_offered_nor_accepted() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let police = org(&app, |o| o.details.org_type == lekhotla_domain::OrgType::LawEnforcement);
    let inv = Browser::sign_in(&app, "teboho.investigator", &[Role::Investigator], police, None).await;
    let page = inv.get(&format!("/cases/{number}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains(&format!("/cases/{number}/close-case")), "the investigator may close it");
    assert!(page.text.contains(&format!("/cases/{number}/comment")));
    for act in ["record-support-plan", "reopen-case"] {
        let href = format!("/cases/{number}/{act}");
        assert!(!page.text.contains(&format!("\"{href}\"")), "{act} is offered");
        let get = inv.get(&href).await;
        assert_eq!(get.status, StatusCode::FORBIDDEN, "{act}");
        let post = inv.post(&href, &page.text, &[("status", "Active"), ("objectives", "x")]).await;
        assert_eq!(post.status, StatusCode::FORBIDDEN, "{act}: {}", post.text);
    }
    let before = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(before.json["support_plans"].as_array().unwrap().len(), 0);

    // An act on offer works from its form: a comment, then the story shows it.
    let form = inv.get(&format!("/cases/{number}/comment")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let done = inv.post(&format!("/cases/{number}/comment"), &form.text, &[("text", "Docket-Comment-Canary")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let shown = inv.get(&format!("/cases/{number}?reveal=1")).await;
    assert!(shown.text.contains("Docket-Comment-Canary"), "{}", shown.text);
    let empty = inv.post(&format!("/cases/{number}/comment"), &form.text, &[("text", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.text);
    assert!(empty.text.contains("aria-invalid=\"true\""), "{}", empty.text);
}
