//! "My work": each role's sections with its own items (referrals waiting, cases owned and assigned,
//! hearings of the next 14 days, idle cases, children's referrals not yet accepted), within its scope.

use crate::support::{App, victim};
use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;
use time::macros::datetime;

/// The page as the holder of `token`, on `router` (the app's, or one with its clock moved).
async fn work_as(app: &App, token: &str) -> String {
    let bearer = format!("Bearer {token}");
    let r = app.call(Method::GET, "/work", None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.text
}

/// The section `id` of the page (up to the next section), for asserting on one section only.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no section {id} in {html}"));
    let rest = &html[start..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    &rest[..end]
}

/// A case in Leribe with a child victim (referred to child protection at once), a suspect, an
/// investigation by `investigator`, a prosecution and a hearing on 2026-11-25.
async fn busy_case(app: &App, investigator: &str) -> (String, String) {
    let kase = app.new_case().await;
    let number = kase.json["number"].as_str().unwrap().to_owned();
    let c = format!("/api/v1/cases/{number}");
    app.created(&format!("{c}/victims"), victim("Child-Test", "2013-03-03")).await;
    let s = app
        .created(
            &format!("{c}/suspects"),
            json!({"identity": {"kind": "business", "details": {"name": "Synthetic Agents (Pty) Ltd", "kind": "RecruitmentAgency"}},
                   "roles": ["RecruiterOrIntermediary"]}),
        )
        .await;
    app.created(
        &format!("{c}/investigation"),
        json!({"unit": "AntiTraffickingUnit", "organisation": app.police(), "investigator": investigator,
               "opened_on": "2026-09-03"}),
    )
    .await;
    let p = app
        .created(
            &format!("{c}/prosecution"),
            json!({"prosecutor": "adv.test", "referred_on": "2026-09-20",
            "charges": [{"accused": s.id(), "offence": "TraffickingInPersons", "filed_on": "2026-09-21"}]}),
        )
        .await;
    let decided = app
        .call(
            Method::PATCH,
            &format!("{c}/prosecution"),
            Some(json!({"dpp_decision": {"decision": "Prosecute", "on": "2026-09-25"}})),
            &[("if-match", &p.etag())],
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    let hearing = app
        .call(
            Method::POST,
            &format!("{c}/prosecution/hearings"),
            Some(json!({"on": "2026-11-25", "kind": "Trial"})),
            &[("if-match", &decided.etag())],
        )
        .await;
    assert_eq!(hearing.status, StatusCode::CREATED, "{}", hearing.text);
    let case = app.get(&c).await;
    let receiver = case.json["referrals"][0]["to_org"].as_str().unwrap().to_owned();
    (number, receiver)
}

#[tokio::test]
async fn each_role_sees_its_own_work() {
    let app = App::new().await;
    let (number, receiver) = busy_case(&app, "sgt.work").await;

    // The national coordinator (of the police): every section, this case in most.
    let html = work_as(&app, &app.token).await;
    assert!(html.contains("<h1>My work</h1>"), "{html}");
    assert!(section(&html, "work-owned").contains(&number), "the police own the case");
    assert!(section(&html, "work-hearings").contains(&number), "a hearing on 2026-11-25");
    assert!(section(&html, "work-hearings").contains("2026-11-25"));
    assert!(section(&html, "work-child-referrals").contains(&number), "the child's referral is not accepted");
    assert!(!section(&html, "work-idle").contains(&number), "changed today");
    assert!(!section(&html, "work-referrals").contains(&number), "the referral went to another organisation");
    assert!(html.contains("id=\"work-grants\""), "the coordinator reviews break-glass grants");
    assert!(!html.contains("Child-Test"), "no name on the page");

    // A case worker of the organisation the child was referred to: the referral waits for an answer.
    let org = receiver.parse().map(lekhotla_domain::OrgId).unwrap();
    let (worker, _) = app.user_at("worker.social", &[Role::CaseWorker], org, None).await;
    let html = work_as(&app, &app.token_of(&worker).await).await;
    assert!(section(&html, "work-referrals").contains(&number), "{html}");
    assert!(section(&html, "work-child-referrals").contains(&number));
    assert!(!section(&html, "work-owned").contains(&number), "not theirs to own");
    assert!(!html.contains("id=\"work-grants\""), "no break-glass review for a case worker");

    // The investigator named on the case: assigned to them.
    let (sgt, _) = app.user("sgt.work", &[Role::Investigator]).await;
    let html = work_as(&app, &app.token_of(&sgt).await).await;
    assert!(section(&html, "work-assigned").contains(&number), "{html}");
    // "Search the cases" under a section continues that section's list, and only it.
    assert!(section(&html, "work-assigned").contains("href=\"/cases?list=assigned\""), "{html}");
    let sgt_bearer = format!("Bearer {}", app.token_of(&sgt).await);
    let listed = app.call(Method::GET, "/cases?list=assigned", None, &[("authorization", &sgt_bearer)]).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    assert!(listed.text.contains("Within: Cases assigned to you.") && listed.text.contains(&number), "{}", listed.text);
    let (other, _) = app.user("sgt.other", &[Role::Investigator]).await;
    let other_bearer = format!("Bearer {}", app.token_of(&other).await);
    let none = app.call(Method::GET, "/cases?list=assigned", None, &[("authorization", &other_bearer)]).await;
    assert!(!none.text.contains(&number), "another officer's assigned list: {}", none.text);
    let html = work_as(&app, &app.token_of(&other).await).await;
    assert!(!section(&html, "work-assigned").contains(&number), "assigned to someone else");

    // A focal point elsewhere (Mafeteng, another organisation): none of it.
    let social = app.org(|o| o.id != org && o.details.org_type != lekhotla_domain::OrgType::LawEnforcement);
    let (fp, _) = app
        .user_at("fp.mafeteng", &[Role::FocalPoint], social.parse().map(lekhotla_domain::OrgId).unwrap(), Some("LS-E"))
        .await;
    let html = work_as(&app, &app.token_of(&fp).await).await;
    assert!(!html.contains(&number), "a case out of scope appears nowhere: {html}");

    // Forty days on, the case has had no activity for 30 days.
    let later = app.router_at(datetime!(2027-01-05 10:00 UTC));
    let bearer = format!("Bearer {}", app.token);
    let req = crate::support::request(Method::GET, "/work", None, &[("authorization", &bearer)]);
    let html = crate::support::send(later.clone(), req).await.text;
    assert!(section(&html, "work-idle").contains(&number), "{html}");
    let req = crate::support::request(Method::GET, "/cases?list=idle", None, &[("authorization", &bearer)]);
    let idle = crate::support::send(later, req).await.text;
    assert!(idle.contains("Within: Open cases with no activity for 30 days.") && idle.contains(&number), "{idle}");
    let fresh = app.call(Method::GET, "/cases?list=idle", None, &[("authorization", &bearer)]).await;
    assert!(!fresh.text.contains(&format!(">{number}<")), "changed today, not idle: {}", fresh.text);
}

#[tokio::test]
async fn oversight_roles_are_shown_where_their_work_is() {
    let app = App::new().await;
    for (name, role, href, absent) in [
        ("auditor.work", Role::Auditor, "/audit", "/admin"),
        ("admin.work", Role::Admin, "/admin", "/audit\""),
        ("analyst.work", Role::DataAnalyst, "/dashboard\">", "/audit"),
    ] {
        let token = app.token_for(name, &[role]).await;
        let html = work_as(&app, &token).await;
        let mine = section(&html, "work-links-h");
        assert!(mine.contains(&format!("href=\"{href}")), "{role:?}: {html}");
        assert!(!mine.contains(&format!("href=\"{absent}")), "{role:?}");
        assert!(!html.contains("id=\"work-owned\""), "{role:?} sees no case section");
    }
}
