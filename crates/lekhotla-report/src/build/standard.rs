//! The same figures in the shape of the standard forms: UNODC's Global Report on Trafficking in Persons
//! questionnaire (victims as girls, boys, women and men; persons prosecuted and convicted by sex) and SDG
//! indicator 16.2.2 (detected victims per 100,000 population). Their cells are the protection and
//! prosecution tables' own, so the disclosure step treats them as one.

use lekhotla_storage::statistics::StatsCounts;

use super::grid::{Dim, DraftTable, Kind, TOTAL, key};
use super::protection::{age_group, sex_dim, sex_of};
use super::{Context, Draft, ReportError, rows};
use crate::definitions as def;
use crate::model::Label;

/// A victim's UNODC group from the age band and sex codes.
fn glotip(band: &str, sex: &str) -> &'static str {
    match (age_group(band), sex) {
        ("child", "female") => "girls",
        ("child", "male") => "boys",
        ("adult", "female") => "women",
        ("adult", "male") => "men",
        _ => "other",
    }
}

pub fn tables(d: &mut Draft, counts: &StatsCounts, cx: &Context) -> Result<Vec<DraftTable>, ReportError> {
    let mut out = Vec::new();
    // UNODC: detected victims as girls, boys, women, men (the age-group table's cells) and the rest.
    let mut sums = std::collections::BTreeMap::<&str, u64>::new();
    for (k, n) in rows(counts.get("victims")) {
        *sums.entry(glotip(&k[2], &sex_of(&k[1]))).or_default() += n;
    }
    let groups = [
        ("girls", "Girls", "child", "female"),
        ("boys", "Boys", "child", "male"),
        ("women", "Women", "adult", "female"),
        ("men", "Men", "adult", "male"),
    ];
    let mut cells = Vec::new();
    let mut labels = Vec::new();
    for (code, label, group, sex) in groups {
        let value = sums.get(code).copied().unwrap_or(0);
        cells.push(vec![d.cell(key("victims", &[("age_group", group), ("sex", sex)]), value)?]);
        labels.push(Label::new(code, label));
    }
    cells.push(vec![d.cell(key("victims", &[("glotip", "other")]), sums.get("other").copied().unwrap_or(0))?]);
    labels.push(Label::new("other", "Other sex or age not known"));
    let all: u64 = sums.values().sum();
    cells.push(vec![d.cell(key("victims", &[]), all)?]);
    labels.push(Label::new(TOTAL, "Total"));
    let parts: Vec<usize> = cells[..5].iter().map(|c| c[0]).collect();
    d.relate(cells[5][0], parts);
    out.push(DraftTable {
        id: "standard.unodc_victims".to_owned(),
        title: "UNODC Global Report: detected victims".to_owned(),
        definition: def::UNODC_VICTIMS.to_owned(),
        row_heading: "Victims".to_owned(),
        column_heading: String::new(),
        rows: labels,
        columns: vec![Label::new("n", "Victims")],
        cells,
        chart: true,
    });
    // UNODC: persons prosecuted and convicted, by sex (the accused table's cells).
    let mut t = super::grid::Tally::default();
    for (k, n) in rows(counts.get("accused")) {
        if k[0] == "charged" || k[0] == "convicted" {
            t.add(&[k[0].clone()], &[sex_of(&k[1])], n);
        }
    }
    let stages = Dim::new(
        "stage",
        "",
        vec![Label::new("charged", "Persons prosecuted (charged)"), Label::new("convicted", "Persons convicted")],
    )
    .overlapping()
    .without_total();
    out.push(d.table(
        "standard.unodc_persons",
        "UNODC Global Report: persons prosecuted and convicted",
        def::UNODC_PERSONS,
        "accused",
        stages,
        sex_dim(),
        &t,
    )?);
    // SDG 16.2.2: victims per 100,000 population, by district, from the census.
    let mut by_district = std::collections::BTreeMap::<String, u64>::new();
    for (k, n) in rows(counts.get("victims")) {
        *by_district.entry(k[6].clone()).or_default() += n;
    }
    let mut cells = Vec::new();
    let mut labels = Vec::new();
    let lines = cx
        .districts
        .iter()
        .map(|(c, n, p)| {
            (c.clone(), n.clone(), by_district.get(c).copied().unwrap_or(0), *p, key("victims", &[("district", c)]))
        })
        .chain([(TOTAL.to_owned(), "Total".to_owned(), all, cx.population, key("victims", &[]))]);
    for (code, name, victims, population, k) in lines {
        let v = d.cell(k, victims)?;
        let (p, r) = match population.filter(|p| *p > 0) {
            Some(p) => {
                // Per 100,000, kept to one decimal: stored times 10, rounded half up.
                let rate = (victims * 100_000 * 10 * 2 + p) / (2 * p);
                (d.other(p, Kind::Fixed), d.other(rate, Kind::Follows(v)))
            }
            None => (d.other(0, Kind::Fixed), d.other(0, Kind::Follows(v))),
        };
        cells.push(vec![v, p, r]);
        labels.push(Label::new(code, name));
    }
    let mut rate = Label::new("rate", "Victims per 100,000 population");
    rate.decimals = 1;
    out.push(DraftTable {
        id: "standard.sdg_16_2_2".to_owned(),
        title: "SDG indicator 16.2.2: detected victims per 100,000 population".to_owned(),
        definition: def::SDG.to_owned(),
        row_heading: "District".to_owned(),
        column_heading: String::new(),
        rows: labels,
        columns: vec![Label::new("victims", "Victims"), Label::new("population", "Population (2016 census)"), rate],
        cells,
        chart: false,
    });
    Ok(out)
}
