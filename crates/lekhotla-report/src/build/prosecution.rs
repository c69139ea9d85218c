//! The prosecution tables: investigations, prosecutions and convictions (initiated in the period and
//! continued from earlier ones) by form of exploitation and district; accused persons and officials;
//! sentences; the cases before the courts and their age; the cases waiting at the DPP; the dockets.

use lekhotla_domain::statistics::ExploitationForm;
use lekhotla_storage::statistics::StatsCounts;

use super::grid::{Dim, DraftTable, TOTAL, Tally};
use super::protection::{district_dim, sex_dim, sex_of};
use super::{Context, Draft, ReportError, rows};
use crate::definitions as def;
use crate::model::Label;

fn forms() -> Dim {
    Dim::new(
        "form",
        "Form of exploitation",
        ExploitationForm::ALL
            .iter()
            .map(|f| {
                Label::new(
                    f.code(),
                    match f {
                        ExploitationForm::Sex => "Sex trafficking",
                        ExploitationForm::Labour => "Labour trafficking",
                        ExploitationForm::Both => "Sex and labour trafficking",
                        ExploitationForm::Other => "Other or not recorded",
                    },
                )
            })
            .collect(),
    )
}

fn timing(begun: &str) -> Dim {
    Dim::new(
        "timing",
        "",
        vec![Label::new("initiated", begun), Label::new("continued", "Continued from earlier periods")],
    )
}

fn one(s: &str) -> Vec<String> {
    vec![s.to_owned()]
}

pub fn tables(d: &mut Draft, counts: &StatsCounts, cx: &Context) -> Result<Vec<DraftTable>, ReportError> {
    let mut out = Vec::new();
    let steps = [
        ("investigations", "Investigations", def::INVESTIGATIONS, "Initiated in the period"),
        ("prosecutions", "Prosecutions", def::PROSECUTIONS, "Initiated in the period"),
        ("convictions", "Cases with a conviction", def::CONVICTIONS, "Prosecution begun in the period"),
    ];
    for (name, title, definition, begun) in steps {
        // Keys: form, district, timing.
        let mut by_form = Tally::default();
        let mut by_district = Tally::default();
        for (k, n) in rows(counts.get(name)) {
            by_form.add(&one(&k[0]), &one(&k[2]), n);
            by_district.add(&one(&k[1]), &one(&k[2]), n);
        }
        let mut t =
            d.table(&format!("prosecution.{name}"), title, definition, name, forms(), timing(begun), &by_form)?;
        t.chart = name == "prosecutions";
        out.push(t);
        out.push(d.table(
            &format!("prosecution.{name}_by_district"),
            &format!("{title} by district"),
            definition,
            name,
            district_dim(cx),
            timing(begun),
            &by_district,
        )?);
    }
    // Accused persons and officials, by sex.
    let stages = || {
        Dim::new(
            "stage",
            "",
            vec![
                Label::new("investigated", "Suspects in investigations opened in the period"),
                Label::new("charged", "Charged"),
                Label::new("convicted", "Convicted"),
                Label::new("acquitted", "Acquitted"),
            ],
        )
        .overlapping()
        .without_total()
    };
    let mut all = Tally::default();
    let mut officials = Tally::default();
    for (k, n) in rows(counts.get("accused")) {
        all.add(&one(&k[0]), &[sex_of(&k[1])], n);
        if k[2] == "yes" {
            officials.add(&one(&k[0]), &[sex_of(&k[1])], n);
        }
    }
    out.push(d.table(
        "prosecution.accused",
        "Suspects and accused persons",
        def::ACCUSED,
        "accused",
        stages(),
        sex_dim(),
        &all,
    )?);
    out.push(d.table(
        "prosecution.officials",
        "Officials suspected of complicity",
        def::OFFICIALS,
        "officials",
        stages(),
        sex_dim(),
        &officials,
    )?);
    // Sentences by prison term; fines and suspended sentences among them.
    let mut t = Tally::default();
    for (k, n) in rows(counts.get("sentences")) {
        let mut cols = vec!["all".to_owned()];
        if k[1] == "yes" {
            cols.push("fine".to_owned());
        }
        if k[2] == "yes" {
            cols.push("suspended".to_owned());
        }
        t.add(&one(&k[0]), &cols, n);
    }
    let bands = Dim::new(
        "prison",
        "Prison term",
        vec![
            Label::new("none", "No prison term"),
            Label::new("under_1", "Under 1 year"),
            Label::new("1_to_5", "1 to under 5 years"),
            Label::new("5_to_10", "5 to under 10 years"),
            Label::new("10_plus", "10 years or more"),
        ],
    );
    let cols = Dim::new(
        "sentence",
        "",
        vec![Label::new("all", "Sentences"), Label::new("fine", "With a fine"), Label::new("suspended", "Suspended")],
    )
    .overlapping()
    .without_total();
    out.push(d.table(
        "prosecution.sentences",
        "Sentences handed down",
        def::SENTENCES,
        "sentences",
        bands,
        cols,
        &t,
    )?);
    // Before the courts at the end of the period, by time since the decision to prosecute.
    let mut t = Tally::default();
    for (k, n) in rows(counts.get("before_court")) {
        t.add(&one(&k[0]), &one("n"), n);
    }
    let ages = Dim::new(
        "age",
        "Time since the decision to prosecute",
        vec![
            Label::new("under_6m", "Under 6 months"),
            Label::new("6_to_12m", "6 to 12 months"),
            Label::new("1_to_2y", "1 to 2 years"),
            Label::new("2_to_5y", "2 to 5 years"),
            Label::new("5y_plus", "More than 5 years"),
        ],
    );
    let mut t = d.table(
        "prosecution.before_court",
        "Cases before the courts at the end of the period",
        def::BEFORE_COURT,
        "before_court",
        ages,
        Dim::count("Cases"),
        &t,
    )?;
    t.chart = true;
    out.push(t);
    // Waiting at the DPP and dockets without a custodian, at the end of the period.
    let mut t = Tally::default();
    for (name, cols) in
        [("at_dpp", ["at_dpp", "at_dpp_12m"]), ("dockets_unlocated", ["open_investigations", "unlocated"])]
    {
        for (k, m) in &counts.get(name).rows {
            for (c, v) in cols.iter().zip(m) {
                t.add(&one(&k[0]), &one(c), u64::try_from(*v).unwrap_or(0));
            }
        }
    }
    let cols = Dim::new(
        "waiting",
        "",
        vec![
            Label::new("at_dpp", "With the DPP, no decision"),
            Label::new("at_dpp_12m", "Of which for more than 12 months"),
            Label::new("open_investigations", "Investigations open"),
            Label::new("unlocated", "Of which the docket has no custodian on record"),
        ],
    )
    .overlapping()
    .without_total();
    t.map.retain(|(_, c), _| c != TOTAL);
    out.push(d.table(
        "prosecution.waiting",
        "Waiting at the end of the period",
        def::WAITING,
        "waiting",
        district_dim(cx),
        cols,
        &t,
    )?);
    Ok(out)
}
