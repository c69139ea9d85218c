//! The fixed words of the files (headings, labels, the rule in words, page numbers), in one place so that
//! another language can be passed in; the report's own titles, definitions and notes come from the report.

use lekhotla_report::{Disclosure, DisclosureLevel, Period, Scope};
use time::OffsetDateTime;
use time::macros::format_description;

/// Every fixed word the XLSX and the PDF write. Templates hold `{name}` placeholders, filled by the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// The first sheet's name (at most 31 characters, none of `[]:*?/\`).
    pub notes_sheet: String,
    /// `{n}`: the sheet of the n-th table when its id leaves no usable sheet name.
    pub table_sheet: String,
    /// Labels of the report's facts (Notes sheet, PDF title block).
    pub title: String,
    pub period: String,
    pub scope: String,
    pub computed_at: String,
    pub definitions_version: String,
    pub disclosure: String,
    /// Headings.
    pub notes: String,
    pub tables: String,
    pub definitions: String,
    pub section: String,
    pub sheet: String,
    pub table_id: String,
    pub definition: String,
    /// `{from}`, `{to}`: the period's days.
    pub period_range: String,
    pub scope_national: String,
    /// `{name}`, `{code}`, `{districts}`.
    pub scope_hub: String,
    /// `{name}`, `{code}`.
    pub scope_district: String,
    pub level_public: String,
    pub level_internal: String,
    pub level_unsuppressed: String,
    /// `{level}`.
    pub rule_level: String,
    /// `{max}`: threshold − 1; `{threshold}`. Left out when the threshold is 1 or less.
    pub rule_primary: String,
    /// `{protection}`.
    pub rule_secondary: String,
    pub rule_none: String,
    /// What "x" means.
    pub suppressed_key: String,
    /// The marking at the top of every page of an unsuppressed report.
    pub sensitive: String,
    /// The marking stated on the Notes sheet and the title page.
    pub sensitive_note: String,
    /// `{page}`, `{pages}`.
    pub page_of: String,
    /// `{title}`: a table continued on a following page.
    pub continued: String,
    /// `{title}`: the heading of a table's bar chart.
    pub chart: String,
    /// `{column}`: what the chart's bars count.
    pub chart_of: String,
    /// Said under a chart with suppressed bars.
    pub chart_suppressed: String,
    /// Between groups of three digits in the PDF's counts (the XLSX uses the reader's own setting).
    pub thousands: String,
}

impl Words {
    /// The words in English.
    pub fn english() -> Words {
        let s = |s: &str| s.to_owned();
        Words {
            notes_sheet: s("Notes"),
            table_sheet: s("Table {n}"),
            title: s("Title"),
            period: s("Period"),
            scope: s("Scope"),
            computed_at: s("Computed at"),
            definitions_version: s("Definitions version"),
            disclosure: s("Disclosure rule"),
            notes: s("Notes"),
            tables: s("Tables"),
            definitions: s("Definitions"),
            section: s("Section"),
            sheet: s("Sheet"),
            table_id: s("Table id"),
            definition: s("Definition"),
            period_range: s("{from} to {to}"),
            scope_national: s("National (all districts)"),
            scope_hub: s("Hub: {name} ({code}), covering {districts}"),
            scope_district: s("District: {name} ({code})"),
            level_public: s("public"),
            level_internal: s("internal (for the government's own use)"),
            level_unsuppressed: s("unsuppressed (for the national coordinator only)"),
            rule_level: s("Disclosure rule: {level}."),
            rule_primary: s(
                "Counts from 1 to {max} (below the threshold of {threshold}) are suppressed and shown as x; \
                 counts of 0 are shown.",
            ),
            rule_secondary: s(
                "Further cells are suppressed (secondary suppression) so that no suppressed count can be \
                 narrowed, from the published cells and the totals, to a range narrower than {protection}.",
            ),
            rule_none: s("Nothing is suppressed: every count is shown as it was computed."),
            suppressed_key: s("x = suppressed to protect the people counted"),
            sensitive: s("OFFICIAL - SENSITIVE"),
            sensitive_note: s("OFFICIAL - SENSITIVE: nothing suppressed"),
            page_of: s("Page {page} of {pages}"),
            continued: s("{title} (continued)"),
            chart: s("Chart: {title}"),
            chart_of: s("Bars: {column}"),
            chart_suppressed: s("A hatched bar marked x is suppressed; its length says nothing of its count."),
            thousands: s(","),
        }
    }

    /// The period, e.g. "2025-01-01 to 2025-03-31".
    pub fn period_text(&self, period: &Period) -> String {
        fill(&self.period_range, &[("from", period.from.to_string()), ("to", period.to.to_string())])
    }

    /// The scope in words.
    pub fn scope_text(&self, scope: &Scope) -> String {
        match scope {
            Scope::National => self.scope_national.clone(),
            Scope::Hub { code, name, districts } => fill(
                &self.scope_hub,
                &[("name", name.clone()), ("code", code.clone()), ("districts", districts.join(", "))],
            ),
            Scope::District { code, name } => {
                fill(&self.scope_district, &[("name", name.clone()), ("code", code.clone())])
            }
        }
    }

    /// When the figures were computed, in UTC to the minute.
    pub fn computed_text(&self, at: OffsetDateTime) -> String {
        let utc = at.to_offset(time::UtcOffset::UTC);
        utc.format(format_description!("[year]-[month]-[day] [hour]:[minute] UTC")).unwrap_or_else(|_| utc.to_string())
    }

    /// The disclosure rule as sentences: the level, then the primary and the secondary suppression.
    pub fn rule_sentences(&self, disclosure: &Disclosure) -> Vec<String> {
        let level = match disclosure.level {
            DisclosureLevel::Public => &self.level_public,
            DisclosureLevel::Internal => &self.level_internal,
            DisclosureLevel::Unsuppressed => &self.level_unsuppressed,
        };
        let mut out = vec![fill(&self.rule_level, &[("level", level.clone())])];
        if disclosure.level == DisclosureLevel::Unsuppressed {
            out.push(self.rule_none.clone());
            return out;
        }
        if disclosure.threshold > 1 {
            out.push(fill(
                &self.rule_primary,
                &[("max", (disclosure.threshold - 1).to_string()), ("threshold", disclosure.threshold.to_string())],
            ));
        }
        out.push(fill(&self.rule_secondary, &[("protection", disclosure.protection.to_string())]));
        out
    }

    /// A count with its digits grouped by threes, e.g. "12,345".
    pub fn count_text(&self, count: u64) -> String {
        let digits = count.to_string();
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(&self.thousands);
            }
            out.push(d);
        }
        out
    }

    /// "Page n of N".
    pub fn page_text(&self, page: usize, pages: usize) -> String {
        fill(&self.page_of, &[("page", page.to_string()), ("pages", pages.to_string())])
    }
}

impl Default for Words {
    fn default() -> Self {
        Words::english()
    }
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    values.iter().fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lekhotla_report::DisclosureLevel;

    #[test]
    fn the_rule_names_the_threshold_less_one_and_the_protection() {
        let words = Words::english();
        let rule = Disclosure { level: DisclosureLevel::Public, threshold: 10, protection: 3 };
        let text = words.rule_sentences(&rule).join(" ");
        assert!(text.starts_with("Disclosure rule: public."), "{text}");
        assert!(text.contains("from 1 to 9 (below the threshold of 10) are suppressed"), "{text}");
        assert!(text.contains("narrower than 3"), "{text}");
    }

    #[test]
    fn an_unsuppressed_rule_says_nothing_is_suppressed() {
        let words = Words::english();
        let rule = Disclosure { level: DisclosureLevel::Unsuppressed, threshold: 0, protection: 0 };
        let text = words.rule_sentences(&rule).join(" ");
        assert!(text.contains("Nothing is suppressed"), "{text}");
        assert!(!text.contains("from 1 to"), "{text}");
    }

    #[test]
    fn counts_are_grouped_by_threes() {
        let words = Words::english();
        assert_eq!(words.count_text(0), "0");
        assert_eq!(words.count_text(999), "999");
        assert_eq!(words.count_text(1000), "1,000");
        assert_eq!(words.count_text(1234567), "1,234,567");
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(fill("{a} and {b} and {a}", &[("a", "1".into()), ("b", "2".into())]), "1 and 2 and 1");
    }
}
