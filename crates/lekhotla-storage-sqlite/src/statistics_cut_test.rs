//! A report of some districts is the whole country's run cut to their rows (`StatsCounts::narrowed`, shared
//! by `ReportRuns`): here it is checked against the same counts' SQL scoped to those districts, count by count,
//! on generated cases. A district key that names the wrong column would keep the wrong rows.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use lekhotla_crypto::{Keyring, MasterKey};
use lekhotla_demo::DemoGenerator;
use lekhotla_domain::{Geography, UnitCode};
use lekhotla_storage::statistics::{StatsCounts, StatsQuery, sql};
use lekhotla_storage::{Action, KeyStore, NewEntry, Store};
use time::macros::date;

use crate::{OpenMode, SqliteStore};

fn note() -> NewEntry {
    NewEntry::new(time::OffsetDateTime::now_utc(), "test", Action::Import)
}

/// The scoped SQL's rows, every one kept, with the keys that are there only to cut by dropped and added up, as
/// a report reads them: what the cut run must give.
fn scoped(direct: &StatsCounts, q: &StatsQuery) -> StatsCounts {
    direct.narrowed(&q.whole_country())
}

#[tokio::test]
async fn a_district_s_report_cut_from_the_country_s_counts_is_its_scoped_count() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cut.db").display());
    let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap();
    let (master, _) = MasterKey::load_or_create(&dir.path().join("master.key")).unwrap();
    let (keyring, _) = Keyring::new_with_fresh_keys(&master).unwrap();
    store.use_keyring(Arc::new(keyring));
    let geography = Geography::from_csv(include_str!("../../../data/geography/LS.csv")).unwrap();
    store.load_geography(&geography, note()).await.unwrap();
    let generator = DemoGenerator::new(&geography, 11, date!(2025 - 06 - 01));
    let cases: Vec<_> = generator.cases(600).collect();
    store.import(&generator.organisations(), &cases, note()).await.unwrap();

    let unit = |u: &str| UnitCode::parse(u).unwrap();
    let mut compared = 0;
    for (from, to) in [(date!(2024 - 04 - 01), date!(2025 - 03 - 31)), (date!(2015 - 01 - 01), date!(2025 - 12 - 31))] {
        for districts in [vec![unit("LS-A")], vec![unit("LS-B"), unit("LS-J")], vec![unit("LS-K")], vec![]] {
            let q = StatsQuery { from, to, districts: Some(districts), only: None, deadlines: Default::default() };
            let cut = store.statistics(&q).await.unwrap();
            let direct = scoped(&crate::cases::statistics(&store.pool, &q).await.unwrap(), &q);
            assert_eq!(cut.groups.keys().collect::<Vec<_>>(), direct.groups.keys().collect::<Vec<_>>());
            for c in sql::counts(&q, lekhotla_storage::statistics::Dialect::Sqlite) {
                let (mut a, mut b) = (cut.get(c.name).rows.clone(), direct.get(c.name).rows.clone());
                a.sort();
                b.sort();
                assert_eq!(a, b, "{} {from}..{to} {:?}", c.name, q.districts);
                compared += a.len();
            }
        }
    }
    assert!(compared > 500, "the generated cases fill the counts ({compared} rows compared)");
}
