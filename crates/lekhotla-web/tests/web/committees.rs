//! Committee meetings through the API and the pages. The national coordinator records a meeting of the
//! Multi-Sectoral Committee with an action item linked to a plan activity and to a case by number (201, read
//! back by its Location); a district's focal point records their own district's committee and is refused the
//! MSC's and another district's (403), as is an investigator; an analyst reads. Every bad field is named (422),
//! an activity checked against the stored plan and a case number against the registry; a change needs the
//! version read (412 when stale). The pages list the open action items with the overdue ones flagged, record a
//! meeting from the form (a refused one comes back as typed, the field named in the person's language), show a
//! stale save beside the stored one, and print the minutes as a PDF; a focal point reads them in Sesotho.

use axum::http::{Method, StatusCode};
use lekhotla_domain::{ActionPlan, Recommendations};
use lekhotla_identity::Role;
use lekhotla_storage::{Action, ActionPlans, AuditFilter, PlanVersions};
use serde_json::{Value, json};

use crate::referral_pages::Browser;
use crate::support::{App, csrf_of, note};

const PLAN: &str = include_str!("../../../../data/plan/illustrative-action-plan.csv");
const RECS: &str = include_str!("../../../../data/plan/illustrative-recommendations-2025.csv");

fn meeting(committee: &str, owner: &str, case: &str) -> Value {
    json!({
        "committee": committee, "held_on": "2026-10-15", "place": "Ministry of Home Affairs, Maseru",
        "chair": "Principal Secretary, Home Affairs",
        "agenda": ["Opening", "Quarterly figures", "Referral deadlines"],
        "attendance": [{"organisation": owner, "people": 3}, {"guest": "Christian Council of Lesotho", "people": 1}],
        "decisions": ["Adopt the revised referral SOP"],
        "actions": [
            {"text": "Circulate the SOP to the focal points", "owner": owner, "deadline": "2026-11-01",
             "activities": ["1.3.1"], "cases": [case]},
            {"text": "Report on the shelter's funding", "owner": owner, "deadline": "2026-12-31", "status": "open"}
        ]
    })
}

fn fields(r: &crate::support::Reply) -> Vec<String> {
    r.json["error"]["fields"].as_array().unwrap().iter().map(|d| d["field"].as_str().unwrap().to_owned()).collect()
}

async fn load_plan(app: &App) {
    let plan = ActionPlan::from_csv(PLAN).unwrap();
    let recs = Recommendations::from_csv(RECS, &plan).unwrap();
    let mut entry = note().record("plan/action_plan");
    entry.action = Action::PlanSave;
    app.store.write_plan(&plan, &recs, PlanVersions::default(), time::OffsetDateTime::now_utc(), entry).await.unwrap();
}

#[tokio::test]
async fn meetings_are_recorded_by_who_may_and_checked_field_by_field() {
    let app = App::new().await;
    load_plan(&app).await;
    let police = app.police();
    let case = app.new_case().await.json["number"].as_str().unwrap().to_owned();

    // The coordinator records the MSC's meeting.
    let r = app.created("/api/v1/committees/meetings", meeting("MSC", &police, &case)).await;
    let id = r.id();
    let location = r.headers["location"].to_str().unwrap().to_owned();
    let back = app.get(&location).await;
    assert_eq!((back.status, back.etag()), (StatusCode::OK, "\"1\"".to_owned()), "{}", back.text);
    assert_eq!(back.json["actions"][0]["cases"][0], case.as_str());
    assert_eq!(back.json["actions"][0]["activities"][0], "1.3.1");

    // The open action items, the earliest deadline first; the one due on 1 November is overdue on the 20th.
    let open = app.get("/api/v1/committees/actions").await;
    assert_eq!(open.status, StatusCode::OK, "{}", open.text);
    assert_eq!((open.json["items"].as_array().unwrap().len(), open.json["overdue"].as_u64()), (2, Some(1)));
    assert_eq!(open.json["items"][0]["overdue"], true);
    assert_eq!(open.json["items"][1]["overdue"], false);
    let listed = app.get("/api/v1/committees/meetings?year=2026&committee=MSC").await;
    assert_eq!(listed.json["items"].as_array().unwrap().len(), 1, "{}", listed.text);
    assert!(app.get("/api/v1/committees/meetings?year=2025").await.json["items"].as_array().unwrap().is_empty());

    // Every bad field named: an activity the plan does not have, a case that does not exist, a deadline before
    // the meeting, an empty agenda item, a line without an organisation.
    let mut bad = meeting("MSC", &police, &case);
    bad["actions"][0]["activities"] = json!(["9.9.9"]);
    bad["actions"][1]["deadline"] = json!("2026-10-01");
    bad["agenda"][1] = json!(" ");
    bad["attendance"][1] = json!({"people": 2});
    let r = app.call(Method::POST, "/api/v1/committees/meetings", Some(bad), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(
        fields(&r),
        ["agenda[1]", "attendance[1].organisation", "actions[0].activities", "actions[1].deadline"],
        "{}",
        r.text
    );
    assert!(r.text.contains("the action plan has no activity 9.9.9"), "{}", r.text);
    let mut unknown = meeting("MSC", &police, &case);
    unknown["actions"][0]["cases"] = json!(["LS-2020-000999"]);
    let r = app.call(Method::POST, "/api/v1/committees/meetings", Some(unknown), &[]).await;
    assert_eq!((r.status, fields(&r)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["actions[0].cases".to_owned()]));

    // A change needs the version read.
    let patch = json!({"decisions": ["Adopt the revised referral SOP", "Meet again in January"]});
    let r = app.call(Method::PATCH, &location, Some(patch.clone()), &[("if-match", "\"1\"")]).await;
    assert_eq!((r.status, r.etag()), (StatusCode::OK, "\"2\"".to_owned()), "{}", r.text);
    let r = app.call(Method::PATCH, &location, Some(patch), &[("if-match", "\"1\"")]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);
    assert!(r.text.contains("version 1") && r.text.contains("version 2"), "{}", r.text);

    // A focal point of Leribe records Leribe's committee, and nothing else; an investigator none; an analyst reads.
    let focal = Browser::sign_in(&app, "leribe.focal", &[Role::FocalPoint], &police).await;
    let r = focal.api("/api/v1/committees/meetings", meeting("LS-C", &police, &case)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    for other in ["MSC", "LS-A"] {
        let r = focal.api("/api/v1/committees/meetings", meeting(other, &police, &case)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{other}: {}", r.text);
    }
    let headers = [("cookie", focal.cookie.as_str()), ("sec-fetch-site", "same-origin"), ("if-match", "\"2\"")];
    let r = app.call(Method::PATCH, &location, Some(json!({"place": "Hlotse"})), &headers).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the MSC's meeting is not a focal point's: {}", r.text);
    let r = app.call(Method::PATCH, &location, Some(json!({"committee": "LS-C"})), &headers).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "nor can it be moved to their district: {}", r.text);
    let investigator = Browser::sign_in(&app, "committee.investigator", &[Role::Investigator], &police).await;
    let r = investigator.api("/api/v1/committees/meetings", meeting("LS-C", &police, &case)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let analyst = Browser::sign_in(&app, "committee.analyst", &[Role::DataAnalyst], &police).await;
    assert_eq!(analyst.get(&format!("/api/v1/committees/meetings/{id}")).await.status, StatusCode::OK);
    assert_eq!(
        analyst.api("/api/v1/committees/meetings", meeting("MSC", &police, &case)).await.status,
        StatusCode::FORBIDDEN
    );
    let auditor = Browser::sign_in(&app, "committee.auditor", &[Role::Auditor], &police).await;
    assert_eq!(auditor.get("/committees").await.status, StatusCode::FORBIDDEN);

    let audited = app
        .store
        .search_audit(&AuditFilter { action: Some(Action::CommitteeSave), ..AuditFilter::default() }, 20, 0)
        .await
        .unwrap();
    assert_eq!(audited.len(), 3, "two records and a change; none for the refusals");
}

#[tokio::test]
async fn the_pages_record_a_meeting_flag_overdue_items_and_print_the_minutes() {
    let app = App::new().await;
    load_plan(&app).await;
    let police = app.police();
    let case = app.new_case().await.json["number"].as_str().unwrap().to_owned();
    let coordinator = Browser::sign_in(&app, "committee.coordinator", &[Role::NationalCoordinator], &police).await;

    // The form, sent with a deadline before the meeting: it comes back as typed, the field named.
    let form = coordinator.get("/committees/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let csrf = csrf_of(&form.text);
    let mut pairs: Vec<(String, String)> = [
        ("csrf", csrf.as_str()),
        ("version", "0"),
        ("committee", "MSC"),
        ("held_on", "2026-10-15"),
        ("place", "Maseru Sun conference room"),
        ("chair", "Principal Secretary, Home Affairs"),
        ("agenda", "Opening\nQuarterly figures"),
        ("decisions", "Adopt the referral SOP"),
        ("a_org", police.as_str()),
        ("a_guest", ""),
        ("a_people", "3"),
        ("x_text", "Circulate the SOP"),
        ("x_owner", police.as_str()),
        ("x_deadline", "2026-10-01"),
        ("x_status", "open"),
        ("x_activities", "1.3.1"),
        ("x_cases", case.as_str()),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let refused = coordinator.post("/committees/new", &pairs).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(
        refused
            .text
            .contains("Action item 1: Deadline: The deadline cannot be before the day of the meeting (2026-10-15)."),
        "{}",
        refused.text
    );
    assert!(refused.text.contains("Maseru Sun conference room") && refused.text.contains(&case), "kept as typed");

    // Corrected, it is saved and shown.
    let deadline = pairs.iter().position(|(k, _)| k == "x_deadline").unwrap();
    pairs[deadline].1 = "2026-11-01".into();
    let saved = coordinator.post("/committees/new", &pairs).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let at = saved.headers["location"].to_str().unwrap().to_owned();
    let id = at.trim_start_matches("/committees/").to_owned();
    let list = coordinator.get("/committees").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert!(list.text.contains("Circulate the SOP") && list.text.contains("Overdue"), "{}", list.text);
    assert!(list.text.contains("Maseru Sun conference room") && list.text.contains("href=\"/committees/new\""));

    // Edited by someone else meanwhile: a stale save shows theirs, and what was typed beside it.
    let page = coordinator.get(&at).await;
    assert!(page.text.contains("name=\"version\" value=\"1\""), "{}", page.text);
    let r = app
        .call(
            Method::PATCH,
            &format!("/api/v1/committees/meetings/{id}"),
            Some(json!({"place": "Hlotse"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mut edit = pairs.clone();
    edit[0].1 = csrf_of(&page.text);
    edit[1].1 = "1".into();
    let place = edit.iter().position(|(k, _)| k == "place").unwrap();
    edit[place].1 = "Maseru, Lehakoe".into();
    let stale = coordinator.post(&at, &edit).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(
        stale.text.contains("Someone else saved this meeting") && stale.text.contains("Maseru, Lehakoe"),
        "{}",
        stale.text
    );
    assert!(
        stale.text.contains("value=\"Hlotse\"") && stale.text.contains("name=\"version\" value=\"2\""),
        "{}",
        stale.text
    );

    // The minutes as a PDF.
    let pdf = coordinator.get(&format!("{at}/minutes.pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    assert!(pdf.text.starts_with("%PDF-"));

    // A focal point reads the list and the meeting in Sesotho; the MSC's meeting is not theirs to change.
    let focal = Browser::sign_in(&app, "committee.focal", &[Role::FocalPoint], &police).await;
    let cookie = format!("{}; lekhotla_lang=st", focal.cookie);
    let st = app.call(Method::GET, "/committees", None, &[("cookie", &cookie)]).await;
    assert_eq!(st.status, StatusCode::OK, "{}", st.text);
    assert!(
        st.text.contains("<html lang=\"st\"") && st.text.contains("Likomiti") && st.text.contains("E fetile nako"),
        "{}",
        st.text
    );
    let view = app.call(Method::GET, &at, None, &[("cookie", &cookie)]).await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.text);
    assert!(view.text.contains("Metsotso (PDF)") && !view.text.contains("name=\"x_text\""), "{}", view.text);
    let minutes = app.call(Method::GET, &format!("{at}/minutes.pdf"), None, &[("cookie", &cookie)]).await;
    assert_eq!(minutes.status, StatusCode::OK);
    let exported = app
        .store
        .search_audit(&AuditFilter { action: Some(Action::Export), ..AuditFilter::default() }, 20, 0)
        .await
        .unwrap();
    assert_eq!(exported.iter().filter(|e| e.record.as_deref() == Some(&format!("meeting/{id}"))).count(), 2);
}
