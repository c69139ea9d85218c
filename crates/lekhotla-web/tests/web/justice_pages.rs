//! The criminal justice pages: a case from border detection to conviction, each act by the role that
//! performs it in its own session (immigration officer, focal point, investigator, prosecutor) through
//! the forms; the overview shows the stage and where the docket is without its sealed custodian; the
//! calendar shows the hearing in its week and month.

use axum::http::StatusCode;
use lekhotla_identity::Role;
use serde_json::json;

use crate::referral_pages::{Browser, link, location};
use crate::support::App;

/// Posts a form and insists on the redirect to the case file.
async fn done(who: &Browser<'_>, path: &str, fields: &[(&str, &str)], number: &str) {
    let r = who.submit(path, fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.text);
    assert_eq!(location(&r), format!("/cases/{number}"), "{path}");
}

/// Accepts the first referral of `number` in the person's inbox.
async fn accept(who: &Browser<'_>, number: &str, on: &str) {
    let inbox = who.get("/referrals").await;
    let accept = link(&inbox.text, &format!("/cases/{number}/referrals/")).expect("a referral to accept");
    assert!(accept.ends_with("/accept-referral"), "{accept}");
    done(who, &accept, &[("on", on)], number).await;
}

#[tokio::test]
async fn a_case_goes_from_the_border_to_conviction_through_the_pages_each_act_by_its_role() {
    let app = App::at(time::macros::datetime!(2026-11-20 10:00 UTC)).await;
    let immigration = app.org(|o| o.details.name.starts_with("Department of Immigration"));
    let secretariat = app.org(|o| o.details.name.starts_with("Multi-Sectoral"));
    let dpp = app.org(|o| o.details.name.starts_with("Office of the Director of Public Prosecutions"));
    let officer = Browser::sign_in(&app, "neo.immigration", &[Role::ImmigrationOfficer], &immigration).await;
    let focal = Browser::sign_in(&app, "rethabile.focal", &[Role::FocalPoint], &secretariat).await;
    let police = Browser::sign_in(&app, "thabo.police", &[Role::Investigator], &app.police()).await;
    let prosecutor = Browser::sign_in(&app, "palesa.dpp", &[Role::Prosecutor], &dpp).await;

    // The immigration officer registers the case at the border and its suspect (other parts' pages).
    let kase = officer
        .api(
            "/api/v1/cases",
            json!({"organisation": immigration, "district": "LS-C", "detection_source": "BorderPost",
                   "detected_on": "2026-09-01", "port_of_entry": "POE-MAPUTSOE-BRIDGE"}),
        )
        .await;
    assert_eq!(kase.status, StatusCode::CREATED, "{}", kase.text);
    let number = kase.json["number"].as_str().unwrap().to_owned();
    let suspect = officer
        .api(
            &format!("/api/v1/cases/{}/suspects", kase.id()),
            json!({"identity": {"kind": "business", "details": {"name": "Synthetic Agency", "kind": "RecruitmentAgency"}}}),
        )
        .await;
    assert_eq!(suspect.status, StatusCode::CREATED, "{}", suspect.text);
    let accused = suspect.id();
    let case = |act: &str| format!("/cases/{number}/{act}");

    // The focal point refers the case to the police; the police accept and investigate.
    let police_org = app.police();
    assert_eq!(
        police.get(&case("open-investigation")).await.status,
        StatusCode::NOT_FOUND,
        "not the police's case yet"
    );
    done(
        &focal,
        &case("send-referral"),
        &[
            ("to_org", &police_org),
            ("service", "Investigation"),
            ("reason", "AdditionalServicesRequired"),
            ("sent_on", "2026-11-02"),
        ],
        &number,
    )
    .await;
    accept(&police, &number, "2026-11-03").await;
    assert_eq!(focal.get(&case("open-investigation")).await.status, StatusCode::FORBIDDEN, "not a focal point's act");
    done(
        &police,
        &case("open-investigation"),
        &[
            ("unit", "AntiTraffickingUnit"),
            ("opened_on", "2026-11-03"),
            ("docket_number", "RB-777/11/2026"),
            ("docket_custodian", "Canary-Custodian-One"),
        ],
        &number,
    )
    .await;
    let justice = police.get("/justice").await;
    assert!(justice.text.contains(&number) && justice.text.contains("Under investigation"), "{}", justice.text);
    assert!(justice.text.contains("17 days"), "days in the stage since 2026-11-03: {}", justice.text);
    done(&police, &case("move-docket"), &[("to_custodian", "Canary-Custodian-Two"), ("on", "2026-11-05")], &number)
        .await;
    done(
        &police,
        &case("send-referral"),
        &[("to_org", &dpp), ("service", "Other"), ("reason", "AdditionalServicesRequired"), ("sent_on", "2026-11-05")],
        &number,
    )
    .await;

    // The prosecutor takes the docket: prosecution, the DPP's decision, summons, hearing, verdict, sentence.
    accept(&prosecutor, &number, "2026-11-06").await;
    assert_eq!(police.get(&case("open-prosecution")).await.status, StatusCode::FORBIDDEN, "not the police's act");
    done(
        &prosecutor,
        &case("open-prosecution"),
        &[
            ("referred_on", "2026-11-06"),
            ("court", "Leribe Magistrate Court"),
            ("accused", &accused),
            ("offence", "TraffickingInPersons"),
            ("counts", "2"),
            ("filed_on", "2026-11-06"),
        ],
        &number,
    )
    .await;
    let waiting = prosecutor.get("/justice").await;
    assert!(
        waiting.text.contains("Awaiting the DPP&#39;s decision")
            || waiting.text.contains("Awaiting the DPP's decision")
    );
    assert!(waiting.text.contains("With the DPP"), "{}", waiting.text);
    done(&prosecutor, &case("dpp-decision"), &[("decision", "Prosecute"), ("on", "2026-11-07")], &number).await;
    assert_eq!(police.get(&case("record-hearing")).await.status, StatusCode::FORBIDDEN);
    done(
        &prosecutor,
        &case("issue-summons"),
        &[("summons_issued_on", "2026-11-09"), ("court_case_number", "CR 55/2026")],
        &number,
    )
    .await;
    done(&prosecutor, &case("record-hearing"), &[("on", "2026-11-18"), ("kind", "Trial")], &number).await;

    // Before the court: the overview names the court, and the docket's custodian only as sealed.
    let court = prosecutor.get("/justice").await;
    assert_eq!(court.status, StatusCode::OK);
    let before = court.text.split("id=\"all-title\"").next().unwrap();
    assert!(before.contains(&number) && before.contains("CR 55/2026"), "{before}");
    assert!(court.text.contains("At court: Leribe Magistrate Court") && court.text.contains("[sealed]"));
    assert!(!court.text.contains("Canary-Custodian"), "a sealed custodian reached the overview");

    // The calendar shows the hearing in its week and its month, not in another week.
    let week = prosecutor.get("/justice/calendar?view=week&date=2026-11-18").await;
    assert_eq!(week.status, StatusCode::OK);
    assert!(week.text.contains(&format!("href=\"/cases/{number}\"")) && week.text.contains("Trial"), "{}", week.text);
    assert!(week.text.contains("Week of 2026-11-16 to 2026-11-22"), "{}", week.text);
    let month = prosecutor.get("/justice/calendar?view=month&date=2026-11-01").await;
    assert!(month.text.contains("November 2026") && month.text.contains(&format!("href=\"/cases/{number}\"")));
    let other = prosecutor.get("/justice/calendar?view=week&date=2026-12-01").await;
    assert!(!other.text.contains(&format!("href=\"/cases/{number}\"")), "another week shows no such hearing");
    let sesotho = app
        .call(
            axum::http::Method::GET,
            "/justice/calendar?view=month&date=2026-11-01",
            None,
            &[("cookie", &prosecutor.cookie), ("accept-language", "st")],
        )
        .await;
    assert!(sesotho.text.contains("Pulungoana 2026"), "{}", sesotho.text);

    done(
        &prosecutor,
        &case("record-verdict"),
        &[("accused", &accused), ("outcome", "Conviction"), ("on", "2026-11-19")],
        &number,
    )
    .await;
    // A sentence with a bad number is answered with the form, the field marked.
    let bad = prosecutor
        .submit(
            &case("record-sentence"),
            &[("accused", &accused), ("on", "2026-11-20"), ("imprisonment_months", "ten")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("Write a whole number.") && bad.text.contains("value=\"ten\""));
    done(
        &prosecutor,
        &case("record-sentence"),
        &[("accused", &accused), ("on", "2026-11-20"), ("imprisonment_months", "120")],
        &number,
    )
    .await;
    let concluded = prosecutor.get("/justice").await;
    assert!(concluded.text.contains("Concluded"), "{}", concluded.text);
    let before = concluded.text.split("id=\"all-title\"").next().unwrap();
    assert!(!before.contains(&format!("href=\"/cases/{number}\"")), "a concluded case is no longer before the court");

    let stored = app.get(&format!("/api/v1/cases/{}", kase.id())).await;
    let p = &stored.json["prosecution"];
    assert_eq!(p["dpp_decision"]["decision"], "Prosecute");
    assert_eq!(p["verdicts"][0]["outcome"], "Conviction");
    assert_eq!(p["sentences"][0]["imprisonment_months"], 120);
    assert_eq!(stored.json["investigation"]["docket_transfers"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_coordinator_corrects_with_a_reason_and_a_stale_form_overwrites_nothing() {
    let app = App::at(time::macros::datetime!(2026-11-20 10:00 UTC)).await;
    let kase = app.new_case().await;
    let number = kase.json["number"].as_str().unwrap().to_owned();
    let opened = app
        .post(
            &format!("/api/v1/cases/{}/investigation", kase.id()),
            json!({"unit": "AntiTraffickingUnit", "organisation": app.police(), "investigator": "thabo.police",
                   "opened_on": "2026-09-03", "docket_custodian": "Canary-Custodian-Three"}),
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text);
    let coordinator = Browser::sign_in(&app, "mosa.coordinator", &[Role::NationalCoordinator], &app.police()).await;
    let police = Browser::sign_in(&app, "thabo.police", &[Role::Investigator], &app.police()).await;
    let docket = format!("/cases/{number}/move-docket");

    // The coordinator's form asks for the correction's reason; without one nothing is recorded.
    let form = coordinator.get(&docket).await;
    assert!(form.text.contains("Reason for this correction"), "{}", form.text);
    assert!(!form.text.contains("Canary-Custodian-Three") && form.text.contains("[sealed]"), "the custodian is sealed");
    let refused = coordinator.submit(&docket, &[("to_custodian", "Canary-Clerk"), ("on", "2026-09-04")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    let corrected = coordinator
        .submit(
            &docket,
            &[("to_custodian", "Canary-Clerk"), ("on", "2026-09-04"), ("correction", "the unit asked us to record it")],
        )
        .await;
    assert_eq!(corrected.status, StatusCode::SEE_OTHER, "{}", corrected.text);

    // The investigator's form of version 1 is now stale: the form comes back, the move is not recorded twice.
    let stale =
        police.submit(&docket, &[("to_custodian", "Canary-Archive"), ("on", "2026-09-05"), ("version", "1")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(stale.text.contains("Someone else changed this record") && stale.text.contains("value=\"Canary-Archive\""));
    assert!(stale.text.contains("name=\"version\" value=\"2\""), "the form now carries the stored version");
    let stored = app.get(&format!("/api/v1/cases/{}", kase.id())).await;
    assert_eq!(stored.json["investigation"]["docket_transfers"].as_array().unwrap().len(), 1);
    assert_eq!(stored.json["investigation"]["version"], 2);
}
