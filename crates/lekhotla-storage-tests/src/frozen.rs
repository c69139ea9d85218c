//! Suite: frozen reports. A report is kept once and read back byte for byte; the list gives every report
//! without its document, newest first; an id kept already is a conflict that changes nothing; each freeze is
//! audited once.

use std::sync::Arc;

use lekhotla_storage::{AuditFilter, DbError, FrozenRecord, Store};
use time::macros::{date, datetime};
use uuid::Uuid;

use crate::fixtures::note;

fn report(area: &str, frozen_at: time::OffsetDateTime) -> FrozenRecord {
    FrozenRecord {
        id: Uuid::now_v7(),
        kind: "tip".into(),
        area: area.into(),
        period_from: date!(2025 - 04 - 01),
        period_to: date!(2026 - 03 - 31),
        frozen_at,
        frozen_by: "synthetic.coordinator".into(),
        definitions_version: 3,
        document: "{\"figures\": [1, 2, 3], \"note\": \"Synthetic, \\u00e9 kept byte for byte\"}\n".into(),
        signature: "ab".repeat(64),
        public_key: "cd".repeat(32),
    }
}

pub async fn frozen_reports_are_kept_once_and_read_back(store: Arc<dyn Store>) {
    assert!(store.frozen_reports().await.unwrap().is_empty());
    let national = report("national", datetime!(2026-04-02 09:30:00.123456 UTC));
    let district = report("LS-B", datetime!(2026-04-03 10:00 UTC));
    // Half a second after a whole second: newer, though as RFC 3339 with its fraction trimmed it would sort
    // before it as text (`...:00.5Z` < `...:00Z`).
    let later = report("LS-C", datetime!(2026-04-03 10:00:00.5 UTC));
    let entry = |r: &FrozenRecord| note().record(format!("frozen-report/{}", r.id));
    store.freeze_report(&national, entry(&national)).await.unwrap();
    store.freeze_report(&later, entry(&later)).await.unwrap();
    store.freeze_report(&district, entry(&district)).await.unwrap();

    assert_eq!(store.frozen_report(national.id).await.unwrap(), Some(national.clone()));
    assert_eq!(store.frozen_report(Uuid::now_v7()).await.unwrap(), None);
    let without_document = |r: &FrozenRecord| FrozenRecord { document: String::new(), ..r.clone() };
    let newest_first = [&later, &district, &national].map(without_document).to_vec();
    assert_eq!(store.frozen_reports().await.unwrap(), newest_first, "newest first, to the fraction of a second");

    let again = FrozenRecord { area: "LS-C".into(), ..national.clone() };
    assert!(matches!(store.freeze_report(&again, entry(&again)).await, Err(DbError::Conflict(_))));
    assert_eq!(store.frozen_report(national.id).await.unwrap().as_ref(), Some(&national));
    let record = Some(format!("frozen-report/{}", national.id));
    let audited = store.search_audit(&AuditFilter { record, ..Default::default() }, 10, 0).await.unwrap();
    assert_eq!(audited.len(), 1, "a freeze kept is audited once, the refused one not");
}
