//! The protection tables: victims identified in the period by status, sex, age, nationality, form and
//! industry of exploitation, district, detection source and where they were exploited; victims referred and
//! assisted by service; shelter; testimony; compensation.

use lekhotla_domain::statistics::AgeBand;
use lekhotla_domain::vocabulary::{
    DetectionSource, ExploitationType, ForcedLabourIndustry, ServiceType, TraffickingStatus, Vocabulary,
};
use lekhotla_storage::statistics::StatsCounts;

use super::grid::{Dim, DraftTable, Kind, TOTAL, Tally, key};
use super::{Context, Draft, ReportError, rows};
use crate::definitions as def;
use crate::model::Label;

/// The victims count's keys, in `statistics::sql` order.
const STATUS: usize = 0;
const SEX: usize = 1;
const AGE: usize = 2;
const NATIONALITY: usize = 3;
const FORMS: usize = 4;
const INDUSTRY: usize = 5;
const DISTRICT: usize = 6;
const SOURCE: usize = 7;
const EXPLOITED_IN: usize = 8;

/// The sex columns every victim table has: female, male, other or not recorded.
pub fn sex_dim() -> Dim {
    Dim::new(
        "sex",
        "Sex",
        vec![Label::new("female", "Female"), Label::new("male", "Male"), Label::new("other", "Other or not recorded")],
    )
}

/// The sex column of a recorded gender code.
pub fn sex_of(gender: &str) -> String {
    match gender {
        "Feminine" => "female",
        "Masculine" => "male",
        _ => "other",
    }
    .to_owned()
}

/// Labels of every value of a vocabulary.
pub fn vocab<T: Vocabulary>() -> Vec<Label> {
    T::ALL.iter().map(|v| Label::new(v.code(), v.label())).collect()
}

/// The child / adult / unknown group of an age band code.
pub fn age_group(band: &str) -> &'static str {
    match AgeBand::from_code(band) {
        Some(b) if b.is_child() => "child",
        Some(AgeBand::Unknown) | None => "unknown",
        Some(_) => "adult",
    }
}

pub fn age_group_dim() -> Dim {
    Dim::new(
        "age_group",
        "Age at identification",
        vec![
            Label::new("child", "Child (under 18)"),
            Label::new("adult", "Adult"),
            Label::new("unknown", "Age not known"),
        ],
    )
}

/// The districts in scope as a dimension.
pub fn district_dim(cx: &Context) -> Dim {
    Dim::new("district", "District", cx.districts.iter().map(|(c, n, _)| Label::new(c.clone(), n.clone())).collect())
}

/// The victims tallied by the row values `by` gives and their sex.
fn victims_by(counts: &StatsCounts, by: impl Fn(&[String]) -> Vec<String>) -> Tally {
    let mut t = Tally::default();
    for (k, n) in rows(counts.get("victims")) {
        t.add(&by(k), &[sex_of(&k[SEX])], n);
    }
    t
}

fn one(s: &str) -> Vec<String> {
    vec![s.to_owned()]
}

pub fn tables(d: &mut Draft, counts: &StatsCounts, cx: &Context) -> Result<Vec<DraftTable>, ReportError> {
    let mut out = Vec::new();
    let sex = sex_dim;
    // By status.
    let t = victims_by(counts, |k| one(&k[STATUS]));
    let status = Dim::new(
        "status",
        "Trafficking status",
        vec![
            Label::new(TraffickingStatus::PossibleVictim.code(), "Presumed victims"),
            Label::new(TraffickingStatus::ActualVictim.code(), "Confirmed victims"),
        ],
    )
    .with_unlisted(&t, true);
    let mut first =
        d.table("protection.victims_by_status", "Victims identified", def::VICTIMS, "victims", status, sex(), &t)?;
    first.chart = false;
    out.push(first);
    // By age group, then by CTDC band; a group is the sum of its bands.
    let t = victims_by(counts, |k| one(age_group(&k[AGE])));
    out.push(d.table(
        "protection.victims_by_age_group",
        "Victims identified by age group",
        def::AGE,
        "victims",
        age_group_dim(),
        sex(),
        &t,
    )?);
    let t = victims_by(counts, |k| one(&k[AGE]));
    let bands = Dim::new(
        "age_band",
        "Age at identification (CTDC bands)",
        AgeBand::ALL
            .iter()
            .map(|b| Label::new(b.code(), if *b == AgeBand::Unknown { "Not known" } else { b.code() }))
            .collect(),
    );
    let by_band = d.table(
        "protection.victims_by_age_band",
        "Victims identified by age band",
        def::AGE,
        "victims",
        bands,
        sex(),
        &t,
    )?;
    relate_bands(d, &t)?;
    out.push(by_band);
    // By nationality (first citizenship).
    let t = victims_by(counts, |k| one(k[NATIONALITY].split('|').next().unwrap_or_default()));
    let mut nats = vec![Label::new(cx.home.clone(), format!("{} (nationals)", cx.home))];
    let mut others: Vec<String> =
        t.map.keys().map(|(r, _)| r.clone()).filter(|r| r != TOTAL && *r != cx.home && !r.is_empty()).collect();
    others.sort();
    others.dedup();
    nats.extend(others.into_iter().map(|c| Label::new(c.clone(), c)));
    nats.push(Label::new("", "Not recorded"));
    let nat = Dim::new("nationality", "Nationality", nats);
    out.push(d.table(
        "protection.victims_by_nationality",
        "Victims identified by nationality",
        def::NATIONALITY,
        "victims",
        nat,
        sex(),
        &t,
    )?);
    // By form of exploitation (overlapping).
    let t = victims_by(counts, |k| {
        let forms: Vec<String> = k[FORMS].split('|').filter(|s| !s.is_empty()).map(str::to_owned).collect();
        if forms.is_empty() { one("") } else { forms }
    });
    let mut forms = vocab::<ExploitationType>();
    forms.push(Label::new("", "Not recorded"));
    let forms = Dim::new("form", "Form of exploitation", forms).overlapping();
    let mut by_form = d.table(
        "protection.victims_by_form",
        "Victims identified by form of exploitation",
        def::FORMS,
        "victims",
        forms,
        sex(),
        &t,
    )?;
    by_form.chart = true;
    out.push(by_form);
    // Victims of labour exploitation by industry.
    let labour: Vec<&str> = lekhotla_domain::statistics::ExploitationForm::LABOUR.iter().map(|t| t.code()).collect();
    let mut t = Tally::default();
    for (k, n) in rows(counts.get("victims")) {
        if k[FORMS].split('|').any(|f| labour.contains(&f)) {
            t.add(&one(&k[INDUSTRY]), &[sex_of(&k[SEX])], n);
        }
    }
    let present: Vec<Label> = vocab::<ForcedLabourIndustry>()
        .into_iter()
        .filter(|l| t.map.contains_key(&(l.code.clone(), TOTAL.to_owned())))
        .chain([Label::new("", "Not recorded")])
        .collect();
    let industry = Dim::new("industry", "Industry", present).with_unlisted(&t, true);
    out.push(d.table(
        "protection.labour_victims_by_industry",
        "Victims of labour exploitation by industry",
        def::INDUSTRY,
        "labour_victims",
        industry,
        sex(),
        &t,
    )?);
    // By district.
    let t = victims_by(counts, |k| one(&k[DISTRICT]));
    let mut by_district = d.table(
        "protection.victims_by_district",
        "Victims identified by district",
        def::DISTRICT,
        "victims",
        district_dim(cx),
        sex(),
        &t,
    )?;
    by_district.chart = true;
    out.push(by_district);
    // By how the case came to light.
    let t = victims_by(counts, |k| one(&k[SOURCE]));
    let source = Dim::new("source", "Detected by", vocab::<DetectionSource>()).with_unlisted(&t, true);
    out.push(d.table(
        "protection.victims_by_source",
        "Victims identified by how the case came to light",
        def::SOURCE,
        "victims",
        source,
        sex(),
        &t,
    )?);
    // Nationals abroad and foreigners at home.
    let home = cx.home.clone();
    let t = victims_by(counts, |k| {
        let nat = k[NATIONALITY].split('|').next().unwrap_or_default();
        let place = k[EXPLOITED_IN].as_str();
        one(match (nat, place) {
            ("", _) | (_, "") => "unknown",
            (n, p) if n == home && p != home => "nationals_abroad",
            (n, _) if n == home => "nationals_home",
            (_, p) if p == home => "foreigners_home",
            _ => "foreigners_abroad",
        })
    });
    let geo = Dim::new(
        "exploited",
        "Nationality and country of exploitation",
        vec![
            Label::new("nationals_abroad", "Nationals exploited abroad"),
            Label::new("nationals_home", "Nationals exploited at home"),
            Label::new("foreigners_home", "Foreign nationals exploited at home"),
            Label::new("foreigners_abroad", "Foreign nationals exploited abroad"),
            Label::new("unknown", "Nationality or country of exploitation not recorded"),
        ],
    );
    out.push(d.table(
        "protection.victims_by_country",
        "Victims by nationality and country of exploitation",
        def::COUNTRY,
        "victims",
        geo,
        sex(),
        &t,
    )?);
    out.extend(services(d, counts)?);
    out.extend(shelter_and_court(d, counts, cx)?);
    Ok(out)
}

/// A child group is the sum of its CTDC bands, in every sex column: the relation across the two tables.
fn relate_bands(d: &mut Draft, bands: &Tally) -> Result<(), ReportError> {
    for s in ["female", "male", "other", TOTAL] {
        for group in ["child", "adult", "unknown"] {
            let in_group: Vec<&str> = AgeBand::ALL.iter().map(|b| b.code()).filter(|b| age_group(b) == group).collect();
            let value = in_group.iter().map(|b| bands.get(b, s)).sum();
            let total = d.cell(key("victims", &[("age_group", group), ("sex", s)]), value)?;
            let mut parts = Vec::new();
            for b in in_group {
                parts.push(d.cell(key("victims", &[("age_band", b), ("sex", s)]), bands.get(b, s))?);
            }
            d.relate(total, parts);
        }
    }
    Ok(())
}

/// Victims referred and assisted, by service and age group.
fn services(d: &mut Draft, counts: &StatsCounts) -> Result<Vec<DraftTable>, ReportError> {
    let mut out = Vec::new();
    for (name, any, title, definition) in [
        ("referred", "referred_any", "Victims referred to services", def::REFERRED),
        ("assisted", "assisted_any", "Victims assisted (a service delivered)", def::ASSISTED),
    ] {
        let mut t = Tally::default();
        for (k, n) in rows(counts.get(name)) {
            // The service rows only: a victim referred to two services counts under each.
            t.add(&one(&k[0]), &one(&k[1]), n);
        }
        // The "any service" row counts each victim once, whatever the services.
        t.map.retain(|(r, _), _| r != TOTAL);
        for (k, n) in rows(counts.get(any)) {
            for c in [k[0].as_str(), TOTAL] {
                *t.map.entry((TOTAL.to_owned(), c.to_owned())).or_default() += n;
            }
        }
        let svc = Dim {
            total: Some("Any service (each victim once)".to_owned()),
            ..Dim::new("service", "Service", vocab::<ServiceType>())
        }
        .overlapping()
        .with_unlisted(&t, true);
        let mut table =
            d.table(&format!("protection.{name}_by_service"), title, definition, name, svc, age_group_dim(), &t)?;
        table.chart = name == "assisted";
        out.push(table);
    }
    Ok(out)
}

/// Shelter placements and nights, prosecutions with a victim's testimony, compensation ordered.
fn shelter_and_court(d: &mut Draft, counts: &StatsCounts, cx: &Context) -> Result<Vec<DraftTable>, ReportError> {
    let mut out = Vec::new();
    let g = counts.get("shelter");
    let mut t = Tally::default();
    for (k, m) in &g.rows {
        for (col, v) in ["placements", "victims", "nights"].iter().zip(m) {
            t.add(&one(&k[0]), &one(col), u64::try_from(*v).unwrap_or(0));
        }
    }
    let cols = Dim::new(
        "shelter",
        "",
        vec![
            Label::new("placements", "Placements begun in the period"),
            Label::new("victims", "Victims sheltered in the period"),
            Label::new("nights", "Nights in shelter in the period"),
        ],
    )
    .overlapping()
    .without_total();
    out.push(d.table("protection.shelter", "Shelter", def::SHELTER, "shelter", district_dim(cx), cols, &t)?);
    let t = Tally::one_way(rows(counts.get("testified")).map(|(k, n)| (k[0].clone(), n)));
    out.push(d.table(
        "protection.testimony",
        "Prosecutions in which a victim testified",
        def::TESTIFIED,
        "testified",
        district_dim(cx),
        Dim::count("Cases"),
        &t,
    )?);
    // Compensation: orders and victims are counts; the amount is shown only where the victims are.
    let g = counts.get("compensation");
    let (mut orders, mut victims, mut amount) = (0u64, 0u64, 0u64);
    for (_, m) in &g.rows {
        let v = |i: usize| u64::try_from(m[i]).unwrap_or(0);
        orders += v(0);
        victims += v(1);
        amount += v(2);
    }
    let o = d.cell(key("compensation_orders", &[]), orders)?;
    let v = d.cell(key("compensation_victims", &[]), victims)?;
    let a = d.other(amount, Kind::Follows(v));
    out.push(DraftTable {
        id: "protection.compensation".to_owned(),
        title: "Compensation ordered".to_owned(),
        definition: def::COMPENSATION.to_owned(),
        row_heading: String::new(),
        column_heading: String::new(),
        rows: vec![Label::new("all", "All orders in the period")],
        columns: vec![
            Label::new("orders", "Orders"),
            Label::new("victims", "Victims awarded"),
            Label::new("amount_lsl", "Amount ordered (maloti)"),
        ],
        cells: vec![vec![o, v, a]],
        chart: false,
    });
    Ok(out)
}
