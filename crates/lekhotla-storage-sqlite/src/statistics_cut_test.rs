//! A report of some districts is the whole country's run cut to their rows (`StatsCounts::narrowed`, shared
//! by `ReportRuns`): here it is checked against the same counts' SQL scoped to those districts, count by count,
//! on generated cases. A district key that names the wrong column would keep the wrong rows. And the counts that
//! name their index read only it, in the order of their groups.

#![allow(clippy::unwrap_used)]

use lekhotla_demo::DemoGenerator;
use lekhotla_domain::UnitCode;
use lekhotla_storage::Store;
use lekhotla_storage::statistics::{StatsCounts, StatsQuery, sql};
use time::macros::date;

use crate::test_store::note;
use crate::{OpenMode, SqliteStore};

/// The scoped SQL's rows, every one kept, with the keys that are there only to cut by dropped and added up, as
/// a report reads them: what the cut run must give.
fn scoped(direct: &StatsCounts, q: &StatsQuery) -> StatsCounts {
    direct.narrowed(&q.whole_country())
}

#[tokio::test]
async fn a_district_s_report_cut_from_the_country_s_counts_is_its_scoped_count() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, geography) = crate::test_store::with_geography(dir.path(), "cut.db").await;
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

/// The counts that name their index (`INDEXED BY`, migrations 0017 and 0028) read all of it in the order of
/// their groups: the plan holds the index as covering (the table is never read) and no sort of the groups. A
/// column a count reads that its index lacks would send every entry to the table (at a million cases the
/// responses count took 1.4 s so, against 0.3 s from its covering index).
#[tokio::test]
async fn the_counts_that_name_an_index_read_only_that_index_without_sorting() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("plans.db").display());
    let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap();
    let q = StatsQuery::between(date!(2024 - 04 - 01), date!(2025 - 03 - 31));
    let mut checked = Vec::new();
    for c in sql::counts(&q, lekhotla_storage::statistics::Dialect::Sqlite) {
        let Some((_, rest)) = c.sql.split_once("INDEXED BY ") else { continue };
        let index: String = rest.chars().take_while(|ch| ch.is_alphanumeric() || *ch == '_').collect();
        let plan: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {}", c.sql)))
                .fetch_all(&store.pool)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let plan: Vec<String> = plan.into_iter().map(|(_, _, _, detail)| detail).collect();
        let plan = plan.join("\n");
        assert!(plan.contains(&format!("USING COVERING INDEX {index}")), "{} reads its table:\n{plan}", c.name);
        assert!(!plan.contains("TEMP B-TREE FOR GROUP BY"), "{} sorts its groups:\n{plan}", c.name);
        checked.push(c.name);
    }
    assert!(checked.contains(&"responses"), "the responses count names its index: {checked:?}");
}
