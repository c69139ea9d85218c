//! Justice lists: for generated cases and scopes, the investigations and prosecutions listed (all, and
//! those before the courts) and the hearings of a period are exactly those of the cases in scope, with
//! what the domain says of them.

use std::sync::Arc;

use lekhotla_storage::{HearingFilter, HearingLine, JusticeFilter, JusticeLine, Page, Scope, Store};
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::scope::{generated_cases, random_scope};

async fn walked(store: &dyn Store, filter: &JusticeFilter) -> Vec<JusticeLine> {
    let mut out = Vec::new();
    loop {
        let page = store.list_justice(filter, Page::new(40, out.len() as u64)).await.unwrap();
        let n = page.items.len();
        out.extend(page.items);
        if n < 40 {
            assert_eq!(out.len() as u64, page.total, "the total counts what the pages give");
            return out;
        }
    }
}

/// The justice lists give exactly the investigations, prosecutions and hearings of the cases in scope.
pub async fn justice_lists_agree_with_the_cases_in_scope(store: Arc<dyn Store>) {
    let cases = generated_cases(&*store, 400).await;
    let mut rng = StdRng::seed_from_u64(13);
    let mut scopes = vec![Scope::All, Scope::Nothing];
    scopes.extend((0..10).map(|_| random_scope(&mut rng, &cases)));
    let (mut lines, mut before_court) = (0, 0);
    for scope in &scopes {
        for court in [false, true] {
            let filter = JusticeFilter { scope: scope.clone(), before_court: court };
            let got = walked(&*store, &filter).await;
            if court {
                // Before the courts: the registry's order, newest detection first.
                let detected = |l: &JusticeLine| cases.iter().find(|c| c.id == l.case).map(|c| c.detected_on);
                assert!(got.windows(2).all(|w| detected(&w[0]) >= detected(&w[1])), "newest detected first");
            } else {
                assert!(got.windows(2).all(|w| w[0].opened_on >= w[1].opened_on), "newest opened first");
            }
            let mut want: Vec<JusticeLine> = cases
                .iter()
                .filter(|c| scope.admits(c))
                .filter_map(JusticeLine::of)
                .filter(|l| !court || l.before_court())
                .collect();
            let mut got = got;
            got.sort_by_key(|l| l.case);
            want.sort_by_key(|l| l.case);
            assert_eq!(got, want, "justice list in {scope:?} (before the court: {court})");
            if court {
                before_court += got.len();
            } else {
                lines += got.len();
            }
        }
    }
    assert!(lines > before_court && before_court > 0, "the data exercise both lists ({lines}, {before_court})");

    let mut all: Vec<HearingLine> = cases.iter().flat_map(HearingLine::of).collect();
    all.sort_by_key(|h| h.on);
    assert!(all.len() > 4, "the data hold hearings");
    let from = all[all.len() / 4].on;
    let to = all[all.len() * 3 / 4].on;
    for scope in &scopes {
        let filter = HearingFilter { scope: scope.clone(), from, to };
        let got = store.list_hearings(&filter).await.unwrap();
        assert!(got.windows(2).all(|w| w[0].on <= w[1].on), "by day");
        let mut want: Vec<HearingLine> = cases
            .iter()
            .filter(|c| scope.admits(c))
            .flat_map(HearingLine::of)
            .filter(|h| h.on >= from && h.on <= to)
            .collect();
        let mut got = got;
        got.sort_by_key(|h| h.hearing);
        want.sort_by_key(|h| h.hearing);
        assert_eq!(got, want, "hearings from {from} to {to} in {scope:?}");
    }
}
