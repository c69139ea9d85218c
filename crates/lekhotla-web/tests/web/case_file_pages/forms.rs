//! The case file's forms, each saved through the domain (records, people, the case's own fields), a stale
//! person edit, the coordinator's correction, the page in Sesotho, and the whole story of a prosecuted case.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use super::{Browser, NOW, hidden, mafeteng_case, org, position};
use crate::support::{App, send};
#[tokio::test]
async fn records_and_people_are_changed_from_their_forms_and_a_stale_person_edit_keeps_theirs() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let police = org(&app, |o| o.details.org_type == lekhotla_domain::OrgType::LawEnforcement);
    let fp = Browser::sign_in(&app, "neo.mafeteng", &[Role::FocalPoint], police, Some("LS-E")).await;

    // A new event from its form.
    let form = fp.get(&format!("/cases/{number}/record-event")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let event = [
        ("event_type", "Transit"),
        ("date", "2026-08-20"),
        ("country", "LS"),
        ("district", "LS-E"),
        ("place", "Canary-Transit-Stop"),
        ("victim", ""),
    ];
    let done = fp.post(&format!("/cases/{number}/record-event"), &form.text, &event).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let stored = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(stored.json["events"].as_array().unwrap().len(), 2, "{}", stored.text);
    let future = [("event_type", "Transit"), ("date", "2027-01-01"), ("country", "LS")];
    let bad = fp.post(&format!("/cases/{number}/record-event"), &form.text, &future).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("value=\"2027-01-01\""), "what was typed is kept");

    // A victim's edit, stale: the other person's surname is kept and shown beside this one's.
    let victim = stored.json["victims"][0].clone();
    let path = format!("/cases/{number}/victims/{}/edit", victim["id"].as_str().unwrap());
    let form = fp.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("value=\"Canary-Name-Test\""), "revealed within the step-up's five minutes");
    let etag = format!("\"{}\"", victim["version"]);
    let api = format!("/api/v1/cases/{id}/victims/{}", victim["id"].as_str().unwrap());
    let patch = json!({"person": {"second_name": "Surname-Theirs"}});
    let theirs = app.call(Method::PATCH, &api, Some(patch), &[("if-match", &etag)]).await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.text);
    let fields = ["person.first_name", "person.second_name", "person.birthdate", "person.gender", "person.phone"];
    let mut mine: Vec<(String, String)> = vec![("version".into(), hidden(&form.text, "version"))];
    for f in fields.iter().chain(&["context.identified_on"]) {
        let orig = hidden(&form.text, &format!("orig.{f}"));
        mine.push((format!("orig.{f}"), orig.clone()));
        mine.push(((*f).to_owned(), if *f == "person.second_name" { "Surname-Mine".into() } else { orig }));
    }
    let pairs: Vec<(&str, &str)> = mine.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let stale = fp.post(&path, &form.text, &pairs).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(stale.text.contains("Surname-Theirs") && stale.text.contains("Surname-Mine"));
    let stored = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(stored.json["victims"][0]["person"]["second_name"], "Surname-Theirs");

    // A fresh form changes the phone only: every other field keeps its value.
    let form = fp.get(&path).await;
    let mut next: Vec<(String, String)> = vec![("version".into(), hidden(&form.text, "version"))];
    for f in fields.iter().chain(&["context.identified_on"]) {
        let orig = hidden(&form.text, &format!("orig.{f}"));
        next.push((format!("orig.{f}"), orig.clone()));
        next.push(((*f).to_owned(), if *f == "person.phone" { "+26658000777".into() } else { orig }));
    }
    let pairs: Vec<(&str, &str)> = next.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = fp.post(&path, &form.text, &pairs).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let stored = app.get(&format!("/api/v1/cases/{id}")).await;
    let person = &stored.json["victims"][0]["person"];
    assert_eq!(person["phone"], "+26658000777");
    assert_eq!(person["second_name"], "Surname-Theirs");
    assert_eq!(person["home_phone"], "+26622000991", "a field not on the form keeps its value");
}

#[tokio::test]
async fn the_coordinator_records_another_agencys_act_as_a_correction_and_sesotho_reads_it() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let police = org(&app, |o| o.details.org_type == lekhotla_domain::OrgType::LawEnforcement);
    let nc = Browser::sign_in(&app, "mpho.coordinator", &[Role::NationalCoordinator], police, None).await;
    let form = nc.get(&format!("/cases/{number}/record-event")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("name=\"correction\""), "a correction asks for its reason");
    let event = [("event_type", "Exploitation"), ("date", "2026-08-25"), ("country", "LS")];
    let refused = nc.post(&format!("/cases/{number}/record-event"), &form.text, &event).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    let mut with_reason = event.to_vec();
    with_reason.push(("correction", "copied from the police station report"));
    let done = nc.post(&format!("/cases/{number}/record-event"), &form.text, &with_reason).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let stored = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(stored.json["events"].as_array().unwrap().len(), 2);

    let req = Request::get(format!("/cases/{number}"))
        .header("cookie", &nc.cookie)
        .header("accept-language", "st")
        .body(Body::empty())
        .unwrap();
    let st = send(nc.router.clone(), req).await;
    assert_eq!(st.status, StatusCode::OK);
    assert!(st.text.contains("<html lang=\"st\">") && st.text.contains("Pale ea nyeoe"), "{}", st.text);
}

#[tokio::test]
async fn every_form_of_the_case_file_saves_through_the_domain() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let other = app.new_case().await.json["number"].as_str().unwrap().to_owned();
    let police = org(&app, |o| o.details.org_type == lekhotla_domain::OrgType::LawEnforcement);
    let shelter = app.shelter();
    let fp = Browser::sign_in(&app, "rethabile.mafeteng", &[Role::FocalPoint], police, Some("LS-E")).await;
    let case = app.get(&format!("/api/v1/cases/{id}")).await;
    let victim = case.json["victims"][0]["id"].as_str().unwrap().to_owned();
    let post = |act: &'static str, fields: Vec<(&'static str, String)>| {
        let fp = &fp;
        let number = number.clone();
        async move {
            let form = fp.get(&format!("/cases/{number}/{act}")).await;
            assert_eq!(form.status, StatusCode::OK, "{act}: {}", form.text);
            let mut pairs: Vec<(String, String)> = fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            if form.text.contains("name=\"version\"") {
                pairs.push(("version".into(), hidden(&form.text, "version")));
                for name in ["status", "closure_reason", "owner", "district", "detection_source", "summary"] {
                    if form.text.contains(&format!("name=\"orig.{name}\"")) {
                        pairs.push((format!("orig.{name}"), hidden(&form.text, &format!("orig.{name}"))));
                    }
                }
            }
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let r = fp.post(&format!("/cases/{number}/{act}"), &form.text, &pairs).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{act}: {}", r.text);
        }
    };
    post(
        "record-support-plan",
        vec![
            ("victim", victim.clone()),
            ("plan_type", "Health".into()),
            ("provider", shelter.clone()),
            ("objectives", "Canary-Objectives".into()),
            ("started_on", "2026-10-01".into()),
        ],
    )
    .await;
    post(
        "record-consent",
        vec![
            ("victim", victim.clone()),
            ("purpose", "Services".into()),
            ("given", "true".into()),
            ("recorded_on", "2026-10-01".into()),
        ],
    )
    .await;
    post("link-case", vec![("other", other.clone()), ("kind", "Related".into())]).await;
    let edit = vec![
        ("summary", "Canary-Summary".into()),
        ("district", "LS-E".into()),
        ("detection_source", "Police".into()),
        ("owner", String::new()),
    ];
    post("edit-case", edit).await;
    post("close-case", vec![("status", "Closed".into()), ("closure_reason", "Canary-Closed".into())]).await;
    post("reopen-case", vec![("status", "Active".into())]).await;
    post("transfer-case", vec![("to_org", shelter.clone()), ("reason", "the shelter takes the case over".into())])
        .await;

    // Emptying the summary is refused next to the field, not dropped in silence.
    let form = fp.get(&format!("/cases/{number}/edit-case")).await;
    let emptied = [
        ("version", hidden(&form.text, "version")),
        ("orig.summary", hidden(&form.text, "orig.summary")),
        ("summary", String::new()),
    ];
    let pairs: Vec<(&str, &str)> = emptied.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = fp.post(&format!("/cases/{number}/edit-case"), &form.text, &pairs).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(refused.text.contains("id=\"err-summary\""), "{}", refused.text);

    let stored = app.get(&format!("/api/v1/cases/{id}")).await;
    let s = &stored.json;
    assert_eq!(s["support_plans"][0]["objectives"], "Canary-Objectives", "{}", stored.text);
    assert_eq!(s["consents"][0]["given"], true);
    assert_eq!(s["links"].as_array().unwrap().len(), 1);
    assert_eq!(s["summary"], "Canary-Summary");
    assert_eq!(s["status"], "Active");
    assert_eq!(s["organisation"], shelter.as_str());
    let story = fp.get(&format!("/cases/{number}?reveal=1")).await;
    assert!(story.text.contains(&format!("<a href=\"/cases/{other}\">{other}</a>")), "the linked case: {}", story.text);
    for line in ["Support plan started", "Consent for Services given", "Canary-Objectives"] {
        assert!(story.text.contains(line), "{line}: {}", story.text);
    }
}

#[tokio::test]
async fn the_story_runs_from_referral_to_verdict_sentence_and_compensation_in_a_light_page() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let c = format!("/api/v1/cases/{id}");
    let victim = app.get(&c).await.json["victims"][0]["id"].as_str().unwrap().to_owned();
    let s = app
        .created(&format!("{c}/suspects"), json!({"identity": {"kind": "business", "details":
            {"name": "Synthetic Recruiters (Pty) Ltd", "kind": "RecruitmentAgency"}}, "roles": ["RecruiterOrIntermediary"]}))
        .await
        .id();
    app.created(
        &format!("{c}/referrals"),
        json!({"from_org": app.police(), "to_org": app.shelter(),
        "service": "Shelter", "reason": "AdditionalServicesRequired", "sent_on": "2026-09-05"}),
    )
    .await;
    app.created(
        &format!("{c}/investigation"),
        json!({"unit": "AntiTraffickingUnit", "organisation": app.police(),
        "investigator": "Sgt. Test", "opened_on": "2026-09-03", "docket_number": "T/CR/1/2026"}),
    )
    .await;
    let p = app
        .created(
            &format!("{c}/prosecution"),
            json!({"prosecutor": "Adv. Test", "referred_on": "2026-09-20",
            "charges": [{"accused": s, "offence": "TraffickingInPersons", "filed_on": "2026-09-21"}]}),
        )
        .await;
    let mut etag = p.etag();
    let steps = [
        (Method::PATCH, "", json!({"dpp_decision": {"decision": "Prosecute", "on": "2026-09-25"}})),
        (Method::POST, "/verdicts", json!({"accused": s, "outcome": "Conviction", "on": "2026-11-02"})),
        (Method::POST, "/sentences", json!({"accused": s, "on": "2026-11-10", "fine_lsl": 50000})),
        (
            Method::POST,
            "/compensation-orders",
            json!({"accused": s, "victim": victim, "amount_lsl": 20000, "on": "2026-11-11"}),
        ),
    ];
    for (method, tail, body) in steps {
        let r = app.call(method, &format!("{c}/prosecution{tail}"), Some(body), &[("if-match", &etag)]).await;
        assert!(r.status.is_success(), "{tail}: {}", r.text);
        etag = r.etag();
    }
    let police = org(&app, |o| o.details.org_type == lekhotla_domain::OrgType::LawEnforcement);
    let fp = Browser::sign_in(&app, "karabo.mafeteng", &[Role::FocalPoint], police, Some("LS-E")).await;
    let page = fp.get(&format!("/cases/{number}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.text;
    let order = [
        "Detected by Police",
        "identified as a victim",
        "Investigation opened",
        "Referral for Shelter sent",
        "Docket sent to the prosecutor",
        "charged",
        "Decision of the DPP",
        "Verdict for Synthetic Recruiters (Pty) Ltd",
        "Sentence for",
        "ordered to pay M20000",
    ];
    let at: Vec<usize> = order.iter().map(|line| position(html, line)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "the story is out of order: {order:?} at {at:?}");
    assert!(html.contains("Suspect") && html.contains("Synthetic Recruiters"), "the people and their roles");

    // Under 100 KB on a cold cache: the page with its style sheet and script.
    let css = fp.get("/static/app.css").await.text.len();
    let js = fp.get("/static/htmx-2.0.11.min.js").await.text.len();
    assert!(html.len() + css + js < 100_000, "{} + {css} + {js} bytes", html.len());
}

#[tokio::test]
async fn the_coordinator_records_a_person_and_decides_a_status_as_corrections_with_their_reason() {
    let app = App::at(NOW).await;
    let (id, number) = mafeteng_case(&app).await;
    let police = org(&app, |o| o.details.org_type == lekhotla_domain::OrgType::LawEnforcement);
    let nc = Browser::sign_in(&app, "mpho.coordinator", &[Role::NationalCoordinator], police, None).await;

    let form = nc.get(&format!("/cases/{number}/record-person")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("name=\"correction\""), "recording a person asks the coordinator for a reason");
    let person = [
        ("role", "witness"),
        ("first_name", "Canary-Witness"),
        ("second_name", "Synthetic"),
        ("gender", "Feminine"),
        ("identified_on", "2026-08-20"),
        ("confirm", "1"),
    ];
    let refused = nc.post(&format!("/cases/{number}/record-person"), &form.text, &person).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "without a reason: {}", refused.text);
    let mut with_reason = person.to_vec();
    with_reason.push(("correction", "copied from the police station report"));
    let done = nc.post(&format!("/cases/{number}/record-person"), &form.text, &with_reason).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let stored = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(stored.json["witnesses"].as_array().map(Vec::len), Some(1), "{}", stored.json);

    let victim = stored.json["victims"][0]["id"].as_str().unwrap().to_owned();
    let screen = nc.get(&format!("/cases/{number}/decide-status?victim={victim}")).await;
    assert_eq!(screen.status, StatusCode::OK, "{}", screen.text);
    assert!(screen.text.contains("name=\"correction\""), "deciding a status asks the coordinator for a reason");
}
