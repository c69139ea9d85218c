//! Suite: the TIP report of generated cases, made from the store's counts, passes the disclosure rule at
//! both levels (no published count below the threshold, and the interval audit of the whole report's grid
//! finds every suppressed small cell protected), adds up, and is the same every time it is made.

use std::sync::Arc;

use lekhotla_report::compute::{self, Area};
use lekhotla_report::{CellState, Disclosure, DisclosureLevel, Period, disclose, tip_draft};
use lekhotla_storage::Store;

use crate::scope::generated_cases;

/// The report of generated cases is protected at both levels and reproducible.
pub async fn the_report_of_generated_cases_is_protected(store: Arc<dyn Store>) {
    generated_cases(&*store, 1500).await;
    let period = Period::parse("2024-01-01..2025-05-31").unwrap();
    for area in [Area::National, Area::Hub(crate::fixtures::unit("LS-F"))] {
        let (counts, cx, _) = compute::counts(&*store, period, &area).await.unwrap();
        let (draft, _) = tip_draft(&counts, &cx).unwrap();
        for level in [DisclosureLevel::Public, DisclosureLevel::Internal] {
            let rule = Disclosure::of(level);
            let report = compute::tip(&*store, period, &area, rule).await.unwrap();
            let (mut published, mut hidden) = (0, 0);
            for (_, t) in report.tables() {
                for (line, row) in t.cells.iter().zip(&t.rows) {
                    for (cell, col) in line.iter().zip(&t.columns) {
                        match cell.value {
                            Some(v)
                                if col.decimals == 0 && !matches!(col.code.as_str(), "population" | "amount_lsl") =>
                            {
                                assert!(
                                    v == 0 || v >= rule.threshold,
                                    "{} {} {}: {v} published",
                                    t.id,
                                    row.code,
                                    col.code
                                );
                                published += 1;
                            }
                            Some(_) => published += 1,
                            None => hidden += 1,
                        }
                    }
                }
            }
            assert!(published > 100 && hidden > 0, "{area:?} {level:?}: {published} published, {hidden} hidden");
            // The interval audit over the whole report: every small cell's range is wide enough.
            let states = disclose::states(&draft, rule).unwrap();
            let weak = disclose::weaknesses(&draft, rule, &states).unwrap();
            assert!(weak.is_empty(), "{area:?} {level:?}: cells narrowed below the protection: {weak:?}");
            // Made again from the same records: the same figures and the same suppression.
            let again = compute::tip(&*store, period, &area, rule).await.unwrap();
            assert_eq!(again.sections, report.sections, "reproducible");
        }
        // Unsuppressed: everything shown; the grand total is the victims counted.
        let open = compute::tip(&*store, period, &area, Disclosure::of(DisclosureLevel::Unsuppressed)).await.unwrap();
        assert!(open.is_sensitive());
        assert!(open.tables().all(|(_, t)| t.cells.iter().flatten().all(|c| c.state == CellState::Published)));
        let victims: u64 = counts.get("victims").rows.iter().map(|(_, m)| m[0] as u64).sum();
        let first = open.tables().find(|(_, t)| t.id == "protection.victims_by_status").unwrap().1;
        assert_eq!(first.cells.last().unwrap().last().unwrap().value, Some(victims));
    }
}
