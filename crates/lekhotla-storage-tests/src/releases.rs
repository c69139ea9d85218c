//! A database of each released schema (`fixtures/NNNN`, the last migration of a landed stage, filled by that
//! day's `lekhotla demo-data`) migrated forward to the latest: its keys open with its own master key, every case
//! reads back with its people's sealed fields open, its audit trail is one unbroken chain, and a case saves
//! again on the new schema. The 0004 database has its own, closer test (`upgrade.rs`).

use std::sync::Arc;

use lekhotla_crypto::{Keyring, MasterKey};
use lekhotla_domain::SEALED_PLACEHOLDER;
use lekhotla_storage::{ActionPlans, CaseFilter, MeetingFilter, Page, Store};

use crate::fixtures::note;

/// A released schema's database, as the code of that day made it.
#[derive(Debug, Clone, Copy)]
pub struct Release {
    /// The last migration the database has.
    pub migration: i64,
    /// Its `sqlite3 .dump`.
    pub sqlite: &'static str,
    /// Its `pg_dump --inserts`, objects in schema `public`.
    pub postgres: &'static str,
    /// The master key it was made with (it protects only these synthetic rows).
    master_key: &'static str,
    /// How many cases it holds.
    cases: u64,
}

/// Every released schema kept as a fixture besides 0004, oldest first.
pub const RELEASES: [Release; 4] = [
    Release {
        migration: 10,
        sqlite: include_str!("../fixtures/0010/sqlite.sql"),
        postgres: include_str!("../fixtures/0010/postgres.sql"),
        master_key: include_str!("../fixtures/0010/master.key"),
        cases: 10,
    },
    Release {
        migration: 12,
        sqlite: include_str!("../fixtures/0012/sqlite.sql"),
        postgres: include_str!("../fixtures/0012/postgres.sql"),
        master_key: include_str!("../fixtures/0012/master.key"),
        cases: 10,
    },
    Release {
        migration: 17,
        sqlite: include_str!("../fixtures/0017/sqlite.sql"),
        postgres: include_str!("../fixtures/0017/postgres.sql"),
        master_key: include_str!("../fixtures/0017/master.key"),
        cases: 10,
    },
    Release {
        migration: 25,
        sqlite: include_str!("../fixtures/0025/sqlite.sql"),
        postgres: include_str!("../fixtures/0025/postgres.sql"),
        master_key: include_str!("../fixtures/0025/master.key"),
        cases: 10,
    },
];

impl Release {
    fn master_key(&self) -> MasterKey {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        std::fs::write(&path, self.master_key).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        MasterKey::load(&path).unwrap()
    }
}

/// `store` holds `release`'s database migrated to the latest schema (no keyring in use yet).
pub async fn release_migrates_forward(store: &dyn Store, release: &Release) {
    let at = release.migration;
    let entries = store.audit_entries_after(0, u32::MAX).await.unwrap();
    let before = lekhotla_audit::verify(&entries).unwrap_or_else(|e| panic!("{at}: the trail breaks: {e}"));
    assert!(before.entries >= 2, "{at}: the geography and the demo data were audited: {before:?}");

    let keyring = Keyring::unwrap(&release.master_key(), &store.wrapped_keys().await.unwrap()).unwrap();
    store.use_keyring(Arc::new(keyring));
    store.seal_plaintext().await.unwrap();
    assert_eq!(store.seal_plaintext().await.unwrap(), 0, "{at}: sealing again seals nothing");

    let page = store.list_cases(&CaseFilter::default(), Page::new(100, 0)).await.unwrap();
    assert_eq!((page.total, store.count_cases().await.unwrap()), (release.cases, release.cases), "{at}");
    let mut people = 0;
    let mut cases = Vec::new();
    for summary in &page.items {
        let case = store.get_case(summary.id).await.unwrap().unwrap_or_else(|| panic!("{at}: {}", summary.number));
        assert_eq!(case.number, summary.number);
        for v in &case.victims {
            let name = &v.person.first_name;
            assert!(!name.is_empty() && name != SEALED_PLACEHOLDER, "{at}: a victim's sealed name opens");
            people += 1;
        }
        cases.push(case);
    }
    assert!(people >= release.cases as usize, "{at}: every case has its victims: {people}");
    assert!(cases.iter().any(|c| !c.referrals.is_empty()) && cases.iter().any(|c| !c.events.is_empty()), "{at}");
    assert!(!store.list_organisations().await.unwrap().is_empty(), "{at}: the organisations are there");
    if at >= 25 {
        // Issue 12's coordination records: the action plan with its recommendations, the committees' meetings.
        let plan = store.read_plan().await.unwrap().unwrap_or_else(|| panic!("{at}: the action plan is there"));
        assert!(plan.plan.activities().next().is_some(), "{at}: the plan has its activities");
        assert!(
            !store.list_meetings(&MeetingFilter::default()).await.unwrap().is_empty(),
            "{at}: the meetings are there"
        );
    }

    // The new schema takes a write of an old case, and the trail goes on unbroken.
    let mut case = cases.swap_remove(0);
    case.closure_reason = Some(format!("Synthetic: saved again after the upgrade from {at}"));
    let saved = store.save_case(&case, note()).await.unwrap();
    assert_eq!(store.get_case(case.id).await.unwrap().as_ref(), Some(&saved), "{at}");
    let entries = store.audit_entries_after(0, u32::MAX).await.unwrap();
    let after = lekhotla_audit::verify(&entries).unwrap_or_else(|e| panic!("{at}: the trail breaks: {e}"));
    assert!(after.entries > before.entries, "{at}: the save is on the trail");
}

/// The migrations a store carries (`migrator`, embedded by the stores' build script) are its `migrations/`
/// folder as sqlx reads a folder, which is what `sqlx::migrate!` embedded before: the same versions,
/// descriptions, checksums and transaction choices, so a database migrated by an earlier binary finds every
/// recorded checksum unchanged. `folder` is the store's `migrations/`.
pub async fn embedded_migrations_are_the_folder_as_sqlx_reads_it(
    migrator: &sqlx::migrate::Migrator,
    folder: &std::path::Path,
) {
    let from_folder = sqlx::migrate::Migrator::new(folder).await.unwrap();
    let seen = |m: &sqlx::migrate::Migrator| -> Vec<_> {
        m.iter()
            .map(|m| (m.version, m.description.to_string(), m.migration_type, m.checksum.to_vec(), m.no_tx))
            .collect()
    };
    assert!(migrator.iter().count() > 20, "every migration is embedded");
    assert_eq!(seen(migrator), seen(&from_folder));
    assert_eq!((migrator.locking, migrator.no_tx, &migrator.table_name), (true, false, &from_folder.table_name));
}
