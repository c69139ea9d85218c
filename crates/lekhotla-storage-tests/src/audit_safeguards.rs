//! The audit tables' safeguards (append-only triggers and what they rely on) are reported when someone with
//! the database removes, rewrites or disables them.

use std::sync::Arc;

use lekhotla_storage::{GapProblem, ProtectionGap, Store};

use crate::RawSql;

/// A fresh store has every safeguard; after each statement of `tampers` (run in order, as someone with the
/// database would), the store reports the safeguard named, with its problem, among its gaps.
pub async fn audit_safeguard_gaps_are_named(store: Arc<dyn Store>, sql: RawSql, tampers: &[(&str, &str, GapProblem)]) {
    assert_eq!(store.audit_protection_gaps().await.unwrap(), Vec::<ProtectionGap>::new(), "a fresh store");
    for (statement, name, problem) in tampers {
        sql((*statement).to_owned()).await.unwrap();
        let gaps = store.audit_protection_gaps().await.unwrap();
        let expected = ProtectionGap { name: (*name).to_owned(), problem: *problem };
        assert!(gaps.contains(&expected), "after {statement}: expected {expected}, got {gaps:?}");
    }
}
