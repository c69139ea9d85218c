//! The report in Sesotho: every title, definition, heading and label the report has comes out in Sesotho
//! (but places, age bands and country codes), English is the report itself, and a text the messages do not
//! know stays in English.

use lekhotla_report::{Context, Disclosure, DisclosureLevel, Period, Report, Scope, tip_report};
use lekhotla_storage::statistics::StatsCounts;
use time::macros::{date, datetime};

use super::{rule, table_title, translated};
use crate::i18n::Lang;

fn report() -> Report {
    let cx = Context {
        home: "LS".into(),
        districts: vec![("LS-A".into(), "Butha-Buthe".into(), Some(110_000)), ("LS-C".into(), "Berea".into(), None)],
        population: Some(2_000_000),
        national: true,
        ports: vec![("POE-MASERU-BRIDGE".into(), "Maseru Bridge".into())],
    };
    let period = Period { from: date!(2025 - 04 - 01), to: date!(2026 - 03 - 31) };
    let rule = Disclosure::of(DisclosureLevel::Public);
    tip_report(&StatsCounts::default(), &cx, period, Scope::National, rule, datetime!(2026-04-02 07:30 UTC)).unwrap()
}

/// A label kept as it is: a district's or a port of entry's name, an age band, a country's code.
fn kept(code: &str, label: &str) -> bool {
    code.starts_with("LS-") || code.starts_with("POE-") || code == label
}

#[test]
fn english_is_the_report_itself() {
    let r = report();
    assert_eq!(translated(&r, Lang::En.tr()), r);
}

#[test]
fn every_word_of_the_report_has_its_sesotho() {
    let r = report();
    let st = translated(&r, Lang::St.tr());
    let mut left = Vec::new();
    let mut check = |what: &str, en: &str, st: &str| {
        if !en.is_empty() && en == st {
            left.push(format!("{what}: {en}"));
        }
    };
    check("title", &r.title, &st.title);
    for (a, b) in r.notes.iter().zip(&st.notes) {
        check("note", a, b);
    }
    for (sa, sb) in r.sections.iter().zip(&st.sections) {
        check(&sa.id, &sa.title, &sb.title);
        for (a, b) in sa.tables.iter().zip(&sb.tables) {
            check(&a.id, &a.title, &b.title);
            check(&a.id, &a.definition, &b.definition);
            check(&a.id, &a.row_heading, &b.row_heading);
            check(&a.id, &a.column_heading, &b.column_heading);
            for (la, lb) in a.rows.iter().chain(&a.columns).zip(b.rows.iter().chain(&b.columns)) {
                if !kept(&la.code, &la.label) {
                    check(&format!("{} {:?}", a.id, la.code), &la.label, &lb.label);
                }
            }
        }
    }
    assert!(left.is_empty(), "left in English: {left:#?}");
    let nationals = &st.sections[1].tables[3].rows[0];
    assert_eq!(nationals.label, "LS (baahi ba naha)");
    assert_eq!(st.title, "Khoebo ka batho: lipalo tsa selemo");
}

#[test]
fn a_text_the_messages_do_not_know_stays_in_english() {
    let mut r = report();
    let t = &mut r.sections[0].tables[0];
    t.title = "Investigations, newly worded".into();
    t.definition = "A definition of another version.".into();
    t.rows[0].label = "Sex trafficking, newly worded".into();
    let st = translated(&r, Lang::St.tr());
    let t = &st.sections[0].tables[0];
    assert_eq!(t.title, "Investigations, newly worded");
    assert_eq!(t.definition, "A definition of another version.");
    assert_eq!(t.rows[0].label, "Sex trafficking, newly worded");
    assert_eq!(t.rows[1].label, "Khoebo ka batho bakeng sa mosebetsi");
    assert_eq!(table_title(Lang::St.tr(), "prosecution.investigations", "Investigations"), "Lipatlisiso");
}

#[test]
fn the_rule_in_english_is_the_reports_own_and_in_sesotho_names_the_same_numbers() {
    for level in [DisclosureLevel::Public, DisclosureLevel::Internal, DisclosureLevel::Unsuppressed] {
        let d = Disclosure::of(level);
        assert_eq!(rule(Lang::En.tr(), &d), d.describe());
    }
    let st = rule(Lang::St.tr(), &Disclosure::of(DisclosureLevel::Public));
    assert!(st.starts_with("Molao oa sechaba: lipalo ho tloha ho 1 ho isa ho 9 lia patoa"), "{st}");
    assert!(st.contains("se ka tlase ho 10 ho tsoa"), "{st}");
}
