//! The files' fixed words ([`Words`]) from the `report-file-*` messages, so the XLSX and the PDF that a
//! page offers are in the page's language and the Sesotho has one source, `st.ftl`. A message's
//! variables (`{ $from }`) become the files' placeholders (`{from}`), which the files fill.

use lekhotla_report_files::Words;

use crate::i18n::Tr;

/// The placeholders any of the words may hold.
const PLACEHOLDERS: &str = "n from to name code districts level max threshold protection page pages title column";

/// The files' words in `tr`'s language.
pub fn words(tr: Tr) -> Words {
    let args: Vec<(&str, String)> = PLACEHOLDERS.split(' ').map(|p| (p, format!("{{{p}}}"))).collect();
    let w = |name: &str| tr.args(&format!("report-file-{name}"), &args);
    Words {
        notes_sheet: w("notes-sheet"),
        table_sheet: w("table-sheet"),
        title: w("title"),
        period: w("period"),
        scope: w("scope"),
        computed_at: w("computed-at"),
        definitions_version: w("definitions-version"),
        disclosure: w("disclosure"),
        notes: w("notes"),
        tables: w("tables"),
        definitions: w("definitions"),
        section: w("section"),
        sheet: w("sheet"),
        table_id: w("table-id"),
        definition: w("definition"),
        period_range: w("period-range"),
        scope_national: w("scope-national"),
        scope_hub: w("scope-hub"),
        scope_district: w("scope-district"),
        level_public: w("level-public"),
        level_internal: w("level-internal"),
        level_unsuppressed: w("level-unsuppressed"),
        rule_level: w("rule-level"),
        rule_primary: w("rule-primary"),
        rule_secondary: w("rule-secondary"),
        rule_none: w("rule-none"),
        suppressed_key: w("suppressed-key"),
        sensitive: w("sensitive"),
        sensitive_note: w("sensitive-note"),
        page_of: w("page-of"),
        continued: w("continued"),
        chart: w("chart"),
        chart_of: w("chart-of"),
        chart_suppressed: w("chart-suppressed"),
        thousands: w("thousands"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_english_messages_are_the_files_own_english() {
        assert_eq!(words(Lang::En.tr()), Words::english());
    }

    #[test]
    fn the_sesotho_words_keep_the_placeholders() {
        let st = words(Lang::St.tr());
        assert_ne!(st.notes_sheet, Words::english().notes_sheet);
        for (text, holds) in [
            (&st.period_range, &["{from}", "{to}"][..]),
            (&st.scope_hub, &["{name}", "{code}", "{districts}"]),
            (&st.rule_primary, &["{max}", "{threshold}"]),
            (&st.rule_secondary, &["{protection}"]),
            (&st.page_of, &["{page}", "{pages}"]),
            (&st.table_sheet, &["{n}"]),
        ] {
            for h in holds {
                assert!(text.contains(h), "{text} lacks {h}");
            }
        }
        assert!(st.notes_sheet.chars().count() <= 31);
    }
}
