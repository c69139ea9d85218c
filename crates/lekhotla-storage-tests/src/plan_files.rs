//! Suite: the plan's evidence documents. A file reads back byte for byte with its name and facts, newest first
//! in the list; an unknown id is none; each upload is audited once; name and bytes are sealed, so they go stale
//! on a key rotation and are re-sealed by the walk like every other sealed value, and still read back.

use std::sync::Arc;

use lekhotla_storage::{Action, AuditFilter, PlanFileInfo, Store};
use time::macros::datetime;
use uuid::Uuid;

use crate::fixtures::{KeyMaterial, note};
use crate::sealing::reseal_all;

pub async fn plan_files_are_sealed_and_read_back(store: Arc<dyn Store>) {
    let mut keys = KeyMaterial::new();
    store.add_wrapped_keys(&keys.wrapped).await.unwrap();
    store.use_keyring(keys.keyring());
    assert!(store.plan_files().await.unwrap().is_empty());

    let pdf = b"%PDF-1.4\n% Signed SOPs, synthetic\n%%EOF\n".to_vec();
    let sheet: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let first = PlanFileInfo::of("3.1.1", "Signed SOPs.pdf", "application/pdf", &pdf, datetime!(2025-06-01 08:00 UTC));
    let second = PlanFileInfo::of(
        "3.1.2",
        "Attendance, Leribe.xlsx",
        "application/octet-stream",
        &sheet,
        datetime!(2025-06-02 08:00 UTC),
    );
    for (f, bytes) in [(&first, &pdf), (&second, &sheet)] {
        let mut entry = note().record(format!("plan/file/{}", f.id));
        entry.action = Action::PlanSave;
        store.add_plan_file(f, bytes, entry).await.unwrap();
    }
    assert_eq!(store.plan_files().await.unwrap(), vec![second.clone(), first.clone()], "newest first");
    assert_eq!(store.plan_file(first.id).await.unwrap(), Some((first.clone(), pdf.clone())));
    assert_eq!(store.plan_file(second.id).await.unwrap(), Some((second.clone(), sheet.clone())), "every byte");
    assert_eq!(store.plan_file(Uuid::now_v7()).await.unwrap(), None);
    let audited = store
        .search_audit(&AuditFilter { action: Some(Action::PlanSave), ..AuditFilter::default() }, 10, 0)
        .await
        .unwrap();
    assert_eq!(audited.len(), 2);

    // A rotation leaves both files' name and bytes stale; the walk re-seals them and they still read back.
    let (keyring, key) = keys.rotate();
    store.add_wrapped_keys(&[key]).await.unwrap();
    store.use_keyring(keyring);
    assert_eq!(store.count_sealed_under_other_keys().await.unwrap(), 4);
    assert_eq!(reseal_all(&*store, None, 1).await.1, 4);
    assert_eq!(store.count_sealed_under_other_keys().await.unwrap(), 0);
    assert_eq!(store.plan_file(second.id).await.unwrap(), Some((second, sheet)));
}
