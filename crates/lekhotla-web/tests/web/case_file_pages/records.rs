//! The forms of a case's own records that the story links to: an event's and a support plan's edit and a
//! consent's withdrawal, each saved through the domain, a stale save showing both versions and keeping
//! theirs until "keep mine"; the sealed placeholder in the reader's language where it is shown, and the
//! API's placeholder in a form's values (writing it back keeps the stored value).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use super::{Browser, NOW, hidden, mafeteng_case, org};
use crate::support::{App, Reply, send};

/// The case's police focal point in Mafeteng, signed in.
async fn focal_point(app: &App, name: &str) -> Browser {
    let police = org(app, |o| o.details.org_type == lekhotla_domain::OrgType::LawEnforcement);
    Browser::sign_in(app, name, &[Role::FocalPoint], police, Some("LS-E")).await
}

/// Posts `form` back with its version and what it showed, `changes` typed over its fields.
async fn save(b: &Browser, path: &str, form: &Reply, fields: &[&str], changes: &[(&str, &str)]) -> Reply {
    let mut pairs: Vec<(String, String)> = vec![("version".into(), hidden(&form.text, "version"))];
    for f in fields {
        let orig = hidden(&form.text, &format!("orig.{f}"));
        let typed = changes.iter().find(|(k, _)| k == f).map_or(orig.clone(), |(_, v)| (*v).to_owned());
        pairs.push((format!("orig.{f}"), orig));
        pairs.push(((*f).to_owned(), typed));
    }
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post(path, &form.text, &pairs).await
}

const EVENT: [&str; 8] = ["event_type", "date", "country", "district", "city", "place", "description", "victim"];

#[tokio::test]
async fn an_event_is_edited_from_the_story_and_a_stale_save_keeps_theirs_until_keep_mine() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let fp = focal_point(&app, "lerato.mafeteng").await;
    let stored = app.get(&format!("/api/v1/cases/{id}")).await;
    let event = stored.json["events"][0].clone();
    let eid = event["id"].as_str().unwrap();
    let path = format!("/cases/{number}/events/{eid}/edit");

    let file = fp.get(&format!("/cases/{number}")).await;
    assert!(file.text.contains(&format!("href=\"{path}\"")), "the story links to the event's form: {}", file.text);
    let form = fp.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("value=\"Canary-Farm-Place\""), "revealed within the step-up's five minutes");

    // Saved: the place changes, the rest keeps its value.
    let done = save(&fp, &path, &form, &EVENT, &[("city", "Canary-City")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let e = &app.get(&format!("/api/v1/cases/{id}")).await.json["events"][0];
    assert_eq!(
        (e["city"].as_str(), e["place"].as_str(), e["district"].as_str()),
        (Some("Canary-City"), Some("Canary-Farm-Place"), Some("LS-E"))
    );

    // Stale: someone else changes the place meanwhile; mine is not saved, both are shown.
    let form = fp.get(&path).await;
    let etag = format!("\"{}\"", e["version"]);
    let api = format!("/api/v1/cases/{id}/events/{eid}");
    let theirs = app.call(Method::PATCH, &api, Some(json!({"place": "Place-Theirs"})), &[("if-match", &etag)]).await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.text);
    let stale = save(&fp, &path, &form, &EVENT, &[("place", "Place-Mine")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(
        stale.text.contains("<del>Place-Theirs</del>") && stale.text.contains("<ins>Place-Mine</ins>"),
        "{}",
        stale.text
    );
    assert_eq!(app.get(&format!("/api/v1/cases/{id}")).await.json["events"][0]["place"], "Place-Theirs");

    // Keep mine: the form as it came back (its version and their values as read), mine typed in it.
    let kept = save(&fp, &path, &stale, &EVENT, &[("place", "Place-Mine")]).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.text);
    let e = &app.get(&format!("/api/v1/cases/{id}")).await.json["events"][0];
    assert_eq!(e["place"], "Place-Mine");
    assert_eq!(e["city"], "Canary-City", "what neither changed stays");

    // A date in the future is refused next to its field, what was typed kept.
    let form = fp.get(&path).await;
    let bad = save(&fp, &path, &form, &EVENT, &[("date", "2027-03-01")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("id=\"err-date\"") && bad.text.contains("value=\"2027-03-01\""), "{}", bad.text);
}

#[tokio::test]
async fn a_support_plan_is_edited_and_a_consent_withdrawn_and_a_stale_withdrawal_shows_theirs() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let c = format!("/api/v1/cases/{id}");
    let victim = app.get(&c).await.json["victims"][0]["id"].as_str().unwrap().to_owned();
    let plan = app
        .created(
            &format!("{c}/support-plans"),
            json!({"victim": victim, "plan_type": "Health",
            "objectives": "Canary-Objectives", "started_on": "2026-10-01"}),
        )
        .await;
    let consent =
        |purpose: &str| json!({"victim": victim, "purpose": purpose, "given": true, "recorded_on": "2026-10-01"});
    let services = app.created(&format!("{c}/consents"), consent("Services")).await.id();
    let data = app.created(&format!("{c}/consents"), consent("Statistics")).await.id();
    let fp = focal_point(&app, "mosa.mafeteng").await;

    let plan_path = format!("/cases/{number}/support-plans/{}/edit", plan.id());
    let file = fp.get(&format!("/cases/{number}")).await;
    for link in [plan_path.clone(), format!("/cases/{number}/consents/{services}/withdraw")] {
        assert!(file.text.contains(&format!("href=\"{link}\"")), "{link}: {}", file.text);
    }
    let form = fp.get(&plan_path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let fields =
        ["victim", "plan_type", "provider", "objectives", "action_plan", "started_on", "planned_end", "actual_end"];
    let done = save(&fp, &plan_path, &form, &fields, &[("actual_end", "2026-11-01")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let p = &app.get(&c).await.json["support_plans"][0];
    assert_eq!((p["actual_end"].as_str(), p["objectives"].as_str()), (Some("2026-11-01"), Some("Canary-Objectives")));

    // A consent withdrawn from its form; its link leaves the story.
    let path = format!("/cases/{number}/consents/{services}/withdraw");
    let form = fp.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("<p>Consent for Services, recorded on"), "which consent: {}", form.text);
    let done = save(&fp, &path, &form, &["on"], &[("on", "2026-11-15")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let x = &app.get(&c).await.json["consents"];
    assert_eq!(x[0]["withdrawn_on"], "2026-11-15", "{x}");
    assert!(!fp.get(&format!("/cases/{number}")).await.text.contains(&format!("href=\"{path}\"")));

    // Someone else withdraws the other consent after this form was read: theirs is shown, nothing saved.
    let path = format!("/cases/{number}/consents/{data}/withdraw");
    let form = fp.get(&path).await;
    let etag = format!("\"{}\"", x[1]["version"]);
    let theirs = app
        .call(
            Method::POST,
            &format!("{c}/consents/{data}/withdraw"),
            Some(json!({"on": "2026-11-10"})),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.text);
    let stale = save(&fp, &path, &form, &["on"], &[("on", "2026-11-16")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(stale.text.contains("2026-11-10") && stale.text.contains("2026-11-16"), "{}", stale.text);
    assert_eq!(app.get(&c).await.json["consents"][1]["withdrawn_on"], "2026-11-10");
}

#[tokio::test]
async fn the_sealed_placeholder_reads_in_sesotho_where_shown_and_stays_the_apis_in_form_values() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let fp = focal_point(&app, "pule.mafeteng").await;
    // Ten minutes later the second factor is old: everything is read blanked.
    let fp = Browser { router: app.router_at(NOW + time::Duration::minutes(10)), ..fp };
    let in_sesotho = |path: String| {
        let req = Request::get(path)
            .header("cookie", &fp.cookie)
            .header("accept-language", "st")
            .body(Body::empty())
            .unwrap();
        send(fp.router.clone(), req)
    };
    let page = in_sesotho(format!("/cases/{number}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("[e notletsoe]"), "{}", page.text);
    assert!(!page.text.contains("[sealed]"), "the English placeholder on a Sesotho page: {}", page.text);
    let english = fp.get(&format!("/cases/{number}")).await;
    assert!(english.text.contains("[sealed]") && !english.text.contains("[e notletsoe]"));

    // The event's form, blanked: its values are the API's placeholder, so that sending them back keeps them.
    let eid = app.get(&format!("/api/v1/cases/{id}")).await.json["events"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/cases/{number}/events/{eid}/edit");
    let form = in_sesotho(path.clone()).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("name=\"place\" value=\"[sealed]\""), "{}", form.text);
    let done = save(&fp, &path, &form, &EVENT, &[("date", "2026-08-16")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let e = &app.get(&format!("/api/v1/cases/{id}")).await.json["events"][0];
    assert_eq!((e["date"].as_str(), e["place"].as_str()), (Some("2026-08-16"), Some("Canary-Farm-Place")));
}
