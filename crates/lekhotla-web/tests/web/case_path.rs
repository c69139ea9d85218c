//! A whole case through the API, and the moves the registry must refuse.

use crate::support::{App, person, victim};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_case_goes_from_detection_to_sentence_and_compensation() {
    let app = App::new().await;
    let kase = app.new_case().await;
    assert!(kase.json["number"].as_str().unwrap().starts_with("LS-2026-"));
    assert_eq!(kase.etag(), "\"1\"");
    assert_eq!(kase.headers["location"], format!("/api/v1/cases/{}", kase.id()));
    let c = format!("/api/v1/cases/{}", kase.json["number"].as_str().unwrap());

    let v = app.created(&format!("{c}/victims"), victim("Lineo-Test", "1999-01-01")).await;
    let s = app
        .created(
            &format!("{c}/suspects"),
            json!({"identity": {"kind": "business", "details": {"name": "Synthetic Recruiters (Pty) Ltd", "kind": "RecruitmentAgency"}},
                   "roles": ["RecruiterOrIntermediary"]}),
        )
        .await;
    let police = app.police();
    app.created(
        &format!("{c}/investigation"),
        json!({"unit": "AntiTraffickingUnit", "organisation": police,
        "investigator": "Sgt. Test", "opened_on": "2026-09-03", "docket_number": "T/CR/1/2026"}),
    )
    .await;

    // A verdict before any prosecution is refused.
    let early = app
        .call(
            Method::POST,
            &format!("{c}/prosecution/verdicts"),
            Some(json!({"accused": s.id(), "outcome": "Conviction", "on": "2026-11-02"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);
    assert_eq!(early.json["error"]["code"], "refused");

    let p = app
        .created(
            &format!("{c}/prosecution"),
            json!({"prosecutor": "Adv. Test", "referred_on": "2026-09-20",
            "charges": [{"accused": s.id(), "offence": "TraffickingInPersons", "filed_on": "2026-09-21"}]}),
        )
        .await;
    // A conviction of someone not charged (the victim) is refused.
    let wrong = app
        .call(
            Method::POST,
            &format!("{c}/prosecution/verdicts"),
            Some(json!({"accused": v.id(), "outcome": "Conviction", "on": "2026-11-02"})),
            &[("if-match", &p.etag())],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::CONFLICT, "{}", wrong.text);
    // No verdict before the DPP decides to prosecute.
    let undecided = app
        .call(
            Method::POST,
            &format!("{c}/prosecution/verdicts"),
            Some(json!({"accused": s.id(), "outcome": "Conviction", "on": "2026-11-02"})),
            &[("if-match", &p.etag())],
        )
        .await;
    assert_eq!(undecided.status, StatusCode::CONFLICT, "{}", undecided.text);
    assert!(undecided.json["error"]["message"].as_str().unwrap().contains("decision to prosecute"));
    let at_dpp = app.get("/api/v1/cases?stage=at_dpp&district=LS-C").await;
    assert_eq!(at_dpp.json["total"], 1, "{}", at_dpp.text);
    let decided = app
        .call(
            Method::PATCH,
            &format!("{c}/prosecution"),
            Some(json!({"dpp_decision": {"decision": "Prosecute", "on": "2026-09-25"}})),
            &[("if-match", &p.etag())],
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    let before_court = app.get("/api/v1/cases?stage=before_court&district=LS-C").await;
    assert_eq!(before_court.json["total"], 1, "{}", before_court.text);
    let verdict = app
        .call(
            Method::POST,
            &format!("{c}/prosecution/verdicts"),
            Some(json!({"accused": s.id(), "outcome": "Conviction", "on": "2026-11-02"})),
            &[("if-match", &decided.etag())],
        )
        .await;
    assert_eq!(verdict.status, StatusCode::CREATED, "{}", verdict.text);
    assert_eq!(verdict.etag(), "\"3\"");
    // The old prosecution ETag is stale now.
    let stale = app
        .call(
            Method::POST,
            &format!("{c}/prosecution/sentences"),
            Some(json!({"accused": s.id(), "on": "2026-11-10", "fine_lsl": 50000})),
            &[("if-match", &decided.etag())],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{}", stale.text);
    let sentence = app
        .call(
            Method::POST,
            &format!("{c}/prosecution/sentences"),
            Some(json!({"accused": s.id(), "on": "2026-11-10", "fine_lsl": 50000})),
            &[("if-match", &verdict.etag())],
        )
        .await;
    assert_eq!(sentence.status, StatusCode::CREATED, "{}", sentence.text);
    let comp = app
        .call(
            Method::POST,
            &format!("{c}/prosecution/compensation-orders"),
            Some(json!({"accused": s.id(), "victim": v.id(), "amount_lsl": 20000, "on": "2026-11-10"})),
            &[("if-match", &sentence.etag())],
        )
        .await;
    assert_eq!(comp.status, StatusCode::CREATED, "{}", comp.text);

    let got = app.get(&c).await;
    assert_eq!(got.json["prosecution"]["sentences"][0]["fine_lsl"], 50000);
    assert_eq!(got.json["prosecution"]["compensation_orders"][0]["amount_lsl"], 20000);
    assert_eq!(got.etag(), format!("\"{}\"", got.json["version"]));
    let listed = app.get("/api/v1/cases?stage=concluded&district=LS-C").await;
    assert_eq!(listed.json["total"], 1, "{}", listed.text);
    assert_eq!(listed.json["items"][0]["number"], got.json["number"]);

    // PATCH does not move a case to another organisation: `organisation` is no field of it.
    let moved =
        app.call(Method::PATCH, &c, Some(json!({"organisation": app.shelter()})), &[("if-match", &got.etag())]).await;
    assert_eq!(moved.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", moved.text);
    assert!(moved.text.contains("organisation"), "{}", moved.text);
}

#[tokio::test]
async fn a_child_victim_is_referred_at_once_and_referrals_follow_their_state_machine() {
    let app = App::new().await;
    let kase = app.new_case().await;
    let c = format!("/api/v1/cases/{}", kase.id());
    let child = app.created(&format!("{c}/victims"), victim("Mpho-Test", "2012-05-05")).await;
    let case = app.get(&c).await;
    let auto = &case.json["referrals"][0];
    assert_eq!(auto["automatic"], true, "{}", case.text);
    assert_eq!(auto["victim"], child.json["id"]);
    assert_eq!(auto["service"], "ChildProtection");
    assert_eq!(auto["state"], "Sent");
    assert_eq!(case.json["missed_child_referrals"], json!([]), "{}", case.text);

    // A referral naming the child needs consent to services, given by a guardian with the child's assent.
    let body = json!({"victim": child.id(), "from_org": app.police(), "to_org": app.shelter(),
                      "service": "Shelter", "reason": "AdditionalServicesRequired", "sent_on": "2026-09-02"});
    let refused = app.post(&format!("{c}/referrals"), body.clone()).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    let own = app
        .post(
            &format!("{c}/consents"),
            json!({"victim": child.id(), "purpose": "Services", "given": true, "recorded_on": "2026-09-02"}),
        )
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", own.text);
    assert_eq!(own.json["error"]["fields"][0]["field"], "given_by");
    app.created(
        &format!("{c}/consents"),
        json!({"victim": child.id(), "purpose": "Services", "given": true, "recorded_on": "2026-09-02",
               "given_by": "ParentOrGuardian", "child_assent": true}),
    )
    .await;
    // The service asked for must be one the receiver offers.
    let mut medical = body.clone();
    medical["service"] = json!("Medical");
    let not_offered = app.post(&format!("{c}/referrals"), medical).await;
    assert_eq!(not_offered.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", not_offered.text);
    assert_eq!(not_offered.json["error"]["fields"][0]["field"], "service");

    let r = app
        .created(
            &format!("{c}/referrals"),
            json!({"victim": child.id(), "from_org": app.police(), "to_org": app.shelter(),
            "service": "Shelter", "reason": "AdditionalServicesRequired", "sent_on": "2026-09-02"}),
        )
        .await;
    let act = |body: serde_json::Value, tag: String| {
        let path = format!("{c}/referrals/{}/actions", r.id());
        let app = &app;
        async move { app.call(Method::POST, &path, Some(body), &[("if-match", &tag)]).await }
    };
    // Delivering before accepting is not a move the state machine has.
    let early = act(json!({"action": "deliver", "on": "2026-09-03"}), r.etag()).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);
    let declined = act(json!({"action": "decline", "on": "2026-09-03", "reason": "No bed free"}), r.etag()).await;
    assert_eq!(declined.status, StatusCode::OK, "{}", declined.text);
    assert_eq!(declined.json["state"], "Declined");
    let again = act(json!({"action": "accept", "on": "2026-09-04"}), r.etag()).await;
    assert_eq!(again.status, StatusCode::PRECONDITION_FAILED, "a stale referral ETag: {}", again.text);
    let closed = act(json!({"action": "close", "on": "2026-09-05"}), declined.etag()).await;
    assert_eq!(closed.json["state"], "Closed", "{}", closed.text);

    // The sender revokes a referral; the receiver closes an accepted one whose service never came.
    let revoked = app.created(&format!("{c}/referrals"), body.clone()).await;
    let path = format!("{c}/referrals/{}/actions", revoked.id());
    let reply = app
        .call(
            Method::POST,
            &path,
            Some(json!({"action": "revoke", "on": "2026-09-03", "reason": "Placed with family instead"})),
            &[("if-match", &revoked.etag())],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        (&reply.json["state"], &reply.json["end_reason"]),
        (&json!("Revoked"), &json!("Placed with family instead"))
    );
    let undelivered = app.created(&format!("{c}/referrals"), body).await;
    let path = format!("{c}/referrals/{}/actions", undelivered.id());
    let accepted = app
        .call(
            Method::POST,
            &path,
            Some(json!({"action": "accept", "on": "2026-09-03"})),
            &[("if-match", &undelivered.etag())],
        )
        .await;
    let reply = app
        .call(
            Method::POST,
            &path,
            Some(json!({"action": "close_not_delivered", "on": "2026-09-04", "reason": "The child never arrived"})),
            &[("if-match", &accepted.etag())],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json["state"], "NotDelivered");
    let missed = app.get("/api/v1/cases?child_referral_missed=true").await;
    assert_eq!(missed.json["total"], 0, "{}", missed.text);
    let missing = app
        .call(
            Method::POST,
            &format!("{c}/referrals/{}/actions", r.id()),
            Some(json!({"action": "close", "on": "2026-09-05"})),
            &[],
        )
        .await;
    assert_eq!(missing.status, StatusCode::PRECONDITION_REQUIRED);
}

#[tokio::test]
async fn records_of_a_case_are_added_changed_and_linked() {
    let app = App::new().await;
    let a = app.new_case().await;
    let b = app.new_case().await;
    let c = format!("/api/v1/cases/{}", a.id());
    let v = app.created(&format!("{c}/victims"), victim("Rethabile-Test", "1995-03-03")).await;
    let w = app
        .created(
            &format!("{c}/witnesses"),
            json!({"person": person("Nthabiseng-Test", "1990-02-02"), "statement_taken_on": "2026-09-05"}),
        )
        .await;
    let e = app
        .created(
            &format!("{c}/events"),
            json!({"event_type": "Recruitment", "country": "LS", "district": "LS-C", "victim": v.id()}),
        )
        .await;
    let changed = app
        .call(
            Method::PATCH,
            &format!("{c}/events/{}", e.id()),
            Some(json!({"event_type": "Recruitment", "country": "LS", "district": "LS-D", "city": "Butha-Buthe"})),
            &[("if-match", &e.etag())],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.json["district"], "LS-D");
    let bad_place = app
        .post(&format!("{c}/events"), json!({"event_type": "Transit", "country": "LS", "port_of_entry": "LS-A"}))
        .await;
    assert_eq!(bad_place.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_place.json["error"]["fields"][0]["field"], "port_of_entry");

    let consent = app
        .created(
            &format!("{c}/consents"),
            json!({"victim": v.id(), "purpose": "Statistics", "given": true, "recorded_on": "2026-09-02"}),
        )
        .await;
    let twice = app
        .post(
            &format!("{c}/consents"),
            json!({"victim": v.id(), "purpose": "Statistics", "given": true, "recorded_on": "2026-09-03"}),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
    let withdrawn = app
        .call(
            Method::POST,
            &format!("{c}/consents/{}/withdraw", consent.id()),
            Some(json!({"on": "2026-10-01"})),
            &[("if-match", &consent.etag())],
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.text);
    assert_eq!(withdrawn.json["withdrawn_on"], "2026-10-01");

    app.created(&format!("{c}/comments"), json!({"author": "Focal point, Leribe", "text": "Statement taken."})).await;
    let link = app.created(&format!("{c}/links"), json!({"other": b.json["number"], "kind": "CriminalCase"})).await;
    assert_eq!(link.json["kind"], "CriminalCase");
    let other = app.get(&format!("/api/v1/cases/{}", b.id())).await;
    assert_eq!(other.json["links"][0]["kind"], "VictimCase", "{}", other.text);
    let self_link = app.post(&format!("{c}/links"), json!({"other": a.id(), "kind": "Related"})).await;
    assert_eq!(self_link.status, StatusCode::UNPROCESSABLE_ENTITY);

    let case = app.get(&c).await;
    assert_eq!(case.json["witnesses"][0]["id"], w.json["id"]);
    assert_eq!(case.json["comments"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_lose_nothing() {
    let app = App::new().await;
    let kase = app.new_case().await;
    let c = format!("/api/v1/cases/{}", kase.id());
    // Eight victims added at once to one case: every one lands (the server re-applies on a version clash).
    let mut adds = tokio::task::JoinSet::new();
    for i in 0..8 {
        let (router, path) = (app.router.clone(), format!("{c}/victims"));
        let body = victim(&format!("Concurrent-{i}"), "1990-01-01");
        let bearer = format!("Bearer {}", app.token);
        adds.spawn(async move {
            let headers = [("authorization", bearer.as_str()), (lekhotla_web::CORRECTION_HEADER, "recorded in a test")];
            let req = crate::support::request(Method::POST, &path, Some(body), &headers);
            crate::support::send(router, req).await.status
        });
    }
    let statuses = adds.join_all().await;
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED), "{statuses:?}");
    let case = app.get(&c).await;
    assert_eq!(case.json["victims"].as_array().unwrap().len(), 8);

    // Two edits from the same ETag: one wins, the other is told it is stale. Nothing is overwritten.
    let tag = case.etag();
    let bearer = format!("Bearer {}", app.token);
    let edit = |summary: &str| {
        let headers = [("if-match", tag.as_str()), ("authorization", bearer.as_str())];
        let req = crate::support::request(Method::PATCH, &c, Some(json!({ "summary": summary })), &headers);
        tokio::spawn(crate::support::send(app.router.clone(), req))
    };
    let (a, b) = (edit("first"), edit("second"));
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    let mut got = [a.status, b.status];
    got.sort();
    assert_eq!(got, [StatusCode::OK, StatusCode::PRECONDITION_FAILED]);
    let winner = if a.status == StatusCode::OK { "first" } else { "second" };
    assert_eq!(app.get(&c).await.json["summary"], winner);
}
