//! Suite: the action plan and its recommendations. Both read back as written (the illustrative plan of
//! `data/plan`); a write needs the versions read (a stale one changes nothing); recommendations must answer
//! activities of the plan they are written with; each write is audited once.

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::{Action, ActionPlans, AuditFilter, DbError, PlanVersions, Store};
use time::macros::datetime;

use crate::fixtures::note;

/// The illustrative plan and recommendations shipped in `data/plan`.
pub const PLAN_CSV: &str = include_str!("../../../data/plan/illustrative-action-plan.csv");
pub const RECOMMENDATIONS_CSV: &str = include_str!("../../../data/plan/illustrative-recommendations-2025.csv");

fn entry() -> lekhotla_storage::NewEntry {
    let mut e = note().record("plan/action_plan");
    e.action = Action::PlanSave;
    e
}

pub async fn the_action_plan_is_one_versioned_document(store: Arc<dyn Store>) {
    assert_eq!(store.read_plan().await.unwrap(), None);
    let plan = ActionPlan::from_csv(PLAN_CSV).unwrap();
    let recs = Recommendations::from_csv(RECOMMENDATIONS_CSV, &plan).unwrap();
    let at = datetime!(2025-06-01 08:00 UTC);
    let v1 = store.write_plan(&plan, &recs, PlanVersions::default(), at, entry()).await.unwrap();
    assert_eq!(v1, PlanVersions { plan: 1, recommendations: 1 });
    let stored = store.read_plan().await.unwrap().unwrap();
    assert_eq!(stored.plan, plan);
    assert_eq!(stored.recommendations, recs);
    assert_eq!(stored.versions, v1);
    assert_eq!(stored.loaded_at, at);

    // A second first load, or a write from a stale read, is a conflict and changes nothing.
    let mut changed = plan.to_input();
    changed.title = "A changed plan".into();
    let changed = ActionPlan::new(changed).unwrap();
    for read in [PlanVersions::default(), PlanVersions { plan: 2, recommendations: 1 }] {
        let stale = store.write_plan(&changed, &recs, read, at, entry()).await;
        assert!(matches!(stale, Err(DbError::Conflict(_))), "{stale:?}");
    }
    assert_eq!(store.read_plan().await.unwrap().unwrap().plan, plan);

    // Recommendations must answer activities of the plan they are written with.
    let mut small = plan.to_input();
    for o in &mut small.objectives {
        for u in &mut o.outcomes {
            u.activities.truncate(1);
        }
    }
    let small = ActionPlan::new(small).unwrap();
    let unanswered = store.write_plan(&small, &recs, v1, at, entry()).await;
    assert!(matches!(unanswered, Err(DbError::Reference { .. })), "{unanswered:?}");

    let later = datetime!(2025-07-01 08:00 UTC);
    let empty = Recommendations::new(Vec::new(), &small).unwrap();
    let v2 = store.write_plan(&changed, &empty, v1, later, entry()).await.unwrap();
    assert_eq!(v2, PlanVersions { plan: 2, recommendations: 2 });
    let stored = store.read_plan().await.unwrap().unwrap();
    assert_eq!(stored.plan.title(), "A changed plan");
    assert!(stored.recommendations.items().is_empty());
    assert_eq!((stored.versions, stored.loaded_at), (v2, later));
    let audited = store
        .search_audit(&AuditFilter { action: Some(Action::PlanSave), ..AuditFilter::default() }, 10, 0)
        .await
        .unwrap();
    assert_eq!(audited.len(), 2, "one entry per write, none for the refused ones");
}
