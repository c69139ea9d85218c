//! The dashboard's figures (`lekhotla_storage::Figures`) as tables of one grid, through the same disclosure
//! step as the report: cases by district with their total (the heading's "cases registered"), victims by sex,
//! age band and nationality with their total (the heading's "victims recorded", one cell shared by the three),
//! victims by form of exploitation (overlapping: a victim may have several forms, so no relation), and the
//! milestones by month and by quarter (a quarter is the sum of its months, so both views are protected
//! together). Codes only: the page puts the labels in the person's language.

use lekhotla_storage::{Figures, Milestone};

use crate::build::{Dim, Draft, DraftTable, ReportError, TOTAL, Tally};
use crate::disclose;
use crate::model::{Disclosure, Label, Table};

/// The dashboard's tables: drafts before the disclosure step, [`Table`]s after it.
#[derive(Debug, Clone)]
pub struct Dashboard<T> {
    /// Cases (all time) by district, then the total.
    pub cases: T,
    /// Victims by `sex`, `age`, `nationality` and `exploitation`, each ending with the total of victims.
    pub victims: Vec<(&'static str, T)>,
    /// The milestones (columns, [`Milestone::code`]) by month (`YYYY-MM`, rows).
    pub months: T,
    /// The same by quarter (`YYYY Qn`).
    pub quarters: T,
}

/// The dashboard's tables after disclosure, with the rule they passed through.
#[derive(Debug, Clone)]
pub struct Protected {
    pub disclosure: Disclosure,
    pub tables: Dashboard<Table>,
}

/// The quarter (`YYYY Qn`) of a month (`YYYY-MM`).
pub fn quarter_of(month: &str) -> String {
    let (year, m) = month.split_once('-').unwrap_or((month, "1"));
    let m: u8 = m.parse().unwrap_or(1);
    format!("{year} Q{}", (m.clamp(1, 12) - 1) / 3 + 1)
}

fn labels<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<Label> {
    codes.into_iter().map(|c| Label::new(c, c)).collect()
}

fn one_way(
    d: &mut Draft,
    dim: &'static str,
    measure: &str,
    tally: &Tally,
    dim_of: Dim,
) -> Result<DraftTable, ReportError> {
    let rows = dim_of.with_unlisted(tally, true);
    d.table(dim, "", "", measure, rows, Dim::count("n"), tally)
}

/// The dashboard's tables before disclosure, every cell in one draft: `districts` are the rows of the cases
/// table (the level's districts, in display order), `months` the rows of the over-time table (`YYYY-MM`).
pub fn draft(
    f: &Figures,
    districts: &[String],
    months: &[String],
) -> Result<(Draft, Dashboard<DraftTable>), ReportError> {
    let mut d = Draft::default();
    let by_district = Tally::one_way(f.by_district.iter().map(|(code, n)| (code.to_string(), *n)));
    let cases = one_way(
        &mut d,
        "cases",
        "cases",
        &by_district,
        Dim::new("district", "", labels(districts.iter().map(String::as_str))),
    )?;
    let mut victims = Vec::new();
    for (name, rows) in
        [("sex", &f.victims_by_sex), ("age", &f.victims_by_age), ("nationality", &f.victims_by_nationality)]
    {
        let tally = Tally::one_way(rows.iter().cloned());
        let dim = Dim::new(name, "", labels(rows.iter().map(|(c, _)| c.as_str())));
        victims.push((name, one_way(&mut d, name, "victims", &tally, dim)?));
    }
    // A victim counts under each of its forms: the forms' counts do not add up to the total.
    let mut forms = Tally::default();
    for (code, n) in &f.victims_by_exploitation {
        forms.map.insert((code.clone(), "n".to_owned()), *n);
    }
    forms.map.insert((TOTAL.to_owned(), "n".to_owned()), f.victims);
    let dim = Dim::new("form", "", labels(f.victims_by_exploitation.iter().map(|(c, _)| c.as_str()))).overlapping();
    victims.push(("exploitation", one_way(&mut d, "exploitation", "victims", &forms, dim)?));
    let (months, quarters) = over_time(&mut d, f, months)?;
    Ok((d, Dashboard { cases, victims, months, quarters }))
}

/// The milestones by month and by quarter; each quarter's cell declared the sum of its months' cells.
fn over_time(d: &mut Draft, f: &Figures, months: &[String]) -> Result<(DraftTable, DraftTable), ReportError> {
    let mut quarters: Vec<String> = Vec::new();
    for m in months {
        let q = quarter_of(m);
        if quarters.last() != Some(&q) {
            quarters.push(q);
        }
    }
    let (mut by_month, mut by_quarter) = (Tally::default(), Tally::default());
    for (milestone, month, n) in &f.over_time {
        if months.contains(month) {
            by_month.add(std::slice::from_ref(month), &[milestone.code().to_owned()], *n);
            by_quarter.add(&[quarter_of(month)], &[milestone.code().to_owned()], *n);
        }
    }
    let milestones =
        || Dim::new("milestone", "", labels(Milestone::ALL.iter().map(|m| m.code()))).overlapping().without_total();
    let rows = |name, codes: &[String]| Dim::new(name, "", labels(codes.iter().map(String::as_str))).without_total();
    let monthly = d.table("months", "", "", "milestones", rows("month", months), milestones(), &by_month)?;
    let quarterly = d.table("quarters", "", "", "milestones", rows("quarter", &quarters), milestones(), &by_quarter)?;
    for (qi, q) in quarters.iter().enumerate() {
        let in_q: Vec<usize> = months.iter().enumerate().filter(|(_, m)| quarter_of(m) == *q).map(|(i, _)| i).collect();
        for c in 0..Milestone::ALL.len() {
            d.relate(quarterly.cells[qi][c], in_q.iter().map(|&i| monthly.cells[i][c]).collect());
        }
    }
    Ok((monthly, quarterly))
}

/// The dashboard's tables after the disclosure step of `disclosure`'s level.
pub fn protect(
    f: &Figures,
    districts: &[String],
    months: &[String],
    disclosure: Disclosure,
) -> Result<Protected, ReportError> {
    let (d, t) = draft(f, districts, months)?;
    let states = disclose::states(&d, disclosure)?;
    let tables = Dashboard {
        cases: d.finish(t.cases, &states),
        victims: t.victims.into_iter().map(|(n, x)| (n, d.finish(x, &states))).collect(),
        months: d.finish(t.months, &states),
        quarters: d.finish(t.quarters, &states),
    };
    Ok(Protected { disclosure, tables })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellState, DisclosureLevel};
    use lekhotla_domain::UnitCode;

    fn figures() -> Figures {
        let code = |c: &str| UnitCode::parse(c).unwrap();
        Figures {
            by_district: vec![(code("LS-A"), 40), (code("LS-B"), 3), (code("LS-C"), 25)],
            over_time: vec![
                (Milestone::Identified, "2026-07".into(), 2),
                (Milestone::Identified, "2026-08".into(), 30),
                (Milestone::Identified, "2026-09".into(), 12),
            ],
            victims: 47,
            victims_by_sex: vec![("F".into(), 44), ("M".into(), 3)],
            victims_by_age: vec![("18-24".into(), 20), ("25-34".into(), 27)],
            victims_by_nationality: vec![("LS".into(), 47)],
            victims_by_exploitation: vec![("Sexual".into(), 40), ("Labour".into(), 12)],
        }
    }

    fn districts() -> Vec<String> {
        ["LS-A", "LS-B", "LS-C", "LS-D"].map(String::from).to_vec()
    }

    fn months() -> Vec<String> {
        ["2026-07", "2026-08", "2026-09"].map(String::from).to_vec()
    }

    #[test]
    fn totals_are_margins_and_quarters_sum_their_months() {
        let (d, t) = draft(&figures(), &districts(), &months()).unwrap();
        let g = disclose::grid(&d).unwrap();
        let total = |t: &DraftTable| *t.cells.last().unwrap().last().unwrap();
        assert_eq!(g.values()[total(&t.cases)], 68);
        assert_eq!(t.cases.cells.len(), 5, "four districts and the total");
        let victims: Vec<usize> = t.victims.iter().map(|(_, x)| total(x)).collect();
        assert!(victims.iter().all(|&i| i == victims[0]), "one cell for the victims' total");
        assert_eq!(g.values()[victims[0]], 47);
        assert_eq!(g.values()[t.quarters.cells[0][0]], 44, "2026 Q3 = 2 + 30 + 12");
        // cases by district, sex, age, nationality: one relation each; the forms none; the quarter's five.
        assert_eq!(g.relations().len(), 4 + 5);
    }

    #[test]
    fn a_small_cell_cannot_be_worked_out_from_the_heading() {
        let p = protect(&figures(), &districts(), &months(), Disclosure::of(DisclosureLevel::Internal)).unwrap();
        let states: Vec<CellState> = p.tables.cases.cells.iter().map(|l| l[0].state).collect();
        assert_eq!(states[1], CellState::Primary, "Botha-Bothe's 3");
        assert!(states.iter().filter(|s| **s == CellState::Secondary).count() >= 1, "{states:?}");
        for level in [DisclosureLevel::Internal, DisclosureLevel::Public] {
            let rule = Disclosure::of(level);
            let (d, _) = draft(&figures(), &districts(), &months()).unwrap();
            let states = disclose::states(&d, rule).unwrap();
            assert!(disclose::weaknesses(&d, rule, &states).unwrap().is_empty(), "{level:?}");
        }
        let open = protect(&figures(), &districts(), &months(), Disclosure::of(DisclosureLevel::Unsuppressed)).unwrap();
        assert_eq!(open.tables.cases.cells[1][0].value, Some(3));
    }
}
