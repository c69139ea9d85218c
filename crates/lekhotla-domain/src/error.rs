//! The domain's errors: invalid input (per field), a record not found in the case, a stale version, a refused move.

use serde::Serialize;

/// One problem with one field of an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's path in the input, e.g. `victim.person.birthdate`.
    pub field: String,
    /// Why it is not accepted, in words a user can act on.
    pub reason: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { field: field.into(), reason: reason.into() }
    }
}

/// Why a domain operation did not happen. Nothing is changed when one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// The input has one or more bad fields.
    #[error("{} invalid field(s): {}", .0.len(), .0.iter().map(|e| format!("{}: {}", e.field, e.reason)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// The operation names a record the case does not have.
    #[error("{record} {id} is not part of this case")]
    NotFound { record: &'static str, id: String },
    /// The caller changed an older version of the record than the one stored.
    #[error("{record} was changed by someone else (you had version {expected}, it is now at version {actual})")]
    Stale { record: &'static str, expected: i64, actual: i64 },
    /// The move is impossible from where the record stands (a verdict without a prosecution, ...).
    #[error("{0}")]
    Refused(String),
}

impl DomainError {
    pub fn field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, reason)])
    }
    pub fn refused(reason: impl Into<String>) -> Self {
        Self::Refused(reason.into())
    }
}

/// Collects field errors while checking an input.
#[derive(Debug, Default)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn fail(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.errors.push(FieldError::new(field, reason));
    }
    /// Required text: not blank, not the sealed placeholder, at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.fail(field, "must not be empty");
        } else if value.trim() == crate::person::SEALED_PLACEHOLDER {
            self.fail(
                field,
                "is the placeholder of a sealed value: read the case with sealed fields revealed (step up) and send \
                 the real value",
            );
        } else {
            self.max_len(field, value, max);
        }
    }
    /// Optional text: when present, not blank and at most `max` characters.
    pub fn opt_text(&mut self, field: &str, value: &Option<String>, max: usize) {
        if let Some(v) = value {
            self.text(field, v, max);
        }
    }
    pub fn max_len(&mut self, field: &str, value: &str, max: usize) {
        let n = value.chars().count();
        if n > max {
            self.fail(field, format!("must be at most {max} characters (has {n})"));
        }
        if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            self.fail(field, "must not contain control characters");
        }
    }
    /// An optional phone number in the E.164 form HTCDS asks for (`^\+?[1-9]\d{1,14}$`).
    pub fn phone(&mut self, field: &str, value: &Option<String>) {
        if let Some(v) = value
            && !is_e164(v)
        {
            self.fail(
                field,
                "must be an E.164 phone number: an optional +, then the country code and number, 2 to 15 digits in \
                 all, the first not 0, no spaces or dashes (e.g. +26658123456)",
            );
        }
    }
    /// An optional latitude and longitude: in range, and both or neither.
    pub fn coordinates(&mut self, latitude: (&str, Option<f64>), longitude: (&str, Option<f64>)) {
        if latitude.1.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
            self.fail(latitude.0, "must be between -90 and 90");
        }
        if longitude.1.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
            self.fail(longitude.0, "must be between -180 and 180");
        }
        if latitude.1.is_some() != longitude.1.is_some() {
            self.fail(longitude.0, "latitude and longitude go together");
        }
    }
    /// A day that has happened: from [`EARLIEST_DATE`] to `today` (a mistyped year is refused, not kept).
    pub fn past(&mut self, field: &str, day: time::Date, today: time::Date) {
        if day < EARLIEST_DATE {
            self.fail(field, format!("must not be before {EARLIEST_DATE}"));
        } else if day > today {
            self.fail(field, "must not be in the future");
        }
    }
    /// [`Checker::past`], when there is a day.
    pub fn opt_past(&mut self, field: &str, day: Option<time::Date>, today: time::Date) {
        if let Some(d) = day {
            self.past(field, d, today);
        }
    }
    /// A day that may lie ahead (a planned end, a hearing): from [`EARLIEST_DATE`] to `ahead` after `today`.
    pub fn planned(&mut self, field: &str, day: time::Date, today: time::Date, ahead: time::Duration) {
        let latest = today.saturating_add(ahead);
        if day < EARLIEST_DATE {
            self.fail(field, format!("must not be before {EARLIEST_DATE}"));
        } else if day > latest {
            self.fail(field, format!("must not be after {latest}"));
        }
    }
    /// `earlier` must not be after `later` (both optional).
    pub fn order(&mut self, field: &str, earlier: Option<time::Date>, later: Option<time::Date>, what: &str) {
        if let (Some(a), Some(b)) = (earlier, later)
            && b < a
        {
            self.fail(field, format!("must not be before {what} ({a})"));
        }
    }
    /// Merges another checker's errors under a field prefix.
    pub fn nest(&mut self, prefix: &str, errors: Vec<FieldError>) {
        self.errors.extend(errors.into_iter().map(|e| FieldError::new(format!("{prefix}.{}", e.field), e.reason)));
    }
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }
    pub fn finish(self) -> Result<(), DomainError> {
        if self.errors.is_empty() { Ok(()) } else { Err(DomainError::Invalid(self.errors)) }
    }
}

/// HTCDS's phone pattern `^\+?[1-9]\d{1,14}$` (E.164).
pub fn is_e164(s: &str) -> bool {
    let digits = s.strip_prefix('+').unwrap_or(s);
    (2..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}

/// A phone number written the way people write them (`+266 5800-1234`, `(+266) 58001234`) in E.164 form
/// when dropping the spaces, dashes, dots and brackets makes it one; otherwise unchanged. Numbers stored
/// before phones had to be E.164 are read through this.
pub fn normalise_phone(s: &str) -> String {
    let compact: String = s.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    if is_e164(&compact) { compact } else { s.to_owned() }
}

/// Checks a record's version against the one the caller last saw.
/// The earliest day the registry accepts: nothing it records (a birth, a detection, a hearing) happened
/// before 1900.
pub const EARLIEST_DATE: time::Date = time::macros::date!(1900 - 01 - 01);

pub fn check_version(record: &'static str, expected: i64, actual: i64) -> Result<(), DomainError> {
    if expected == actual { Ok(()) } else { Err(DomainError::Stale { record, expected, actual }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_follow_the_e164_pattern_of_htcds() {
        for good in ["+26658123456", "26622312345", "+27821234567", "12"] {
            assert!(is_e164(good), "{good}");
        }
        for bad in ["", "+", "+0266581234", "0582123456", "+266 5812 3456", "+266-58123456", "1", "+1234567890123456"] {
            assert!(!is_e164(bad), "{bad}");
        }
        assert_eq!(normalise_phone("+266 5800-1234"), "+26658001234");
        assert_eq!(normalise_phone("(+266) 5800 1234"), "+26658001234");
        assert_eq!(normalise_phone("022 312 345"), "022 312 345", "not E.164 either way: kept");
        let mut c = Checker::new();
        c.phone("person.phone", &Some("5812 3456".into()));
        let errors = c.into_errors();
        assert_eq!(errors[0].field, "person.phone");
        assert!(errors[0].reason.contains("+26658123456"));
    }
}
