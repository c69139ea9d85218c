//! The report in the page's language: its title, notes, section and table titles, definitions, headings and
//! row and column labels from the `report-*` messages, for the page and for its XLSX and PDF alike. A
//! message stands in for the report's English only where its English text is that English (so a report
//! made by other definitions, or a label the messages do not know, stays in the report's English); numbers,
//! district names, country codes and age bands are left as they are. The CSV and JSON stay in English.

use std::collections::HashMap;
use std::sync::LazyLock;

use lekhotla_domain::vocabulary::{
    DetectionSource, ExploitationType, ForcedLabourIndustry, Gender, ServiceType, TrainingRole, Vocabulary,
};
use lekhotla_report::{Disclosure, DisclosureLevel, Label, Report, Table};

use crate::i18n::{Lang, Tr, vocab_id};

/// The definitions and notes (`report-def-<name>`), found by their English text.
const DEFINITIONS: &[&str] = &[
    "general",
    "consent",
    "place",
    "suppression",
    "victims",
    "age",
    "nationality",
    "forms",
    "industry",
    "district",
    "source",
    "country",
    "referred",
    "assisted",
    "shelter",
    "testified",
    "compensation",
    "investigations",
    "prosecutions",
    "convictions",
    "accused",
    "officials",
    "sentences",
    "before-court",
    "waiting",
    "detections",
    "campaigns",
    "campaign-reach",
    "trainings",
    "trained",
    "trained-roles",
    "trained-sexes",
    "inspections",
    "inspected-workers",
    "inspections-with-case",
    "screenings",
    "screened",
    "screening-referred",
    "screening-cases",
    "referrals-sent",
    "answered-on-time",
    "waiting-late",
    "unodc-victims",
    "unodc-persons",
    "sdg",
];

/// The row and column headings (`report-heading-<name>`), found by their English text.
const HEADINGS: &[&str] = &[
    "sex",
    "district",
    "form",
    "prison",
    "time-to-court",
    "status",
    "age",
    "age-band",
    "nationality",
    "industry",
    "detected-by",
    "country",
    "service",
    "victims",
    "place",
    "role",
    "port",
];

/// The report in `tr`'s language (the report itself for English).
pub fn translated(r: &Report, tr: Tr) -> Report {
    let mut out = r.clone();
    if tr.lang == Lang::En {
        return out;
    }
    translate(&mut out.title, pick(tr, &format!("report-name-{}", slug(&r.kind))));
    for note in &mut out.notes {
        let found = by_english(tr, "report-def-", note);
        translate(note, found);
    }
    for s in &mut out.sections {
        translate(&mut s.title, pick(tr, &format!("report-section-{}", slug(&s.id))));
        for t in &mut s.tables {
            table(t, tr);
        }
    }
    out
}

/// The disclosure rule in one sentence, in `tr`'s language.
pub fn rule(tr: Tr, d: &Disclosure) -> String {
    match d.level {
        DisclosureLevel::Unsuppressed => tr.t("report-rule-unsuppressed"),
        level => tr.args(
            if level == DisclosureLevel::Public { "report-rule-public" } else { "report-rule-internal" },
            &[("max", d.threshold.saturating_sub(1).to_string()), ("protection", d.protection.to_string())],
        ),
    }
}

/// The message id of a table: its id with `.` as `-` (`report-table-protection-victims_by_status`).
pub fn table_slug(id: &str) -> String {
    slug(&id.replace('.', "-"))
}

/// A table's title in `tr`'s language, else `english`.
pub fn table_title(tr: Tr, id: &str, english: &str) -> String {
    let mut title = english.to_owned();
    if tr.lang != Lang::En {
        translate(&mut title, pick(tr, &format!("report-table-{}", table_slug(id))));
    }
    title
}

fn table(t: &mut Table, tr: Tr) {
    let id = table_slug(&t.id);
    translate(&mut t.title, pick(tr, &format!("report-table-{id}")));
    for (text, prefix) in [
        (&mut t.definition, "report-def-"),
        (&mut t.row_heading, "report-heading-"),
        (&mut t.column_heading, "report-heading-"),
    ] {
        let found = by_english(tr, prefix, text);
        translate(text, found);
    }
    let vocabulary = vocabulary_of(&t.id);
    for row in &mut t.rows {
        let found = label(tr, &id, row).or_else(|| {
            let vid = vocab_id(vocabulary?, &row.code);
            (!row.code.is_empty() && tr.has(&vid)).then(|| (tr.t(&vid), row.label.clone()))
        });
        translate(&mut row.label, found);
    }
    for column in &mut t.columns {
        let found = label(tr, &id, column);
        translate(&mut column.label, found);
    }
}

/// A label: the table's own message (`report-label-<table>-<code>`), else the common one
/// (`report-label-<code>`, `report-label-not-recorded` for an empty code), else a nationals' row.
fn label(tr: Tr, table: &str, l: &Label) -> Option<(String, String)> {
    let code = if l.code.is_empty() { "not-recorded".to_owned() } else { slug(&l.code) };
    let known = |id: String| pick(tr, &id).filter(|(_, english)| same(english, &l.label));
    known(format!("report-label-{table}-{code}")).or_else(|| known(format!("report-label-{code}"))).or_else(|| {
        (l.label == format!("{} (nationals)", l.code))
            .then(|| (tr.t1("report-label-nationals", "code", &l.code), l.label.clone()))
    })
}

/// The vocabulary whose codes a table's rows are.
fn vocabulary_of(table: &str) -> Option<&'static str> {
    match table {
        "protection.victims_by_form" => Some(ExploitationType::NAME),
        "protection.labour_victims_by_industry" => Some(ForcedLabourIndustry::NAME),
        "protection.victims_by_source" | "prevention.detections" => Some(DetectionSource::NAME),
        "protection.referred_by_service"
        | "protection.assisted_by_service"
        | "protection.answered_on_time_by_service" => Some(ServiceType::NAME),
        "prevention.trained_roles" => Some(TrainingRole::NAME),
        "prevention.trained_sexes" => Some(Gender::NAME),
        _ => None,
    }
}

/// The message `id` in `tr`'s language, with its English, if there is such a message.
fn pick(tr: Tr, id: &str) -> Option<(String, String)> {
    tr.has(id).then(|| (tr.t(id), Lang::En.tr().t(id)))
}

/// The message of `prefix` (definitions, headings) whose English is `english`, in `tr`'s language.
fn by_english(tr: Tr, prefix: &str, english: &str) -> Option<(String, String)> {
    static INDEX: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
        let en = Lang::En.tr();
        let mut index = HashMap::new();
        for (prefix, names) in [("report-def-", DEFINITIONS), ("report-heading-", HEADINGS)] {
            for name in names {
                let id = format!("{prefix}{name}");
                index.insert(format!("{prefix}{}", flat(&en.t(&id))), id);
            }
        }
        index
    });
    let id = INDEX.get(&format!("{prefix}{}", flat(english)))?;
    pick(tr, id)
}

/// Replaces `text` with the translation when the message's English is `text`.
fn translate(text: &mut String, found: Option<(String, String)>) {
    if let Some((translation, english)) = found
        && same(&english, text)
    {
        *text = translation;
    }
}

/// The same words, whatever the spacing (a message may run over several lines).
fn same(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A code as part of a message id: lower case, any character but a letter, a digit or `_` as `-`.
fn slug(code: &str) -> String {
    code.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c.to_ascii_lowercase() } else { '-' }).collect()
}

#[cfg(test)]
mod tests;
