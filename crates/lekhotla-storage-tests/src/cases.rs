//! Suite: registering, reading and saving whole cases.

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::{CaseFilter, DbError, Page, Store};
use time::macros::{date, datetime};

use crate::fixtures::{self, Orgs, draft, draft_at, stored_full_case};

/// Numbers are `LS-<year>-000001`, `000002`, ... per year of registration; a failed registration
/// uses no number and no number is given twice.
pub async fn case_numbers_are_sequential_and_never_reused(store: Arc<dyn Store>) {
    let orgs = Orgs::stored(store.as_ref()).await;
    let mut numbers = Vec::new();
    for _ in 0..3 {
        let c = store
            .create_case(draft(orgs.police.id, "LS-A", date!(2025 - 05 - 01)), crate::fixtures::note())
            .await
            .unwrap();
        assert_eq!(c.version, 1);
        assert_eq!(store.get_case(c.id).await.unwrap(), Some(c.clone()));
        numbers.push(c.number.to_string());
    }
    assert_eq!(numbers, ["LS-2025-000001", "LS-2025-000002", "LS-2025-000003"]);

    match store.create_case(draft(OrgId::new(), "LS-A", date!(2025 - 05 - 01)), crate::fixtures::note()).await {
        Err(DbError::Reference { field, .. }) => assert_eq!(field, "organisation"),
        other => panic!("expected a bad organisation reference, got {other:?}"),
    }
    match store.create_case(draft(orgs.police.id, "LS-Z", date!(2025 - 05 - 01)), crate::fixtures::note()).await {
        Err(DbError::Reference { field, .. }) => assert_eq!(field, "district"),
        other => panic!("expected a bad district reference, got {other:?}"),
    }
    let next =
        store.create_case(draft(orgs.police.id, "LS-B", date!(2025 - 05 - 01)), crate::fixtures::note()).await.unwrap();
    assert_eq!(next.number.to_string(), "LS-2025-000004");

    // A new year starts again at 1; the old year goes on where it was.
    let new_year = datetime!(2026-01-01 00:00:01 UTC);
    let c = store
        .create_case(draft_at(orgs.police.id, "LS-A", date!(2025 - 12 - 31), new_year), crate::fixtures::note())
        .await
        .unwrap();
    assert_eq!(c.number.to_string(), "LS-2026-000001");
    let c =
        store.create_case(draft(orgs.police.id, "LS-A", date!(2025 - 05 - 02)), crate::fixtures::note()).await.unwrap();
    assert_eq!(c.number.to_string(), "LS-2025-000005");

    // The same id twice is refused.
    let mut again = draft(orgs.police.id, "LS-A", date!(2025 - 05 - 02));
    again.id = c.id;
    assert!(matches!(store.create_case(again, crate::fixtures::note()).await, Err(DbError::Conflict(_))));
    assert_eq!(store.count_cases().await.unwrap(), 6);
}

/// A case with every kind of record reads back identical (order of lists and timestamps
/// included) by id, by number and in a batch.
pub async fn full_case_round_trips(store: Arc<dyn Store>) {
    let (saved, orgs) = stored_full_case(store.as_ref()).await;
    assert_eq!(saved.version, 2);
    assert_eq!(saved.victims.len(), 2);
    assert_eq!(saved.referrals.len(), 2, "the child's automatic referral and the shelter referral");
    // One accused of two has a verdict: the case is still before the court.
    assert_eq!(saved.stage(), CaseStage::BeforeCourt);
    assert_eq!(saved.consents[0].given_by, ConsentGiver::ParentOrGuardian);
    assert_eq!(saved.consents[0].child_assent, Some(true));
    assert_eq!(store.get_case(saved.id).await.unwrap(), Some(saved.clone()));
    assert_eq!(store.find_case_by_number(&saved.number).await.unwrap(), Some(saved.clone()));
    let missing = CaseNumber::parse("LS-2025-999999").unwrap();
    assert_eq!(store.find_case_by_number(&missing).await.unwrap(), None);
    assert_eq!(store.get_case(CaseId::new()).await.unwrap(), None);

    let other = store
        .create_case(draft(orgs.shelter.id, "LS-C", date!(2025 - 04 - 01)), crate::fixtures::note())
        .await
        .unwrap();
    let batch = store.get_cases(&[other.id, CaseId::new(), saved.id]).await.unwrap();
    assert_eq!(batch, vec![other.clone(), saved.clone()]);
    assert_eq!(store.get_cases(&[]).await.unwrap(), Vec::<Case>::new());
    // An id given twice gives its case twice, where it is named.
    let twice = store.get_cases(&[saved.id, other.id, saved.id]).await.unwrap();
    assert_eq!(twice, vec![saved.clone(), other.clone(), saved.clone()]);

    // The list line agrees with the case.
    let list = store.list_cases(&CaseFilter::default(), Page::default()).await.unwrap();
    assert_eq!(list.total, 2);
    assert_eq!(list.items, vec![saved.summary_line(), other.summary_line()]);

    // Saving it again unchanged moves only the version.
    let again = store.save_case(&saved, crate::fixtures::note()).await.unwrap();
    assert_eq!(again, Case { version: 3, ..saved });
    assert_eq!(store.get_case(again.id).await.unwrap(), Some(again));
}

/// A save with a stale version is a conflict and the stored case stays as it was; a save of a
/// case that does not exist is not found.
pub async fn stale_save_is_a_conflict_and_changes_nothing(store: Arc<dyn Store>) {
    let (saved, _) = stored_full_case(store.as_ref()).await;
    let mut first = saved.clone();
    first.summary = Some("First change".into());
    let first = store.save_case(&first, crate::fixtures::note()).await.unwrap();

    let mut stale = saved.clone();
    stale.summary = Some("Lost update".into());
    stale.victims.pop();
    stale.comments.clear();
    match store.save_case(&stale, crate::fixtures::note()).await {
        Err(DbError::Conflict(_)) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(store.get_case(saved.id).await.unwrap(), Some(first));

    let mut ghost = saved;
    ghost.id = CaseId::new();
    assert!(matches!(store.save_case(&ghost, crate::fixtures::note()).await, Err(DbError::NotFound(_))));
}

/// A save that fails on a bad reference writes nothing: the case and its records read back as before.
pub async fn failed_save_leaves_nothing_behind(store: Arc<dyn Store>) {
    let (saved, orgs) = stored_full_case(store.as_ref()).await;
    let today = fixtures::TODAY;
    let mut bad = saved.clone();
    bad.add_victim(fixtures::victim("Nthabiseng", false, orgs.police.id), today, None).unwrap();
    bad.add_comment(CommentInput { author: "clerk".into(), text: "More".into() }, fixtures::now()).unwrap();
    bad.events.remove(1);
    bad.organisation = OrgId::new();
    match store.save_case(&bad, crate::fixtures::note()).await {
        Err(DbError::Reference { field, .. }) => assert_eq!(field, "organisation"),
        other => panic!("expected a bad organisation reference, got {other:?}"),
    }
    assert_eq!(store.get_case(saved.id).await.unwrap(), Some(saved.clone()));

    let mut bad = saved.clone();
    bad.victims.clear();
    bad.district = fixtures::unit("LS-Q");
    assert!(
        matches!(store.save_case(&bad, crate::fixtures::note()).await, Err(DbError::Reference { field, .. }) if field == "district")
    );
    let mut bad = saved.clone();
    bad.port_of_entry = Some(fixtures::unit("POE-NOWHERE"));
    assert!(
        matches!(store.save_case(&bad, crate::fixtures::note()).await, Err(DbError::Reference { field, .. }) if field == "port_of_entry")
    );
    assert_eq!(store.get_case(saved.id).await.unwrap(), Some(saved.clone()));

    // And the good save after them still works from the same version.
    let mut good = saved.clone();
    good.owner = Some("officer.lebona".into());
    let good = store.save_case(&good, crate::fixtures::note()).await.unwrap();
    assert_eq!(store.get_case(saved.id).await.unwrap(), Some(good));
}

/// A save replaces the records of the case: removed ones are gone, re-ordered ones keep the new order.
pub async fn save_replaces_the_records_of_the_case(store: Arc<dyn Store>) {
    let (saved, _) = stored_full_case(store.as_ref()).await;
    let mut c = saved.clone();
    c.events.reverse();
    c.victims.swap(0, 1);
    c.suspects.remove(1);
    c.witnesses.clear();
    c.consents.clear();
    c.support_plans.clear();
    c.investigation.as_mut().unwrap().docket_transfers.clear();
    c.prosecution = None;
    c.status = CaseStatus::FollowUp;
    c.closure_reason = None;
    c.touch(datetime!(2025-06-02 08:00:00.5 UTC));
    let c = store.save_case(&c, crate::fixtures::note()).await.unwrap();
    let back = store.get_case(c.id).await.unwrap().unwrap();
    assert_eq!(back, c);
    assert_eq!(back.stage(), CaseStage::UnderInvestigation);
    assert_eq!(back.suspects.len(), 1);

    let mut c = back;
    c.investigation = None;
    c.victims.clear();
    let c = store.save_case(&c, crate::fixtures::note()).await.unwrap();
    assert_eq!(store.get_case(c.id).await.unwrap(), Some(c.clone()));
    let list = store.list_cases(&Default::default(), Page::default()).await.unwrap();
    assert_eq!(list.items, vec![c.summary_line()]);
}
