//! Part B's pages over the real router: a detection registered at `/intake`, a victim recorded, a second
//! person whose name sounds like hers shown as a possible duplicate before anything is recorded, the
//! screening's decision recorded (and a stale one refused), and the search finding the case by exact and
//! phonetic name only within the actor's scope.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use lekhotla_domain::OrgId;
use lekhotla_identity::Role;
use serde_json::json;

use crate::support::{App, PASSWORD, Reply, csrf_of, send};

/// A session cookie for a new user of `org` with `roles` (signed in with their second factor).
async fn session(app: &App, name: &str, roles: &[Role], org: OrgId) -> String {
    let (_, secret) = app.user_at(name, roles, org, None).await;
    let now = u64::try_from(time::macros::datetime!(2026-11-20 10:00 UTC).unix_timestamp()).unwrap();
    let code = secret.map(|s| s.code_at(now)).unwrap_or_default();
    let body = json!({"username": name, "password": PASSWORD, "code": code});
    let signed = app.anonymous(Method::POST, "/api/v1/session", Some(body)).await;
    assert_eq!(signed.status, StatusCode::CREATED, "{}", signed.text);
    format!("lekhotla_session={}", signed.json["token"].as_str().unwrap())
}

async fn get(app: &App, cookie: &str, path: &str) -> Reply {
    app.call(Method::GET, path, None, &[("cookie", cookie)]).await
}

/// Posts a page form as the browser does (same origin, urlencoded, with the session's form token).
async fn post(app: &App, cookie: &str, path: &str, csrf: &str, fields: &[(&str, &str)]) -> Reply {
    let mut pairs: Vec<(&str, &str)> = vec![("csrf", csrf)];
    pairs.extend_from_slice(fields);
    let req = Request::post(path)
        .header("cookie", cookie)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(serde_html_form::to_string(&pairs).unwrap()))
        .unwrap();
    send(app.router.clone(), req).await
}

fn location(r: &Reply) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    r.headers["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn intake_person_duplicate_screening_and_search() {
    let app = App::new().await;
    let police: OrgId = app.police().parse().unwrap();
    let cookie = session(&app, "lerato.police", &[Role::Investigator], police).await;
    let form = get(&app, &cookie, "/intake").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("<h1>Register a new case</h1>") && form.text.contains("Maputsoe"), "{}", form.text);
    assert!(
        form.text.contains("<div class=\"intake-port\">"),
        "hidden by the style sheet until a border post is chosen"
    );
    let csrf = csrf_of(&form.text);

    // A port of entry is only for a border post: the form comes back with the problem beside the field.
    let org = police.to_string();
    let detection = |source: &'static str| {
        vec![
            ("organisation", org.clone()),
            ("detection_source", source.to_owned()),
            ("detected_on", "2026-11-19".to_owned()),
            ("district", "LS-C".to_owned()),
            ("port_of_entry", "POE-MAPUTSOE-BRIDGE".to_owned()),
        ]
    };
    let wrong = detection("Hotline");
    let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = post(&app, &cookie, "/intake", &csrf, &wrong).await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.text.contains("only for a case detected at a border post"), "{}", refused.text);
    assert!(refused.text.contains("aria-describedby=\"port-hint port_of_entry-error\" aria-invalid=\"true\""));
    assert!(refused.text.contains("<div class=\"intake-port shown\">"), "a port with a problem stays in view");
    let good = detection("BorderPost");
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let to = location(&post(&app, &cookie, "/intake", &csrf, &good).await);
    assert!(to.starts_with("/cases/LS-2026-") && to.ends_with("/record-person"), "{to}");
    let number = to.trim_start_matches("/cases/").trim_end_matches("/record-person").to_owned();
    let case = app.get(&format!("/api/v1/cases/{number}")).await;
    assert_eq!(case.json["port_of_entry"], "POE-MAPUTSOE-BRIDGE");
    assert_eq!(case.json["detection_source"], "BorderPost");

    // The first person: a victim, no duplicate anywhere, on to the screening.
    assert_eq!(get(&app, &cookie, &to).await.status, StatusCode::OK);
    let tsepo = [
        ("role", "victim"),
        ("first_name", "Tšepo"),
        ("second_name", "Mokoena"),
        ("gender", "Feminine"),
        ("birthdate", "1995-03-04"),
        ("phone", "+266 5800 0001"),
        ("identified_on", "2026-11-19"),
    ];
    let screening = location(&post(&app, &cookie, &to, &csrf, &tsepo).await);
    assert!(screening.starts_with(&format!("/cases/{number}/decide-status?victim=")), "{screening}");
    let victim = screening.rsplit('=').next().unwrap().to_owned();

    // A second person whose name sounds alike: shown as a possible duplicate, nothing recorded yet.
    let tshepo = [("role", "witness"), ("first_name", "Tshepo"), ("second_name", "Mokoena"), ("gender", "Masculine")];
    let shown = post(&app, &cookie, &to, &csrf, &tshepo).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text);
    assert!(shown.text.contains("Possibly recorded already"), "{}", shown.text);
    assert!(shown.text.contains(&number) && shown.text.contains("name that sounds alike"), "{}", shown.text);
    assert!(shown.text.contains("Tšepo Mokoena"), "the actor may see the name: {}", shown.text);
    assert!(!shown.text.contains("same phone"));
    let case = app.get(&format!("/api/v1/cases/{number}")).await;
    assert_eq!(case.json["witnesses"].as_array().unwrap().len(), 0, "not recorded before it is confirmed");
    // Ten minutes on, the session's second factor is too old to reveal sealed fields: no name is shown.
    let later = app.router_at(time::macros::datetime!(2026-11-20 10:10 UTC));
    let mut body = vec![("csrf", csrf.as_str())];
    body.extend_from_slice(&tshepo);
    let req = Request::post(to.as_str())
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(serde_html_form::to_string(&body).unwrap()))
        .unwrap();
    let blanked = send(later, req).await;
    assert_eq!(blanked.status, StatusCode::OK, "{}", blanked.text);
    assert!(blanked.text.contains(&number) && blanked.text.contains("[sealed]"), "{}", blanked.text);
    assert!(!blanked.text.contains("Tšepo"), "a name the actor may not see now: {}", blanked.text);
    let mut confirmed = tshepo.to_vec();
    confirmed.push(("confirm", "1"));
    assert_eq!(location(&post(&app, &cookie, &to, &csrf, &confirmed).await), format!("/cases/{number}"));
    let case = app.get(&format!("/api/v1/cases/{number}")).await;
    assert_eq!(case.json["witnesses"][0]["person"]["first_name"], "Tshepo");

    // The screening: act, means and purpose, then the decision and who took it.
    let page = get(&app, &cookie, &screening).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("name=\"act\" value=\"ThroughFriendsOrSocialEvents\""), "{}", page.text);
    assert!(page.text.contains("name=\"means\" value=\"DebtBondage\""));
    assert!(page.text.contains("name=\"purpose\" value=\"ForcedLabour\""));
    assert!(page.text.contains("Tšepo Mokoena"));
    let decision = [
        ("victim", victim.as_str()),
        ("version", "1"),
        ("act", "ThroughFriendsOrSocialEvents"),
        ("means", "DebtBondage"),
        ("means", "WithholdsDocuments"),
        ("purpose", "ForcedLabour"),
        ("trafficking_status", "ActualVictimOfTrafficking"),
        ("decided_by", "Police"),
        ("decided_on", "2026-11-20"),
    ];
    let path = format!("/cases/{number}/decide-status");
    assert_eq!(location(&post(&app, &cookie, &path, &csrf, &decision).await), format!("/cases/{number}"));
    let case = app.get(&format!("/api/v1/cases/{number}")).await;
    let x = &case.json["victims"][0]["context"];
    assert_eq!(x["trafficking_status"], "ActualVictimOfTrafficking");
    assert_eq!(x["status_decided_by"], "Police");
    assert_eq!(x["status_decided_by_org"], police.to_string());
    assert_eq!(x["status_decided_on"], "2026-11-20");
    assert_eq!(x["methods_of_control"], json!(["DebtBondage", "WithholdsDocuments"]));
    assert_eq!(x["exploitation_types"], json!(["ForcedLabour"]));
    // The same form again, at the version it was read at: refused, the victim as stored shown.
    let stale = post(&app, &cookie, &path, &csrf, &decision).await;
    assert_eq!(stale.status, StatusCode::OK);
    assert!(stale.text.contains("Someone else changed this victim"), "{}", stale.text);
    assert!(stale.text.contains("name=\"version\" value=\"2\""), "{}", stale.text);

    // Search: exact name, phonetic name, and only within the scope.
    let exact = get(&app, &cookie, "/cases?name=T%C5%A1epo+Mokoena").await;
    assert_eq!(exact.status, StatusCode::OK, "{}", exact.text);
    assert!(exact.text.contains(&format!("href=\"/cases/{number}\"")), "{}", exact.text);
    assert!(exact.text.contains("class=\"grid stack\""));
    let sesotho = app.call(Method::GET, "/cases", None, &[("cookie", &cookie), ("accept-language", "st")]).await;
    assert!(sesotho.text.contains("<h1>Batla linyeoe</h1>"), "{}", sesotho.text);
    let sounds = "/cases?name=Tsepo+Mokwena";
    assert!(!get(&app, &cookie, sounds).await.text.contains(&format!("href=\"/cases/{number}\"")), "not the same name");
    let phonetic = get(&app, &cookie, &format!("{sounds}&phonetic=1")).await;
    assert!(phonetic.text.contains(&format!("href=\"/cases/{number}\"")), "{}", phonetic.text);
    let elsewhere = get(&app, &cookie, &format!("{sounds}&phonetic=1&district=LS-A")).await;
    assert!(!elsewhere.text.contains(&format!("href=\"/cases/{number}\"")), "filtered by district");
    let shelter: OrgId = app.shelter().parse().unwrap();
    let outsider = session(&app, "palesa.shelter", &[Role::CaseWorker], shelter).await;
    let theirs = get(&app, &outsider, &format!("{sounds}&phonetic=1")).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.text.contains(&number), "another organisation's case stays out of reach");
    // Nor is it a duplicate for them, and its pages are not found.
    let their_csrf = csrf_of(&get(&app, &outsider, "/cases").await.text);
    let own = app
        .created(
            "/api/v1/cases",
            json!({"organisation": shelter.to_string(), "district": "LS-E",
        "detection_source": "NGO", "detected_on": "2026-11-01"}),
        )
        .await;
    let own_number = own.json["number"].as_str().unwrap().to_owned();
    let record = format!("/cases/{own_number}/record-person");
    let mut theirs = tsepo.to_vec();
    theirs[0] = ("role", "victim");
    assert!(location(&post(&app, &outsider, &record, &their_csrf, &theirs).await).contains("decide-status"));
    assert_eq!(get(&app, &outsider, &to).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_suspect_business_is_recorded_from_the_person_form_with_its_name_and_kind() {
    let app = App::new().await;
    let police: OrgId = app.police().parse().unwrap();
    let cookie = session(&app, "lerato.police", &[Role::Investigator], police).await;
    let form = get(&app, &cookie, "/intake").await;
    let csrf = csrf_of(&form.text);
    let org = police.to_string();
    let detection = [
        ("organisation", org.as_str()),
        ("detection_source", "Police"),
        ("detected_on", "2026-11-19"),
        ("district", "LS-C"),
    ];
    let to = location(&post(&app, &cookie, "/intake", &csrf, &detection).await);
    let page = get(&app, &cookie, &to).await;
    assert!(page.text.contains("value=\"business\"") && page.text.contains("Recruitment agency"), "{}", page.text);

    // A business without its kind comes back with the problem beside the field, nothing recorded.
    let unnamed = [("role", "business"), ("business_name", "Canary Synthetic Recruiters")];
    let refused = post(&app, &cookie, &to, &csrf, &unnamed).await;
    assert_eq!(refused.status, StatusCode::OK, "{}", refused.text);
    assert!(refused.text.contains("id=\"business_kind-error\""), "{}", refused.text);
    let number = to.trim_start_matches("/cases/").trim_end_matches("/record-person").to_owned();
    let case = app.get(&format!("/api/v1/cases/{number}")).await;
    assert_eq!(case.json["suspects"].as_array().unwrap().len(), 0);

    let business = [
        ("role", "business"),
        ("business_name", "Canary Synthetic Recruiters"),
        ("business_kind", "RecruitmentAgency"),
        ("registration_number", "SYN-0001"),
    ];
    let done = location(&post(&app, &cookie, &to, &csrf, &business).await);
    assert_eq!(done, format!("/cases/{number}"));
    let case = app.get(&format!("/api/v1/cases/{number}")).await;
    let suspect = &case.json["suspects"][0];
    assert_eq!(suspect["identity"]["kind"], "business", "{suspect}");
    assert_eq!(suspect["identity"]["details"]["kind"], "RecruitmentAgency", "{suspect}");
    assert_eq!(suspect["identity"]["details"]["registration_number"], "SYN-0001", "{suspect}");
}
