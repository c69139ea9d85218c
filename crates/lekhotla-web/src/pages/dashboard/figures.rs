//! The dashboard's protected tables as the page shows them: the map and its table, the victims' bars and the
//! milestones' lines, each with the table behind it; a suppressed cell as the report page shows it ("x"),
//! drawn as nothing.

use lekhotla_domain::{ExploitationType, Gender, Geography, UnitCode, Vocabulary};
use lekhotla_report::dashboard::Protected;
use lekhotla_report::{Cell, DisclosureLevel, Table};
use lekhotla_storage::Milestone;

use super::Link;
use super::charts::{self, Chart, Row};
use super::map;
use crate::pages::chrome::Chrome;
use crate::pages::reports::CellView;

/// A table's grand total (its last cell) as shown.
pub(super) fn total(t: &Table) -> CellView {
    t.cells.last().and_then(|l| l.last()).map_or_else(|| CellView { text: "0".into(), suppressed: false }, shown)
}

fn shown(cell: &Cell) -> CellView {
    CellView::of(cell, 0)
}

pub(super) fn map_chart(
    geo: &Geography,
    p: &Protected,
    allowed: &Option<Vec<UnitCode>>,
    level: &Option<Vec<UnitCode>>,
    link: &Link,
    c: &Chrome,
) -> Chart {
    let t = &p.tables.cases;
    let mut areas = Vec::new();
    let mut rows = Vec::new();
    for d in geo.districts() {
        let visible =
            allowed.as_ref().is_none_or(|a| a.contains(&d.code)) && level.as_ref().is_none_or(|l| l.contains(&d.code));
        let cell = t.rows.iter().zip(&t.cells).find(|(r, _)| r.code == d.code.as_str()).and_then(|(_, l)| l.first());
        let text = cell.map_or_else(|| CellView { text: "0".into(), suppressed: false }, shown);
        areas.push(map::Area {
            code: d.code.to_string(),
            name: d.name.clone(),
            count: visible.then(|| cell.map_or(Some(0), |x| x.value)),
            shown: text.text.clone(),
            href: link(&[&format!("district={}", d.code)]),
        });
        if visible {
            rows.push(Row { label: d.name.clone(), total: false, cells: vec![text] });
        }
    }
    rows.push(Row { label: c.t("dash-total"), total: true, cells: vec![total(t)] });
    let rule = p.disclosure;
    let legend = if rule.level == DisclosureLevel::Unsuppressed {
        ["0", "1-4", "5-19", "20-49", "50+"].map(String::from).to_vec()
    } else {
        vec!["0".to_owned(), c.t("dash-map-suppressed"), format!("{}-19", rule.threshold), "20-49".into(), "50+".into()]
    };
    let title = c.t("dash-map");
    let desc = c.t("dash-map-desc");
    Chart {
        id: "map".into(),
        svg: map::choropleth("map", &title, &desc, &areas, &legend),
        title,
        head: c.t("dash-district"),
        columns: vec![c.t("dash-cases")],
        rows,
    }
}

/// How a code reads.
type Label<'a> = dyn Fn(&str) -> String + 'a;

/// A one-way table's rows as the chart's table (its total last).
fn table_rows(t: &Table, label: &Label, c: &Chrome) -> Vec<Row> {
    t.rows
        .iter()
        .zip(&t.cells)
        .map(|(r, line)| {
            let total = r.code == "total";
            let label = if total { c.t("dash-total") } else { label(&r.code) };
            Row { label, total, cells: line.iter().map(shown).collect() }
        })
        .collect()
}

pub(super) fn charts(p: &Protected, by_quarter: bool, c: &Chrome) -> Vec<Chart> {
    let mut out = vec![over_time(p, by_quarter, c)];
    let sex = |code: &str| Gender::from_code(code).map_or_else(|| c.t("dash-not-recorded"), |g| c.vocab(g));
    let age = |code: &str| if code == "unknown" { c.t("dash-not-recorded") } else { code.to_owned() };
    let nat = |code: &str| if code.is_empty() { c.t("dash-not-recorded") } else { code.to_owned() };
    let form = |code: &str| ExploitationType::from_code(code).map_or_else(|| c.t("dash-not-recorded"), |x| c.vocab(x));
    for (id, t) in &p.tables.victims {
        let label: &Label = match *id {
            "sex" => &sex,
            "age" => &age,
            "nationality" => &nat,
            _ => &form,
        };
        let title = c.t(&format!("dash-victims-{id}"));
        let desc = c.t(&format!("dash-victims-{id}-desc"));
        let rows = table_rows(t, label, c);
        let items: Vec<(String, u64, String)> = t
            .cells
            .iter()
            .zip(&rows)
            .filter(|(_, r)| !r.total)
            .filter_map(|(line, r)| line.first().map(|x| (r.label.clone(), x.value.unwrap_or(0), x.text(0))))
            .collect();
        out.push(Chart {
            id: format!("victims-{id}"),
            svg: charts::bars(&format!("victims-{id}"), &title, &desc, &items),
            title,
            head: c.t(&format!("dash-head-{id}")),
            columns: vec![c.t("dash-victims")],
            // A table with no victims says so.
            rows: if rows.len() > 1 { rows } else { Vec::new() },
        });
    }
    out
}

fn over_time(p: &Protected, by_quarter: bool, c: &Chrome) -> Chart {
    let t = if by_quarter { &p.tables.quarters } else { &p.tables.months };
    let names: Vec<String> = Milestone::ALL.iter().map(|m| c.t(&format!("dash-{}", m.code()))).collect();
    let series: Vec<(String, Vec<Option<u64>>)> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.clone(), t.cells.iter().map(|l| l.get(i).and_then(|x| x.value)).collect()))
        .collect();
    let labels: Vec<String> = t.rows.iter().map(|r| r.code.clone()).collect();
    let rows = t
        .rows
        .iter()
        .zip(&t.cells)
        .map(|(r, line)| Row { label: r.code.clone(), total: false, cells: line.iter().map(shown).collect() })
        .collect();
    let title = c.t(if by_quarter { "dash-over-time-quarter" } else { "dash-over-time-month" });
    let desc = c.t("dash-over-time-desc");
    Chart {
        id: "over-time".into(),
        svg: charts::lines("over-time", &title, &desc, &labels, &series),
        title,
        head: c.t(if by_quarter { "dash-quarter" } else { "dash-month" }),
        columns: names,
        rows,
    }
}
