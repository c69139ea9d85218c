//! One cell's text: how each kind of value is written, read back, and guarded against formula injection.
//!
//! Dates are `YYYY-MM-DD`, timestamps RFC 3339 in UTC, code lists joined with `;`, booleans `true`/`false`.
//! Free text that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
//! return, OWASP "CSV injection") is written with a leading `'`, and so is text that itself starts with
//! `'`, so that reading strips exactly one `'` and gets the text back unchanged.

use std::borrow::Cow;
use std::str::FromStr;

use lekhotla_domain::vocabulary::parse_code;
use lekhotla_domain::{CaseNumber, CountryCode, PlaceCode, UnitCode, Vocabulary};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

/// The separator of multi-valued cells.
pub const LIST_SEPARATOR: char = ';';

/// The first characters a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The mark put before guarded text.
const GUARD: char = '\'';

fn needs_guard(c: char) -> bool {
    FORMULA_STARTS.contains(&c) || c == GUARD
}

/// Free text as written to a cell: with a leading `'` when it starts with a formula character or `'`.
pub fn guard(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some(c) if needs_guard(c) => Cow::Owned(format!("{GUARD}{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A free-text cell as read: one leading `'` is dropped when a formula character or `'` follows it.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix(GUARD) {
        Some(rest) if rest.chars().next().is_some_and(needs_guard) => rest,
        _ => cell,
    }
}

pub fn date(d: Date) -> String {
    // The format has only numeric components, which cannot fail for a valid `Date`;
    // years outside 0..=9999 come out with their sign and still read back.
    let format = format_description!("[year]-[month]-[day]");
    d.format(format).unwrap_or_else(|_| format!("{}-{:02}-{:02}", d.year(), d.month() as u8, d.day()))
}

/// A timestamp in UTC, RFC 3339 (`2025-03-14T09:26:53.589793Z`).
pub fn timestamp(t: OffsetDateTime) -> Result<String, String> {
    t.to_offset(UtcOffset::UTC).format(&Rfc3339).map_err(|e| format!("cannot be written as RFC 3339: {e}"))
}

/// Codes joined with `;`.
pub fn codes<V: Vocabulary>(values: &[V]) -> String {
    join(values.iter().map(|v| v.code()))
}

/// Country codes joined with `;`.
pub fn countries(values: &[CountryCode]) -> String {
    join(values.iter().map(CountryCode::as_str))
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, p) in parts.enumerate() {
        if i > 0 {
            out.push(LIST_SEPARATOR);
        }
        out.push_str(p);
    }
    out
}

pub fn flag(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

// ---- reading: each parser gets a non-empty, trimmed cell and says what is wrong in words ----

/// A record id (any of the domain's UUID newtypes).
pub fn id<T: FromStr<Err = uuid::Error>>(s: &str) -> Result<T, String> {
    s.parse().map_err(|e| format!("{s:?} is not a UUID ({e})"))
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    let format = format_description!("[year]-[month]-[day]");
    Date::parse(s, format).map_err(|e| format!("{s:?} is not a date in the form YYYY-MM-DD ({e})"))
}

pub fn parse_timestamp(s: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(s, &Rfc3339)
        .map_err(|e| format!("{s:?} is not an RFC 3339 timestamp like 2025-03-14T09:26:53Z ({e})"))
}

pub fn code<V: Vocabulary>(s: &str) -> Result<V, String> {
    parse_code::<V>(s).map_err(|e| e.to_string())
}

/// `;`-separated codes; blanks between separators are skipped.
pub fn parse_codes<V: Vocabulary>(s: &str) -> Result<Vec<V>, String> {
    split(s).map(code::<V>).collect()
}

pub fn place(s: &str) -> Result<PlaceCode, String> {
    PlaceCode::parse(s).map_err(|e| format!("{s:?}: {e}"))
}

pub fn country(s: &str) -> Result<CountryCode, String> {
    CountryCode::parse(s).map_err(|e| format!("{s:?}: {e}"))
}

pub fn parse_countries(s: &str) -> Result<Vec<CountryCode>, String> {
    split(s).map(country).collect()
}

fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split(LIST_SEPARATOR).map(str::trim).filter(|p| !p.is_empty())
}

pub fn unit(s: &str) -> Result<UnitCode, String> {
    UnitCode::parse(s).map_err(|e| format!("{s:?}: {e}"))
}

pub fn case_number(s: &str) -> Result<CaseNumber, String> {
    CaseNumber::parse(s).map_err(|e| format!("{s:?} is not a case number: {e}"))
}

/// A whole number in the range of `T` (no sign for unsigned types).
pub fn number<T: FromStr + TryFrom<i128>>(s: &str) -> Result<T, String> {
    if let Ok(v) = s.parse::<T>() {
        return Ok(v);
    }
    match s.parse::<i128>() {
        Ok(big) if T::try_from(big).is_err() => Err(format!("{s} is out of range")),
        _ => Err(format!("{s:?} is not a whole number")),
    }
}

/// A record version: a whole number, at least 1.
pub fn version(s: &str) -> Result<i64, String> {
    let v: i64 = number(s)?;
    if v < 1 { Err(format!("{v} is not a version; versions start at 1")) } else { Ok(v) }
}

pub fn decimal(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("{s:?} is not a decimal number")),
    }
}

pub fn parse_flag(s: &str) -> Result<bool, String> {
    match s {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("{s:?} is not true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lekhotla_domain::{Gender, MethodOfControl};
    use time::macros::{date, datetime};

    #[test]
    fn guard_and_unguard_round_trip_every_start() {
        for text in ["=HYPERLINK(\"x\")", "+1", "-2", "@x", "\tx", "\rx", "'=x", "'", "''", "'x", "plain", "", "x=1"] {
            let cell = guard(text);
            assert_eq!(unguard(&cell), text, "{text:?} -> {cell:?}");
        }
        assert_eq!(guard("=1+1"), "'=1+1");
        assert_eq!(guard("'=x"), "''=x");
        assert_eq!(guard("'tis"), "''tis");
        assert_eq!(guard("plain"), "plain");
        // A foreign file's own apostrophe before ordinary text is kept.
        assert_eq!(unguard("'tis"), "'tis");
        assert_eq!(unguard("'=x"), "=x");
    }

    #[test]
    fn values_are_written_and_read_back() {
        let d = date!(2025 - 02 - 03);
        assert_eq!(date(d), "2025-02-03");
        assert_eq!(parse_date("2025-02-03"), Ok(d));
        let t = datetime!(2025-03-14 09:26:53.589793 UTC);
        let s = timestamp(t).unwrap();
        assert_eq!(s, "2025-03-14T09:26:53.589793Z");
        assert_eq!(parse_timestamp(&s), Ok(t));
        let list = [MethodOfControl::DebtBondage, MethodOfControl::WithholdsDocuments];
        assert_eq!(codes(&list), "DebtBondage;WithholdsDocuments");
        assert_eq!(parse_codes::<MethodOfControl>("DebtBondage; WithholdsDocuments"), Ok(list.to_vec()));
        assert_eq!(parse_codes::<MethodOfControl>(""), Ok(vec![]));
        assert_eq!(number::<u8>("120"), Ok(120));
        assert_eq!(decimal("-29.31"), Ok(-29.31));
    }

    #[test]
    fn bad_cells_say_what_is_wrong() {
        assert!(parse_date("2025-02-30").unwrap_err().contains("2025-02-30"));
        assert!(code::<Gender>("Female").unwrap_err().contains("Feminine"));
        assert!(id::<lekhotla_domain::CaseId>("nope").unwrap_err().contains("not a UUID"));
        assert_eq!(number::<u8>("300"), Err("300 is out of range".into()));
        assert_eq!(number::<u32>("-1"), Err("-1 is out of range".into()));
        assert_eq!(number::<u32>("1.5"), Err("\"1.5\" is not a whole number".into()));
        assert!(version("0").is_err());
        assert!(decimal("NaN").is_err());
        assert!(parse_flag("yes").is_err());
    }
}
