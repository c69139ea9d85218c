//! Break-glass grants: judged against a person's rate in the transaction that stores them (a concurrent
//! burst passes no more than the rate), flagged and alerted when unusual, found only for their credential,
//! paged for review, revoked.

use std::sync::Arc;

use lekhotla_audit::{Action, NewEntry};
use lekhotla_domain::{CaseId, OrgType};
use lekhotla_identity::{BreakGlassPolicy, GrantVerdict, Role};
use lekhotla_storage::{AuditFilter, DbError, GrantFilter, GrantRecord, Store, UserId};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::fixtures;

/// Friday noon in Maseru: within working hours.
const NOON: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);

fn grant(user: UserId, case: CaseId, credential: &str, at: OffsetDateTime) -> GrantRecord {
    GrantRecord {
        id: Uuid::now_v7(),
        case,
        user,
        credential: credential.into(),
        reason: "victim arrived at our shelter at night".into(),
        granted_at: at,
        expires_at: at + Duration::hours(1),
        unusual: None,
        revoked_at: None,
        revoked_by: None,
    }
}

fn entry(user: UserId, action: Action) -> NewEntry {
    NewEntry::new(NOON, format!("user/{user}"), action).record("case/test")
}

pub async fn break_glass_grants_are_rated_bound_and_revocable(store: Arc<dyn Store>) {
    let org = fixtures::stored_organisation(&*store, "Grant Office", OrgType::CentralGovernmentOrganisation).await;
    let u = crate::security::user(org.id, "grant.worker", &[Role::CaseWorker]);
    store.create_user(&u, &[], entry(u.id, Action::UserCreate)).await.unwrap();
    let policy = BreakGlassPolicy::default();
    let case = CaseId(Uuid::now_v7());

    // A burst of concurrent requests: no more than the hourly rate passes.
    let mut tasks = Vec::new();
    for i in 0..10 {
        let store = store.clone();
        let g = grant(u.id, CaseId(Uuid::now_v7()), "token/t", NOON + Duration::milliseconds(i));
        tasks.push(tokio::spawn(async move {
            store
                .grant_break_glass(
                    &g,
                    &policy,
                    entry(g.user, Action::BreakGlass),
                    entry(g.user, Action::BreakGlassAlert),
                )
                .await
                .unwrap()
        }));
    }
    let mut granted = 0usize;
    for t in tasks {
        match t.await.unwrap() {
            GrantVerdict::Granted { .. } => granted += 1,
            GrantVerdict::Limited { retry_after } => assert!(retry_after > Duration::minutes(59), "{retry_after}"),
        }
    }
    assert_eq!(granted, policy.per_hour, "the rate holds under a burst");
    let all = GrantFilter { from: NOON - Duration::days(1), unusual_only: false };
    let page = store.list_break_glass_grants(&all, 2, 0).await.unwrap();
    assert_eq!((page.total, page.items.len()), (3, 2), "paged, with the total");
    assert!(page.items[0].granted_at >= page.items[1].granted_at, "newest first");
    let rest = store.list_break_glass_grants(&all, 2, 2).await.unwrap();
    assert_eq!(rest.items.len(), 1);
    // The third within a day is unusual: flagged, and an alert entry of its own.
    let unusual =
        store.list_break_glass_grants(&GrantFilter { unusual_only: true, ..all.clone() }, 10, 0).await.unwrap();
    assert_eq!(unusual.total, 1);
    assert!(unusual.items[0].unusual.as_deref().unwrap().contains("within 24 hours"));
    let alerts = AuditFilter { action: Some(Action::BreakGlassAlert), ..AuditFilter::default() };
    let alerts = store.search_audit(&alerts, 10, 0).await.unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].purpose, unusual.items[0].unusual);
    let granted_entries = AuditFilter { action: Some(Action::BreakGlass), ..AuditFilter::default() };
    assert_eq!(store.search_audit(&granted_entries, 20, 0).await.unwrap().len(), 3, "refusals write nothing");

    // A grant admits only its credential, until revoked or expired.
    let other = crate::security::user(org.id, "grant.other", &[Role::CaseWorker]);
    store.create_user(&other, &[], entry(other.id, Action::UserCreate)).await.unwrap();
    let g = grant(other.id, case, "token/a", NOON);
    let verdict = store
        .grant_break_glass(&g, &policy, entry(other.id, Action::BreakGlass), entry(other.id, Action::BreakGlassAlert))
        .await
        .unwrap();
    assert_eq!(verdict, GrantVerdict::Granted { unusual: None });
    let live = |cred: &'static str, at: OffsetDateTime| {
        let store = store.clone();
        async move { store.live_break_glass_grant(other.id, case, cred, at).await.unwrap().map(|g| g.id) }
    };
    assert_eq!(live("token/a", NOON + Duration::minutes(5)).await, Some(g.id));
    assert_eq!(live("session/b", NOON + Duration::minutes(5)).await, None, "another credential");
    assert_eq!(live("token/a", NOON + Duration::minutes(61)).await, None, "expired");
    store
        .revoke_break_glass_grant(
            g.id,
            NOON + Duration::minutes(6),
            "user/x",
            entry(other.id, Action::BreakGlassRevoke),
        )
        .await
        .unwrap();
    assert_eq!(live("token/a", NOON + Duration::minutes(7)).await, None, "revoked");
    let read = store.break_glass_grant(g.id).await.unwrap().unwrap();
    assert_eq!((read.revoked_at, read.revoked_by.as_deref()), (Some(NOON + Duration::minutes(6)), Some("user/x")));
    let unknown =
        store.revoke_break_glass_grant(Uuid::now_v7(), NOON, "user/x", entry(other.id, Action::BreakGlassRevoke)).await;
    assert!(matches!(unknown, Err(DbError::NotFound(_))));

    // A grant for a person the registry does not know is refused the same way on every database.
    let nobody = UserId(Uuid::now_v7());
    let stray = grant(nobody, case, "token/z", NOON);
    let refused = store
        .grant_break_glass(&stray, &policy, entry(nobody, Action::BreakGlass), entry(nobody, Action::BreakGlassAlert))
        .await;
    assert!(matches!(refused, Err(DbError::NotFound("user"))), "{refused:?}");
    assert_eq!(store.break_glass_grant(stray.id).await.unwrap(), None, "nothing kept");
}
