//! Break-glass rules that need no database: the reason a person must give ([`BreakGlassReason`]), and how
//! often a person may break the glass and when a grant is unusual enough to alert the national
//! coordinator ([`BreakGlassPolicy`]).

use std::collections::HashSet;

use time::{Duration, OffsetDateTime, UtcOffset, Weekday};

/// The reason for a break-glass grant: a case-related purpose in words. At least
/// [`BreakGlassReason::MIN_WORDS`] words of at least two letters each, [`BreakGlassReason::MIN_DISTINCT`]
/// of them different, at most [`BreakGlassReason::MAX_CHARS`] characters: "aaaaaaaaaaaaaaa" and
/// "test test test test test" are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakGlassReason(String);

impl BreakGlassReason {
    /// Fewest words a reason has.
    pub const MIN_WORDS: usize = 5;
    /// Fewest different words among them.
    pub const MIN_DISTINCT: usize = 4;
    /// Longest reason accepted.
    pub const MAX_CHARS: usize = 500;

    /// The reason, trimmed, if it states a purpose; else what is wrong with it.
    pub fn parse(text: &str) -> Result<BreakGlassReason, &'static str> {
        let text = text.trim();
        if text.chars().count() > Self::MAX_CHARS {
            return Err("a reason is at most 500 characters");
        }
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .map(str::to_lowercase)
            .collect();
        if words.len() < Self::MIN_WORDS {
            return Err("say which case-related purpose needs this case, in at least 5 words");
        }
        let distinct: HashSet<&str> = words.iter().map(String::as_str).collect();
        if distinct.len() < Self::MIN_DISTINCT {
            return Err("say which case-related purpose needs this case, in at least 4 different words");
        }
        Ok(BreakGlassReason(text.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How often one person may break the glass, and what is unusual. The default allows 3 grants in any
/// hour and 6 in any 24 hours; a person's third grant within 24 hours, and any grant outside working
/// hours (Monday to Friday, 07:00 to 18:00 in Lesotho, UTC+2), is unusual and alerts the national
/// coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakGlassPolicy {
    /// Grants one person may receive in any hour (at least 1).
    pub per_hour: usize,
    /// Grants one person may receive in any 24 hours (at least 1).
    pub per_day: usize,
    /// From this many grants in 24 hours (this one included), a grant is unusual.
    pub unusual_from: usize,
    /// Working hours, local time: `[start, end)` hours, Monday to Friday.
    pub working_hours: (u8, u8),
    /// The local time of the working hours.
    pub local_offset: UtcOffset,
}

impl Default for BreakGlassPolicy {
    fn default() -> Self {
        BreakGlassPolicy {
            per_hour: 3,
            per_day: 6,
            unusual_from: 3,
            working_hours: (7, 18),
            local_offset: UtcOffset::from_hms(2, 0, 0).unwrap_or(UtcOffset::UTC),
        }
    }
}

/// What the policy says of a new grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantVerdict {
    /// Granted; `unusual` says why the national coordinator is alerted, if they are.
    Granted { unusual: Option<String> },
    /// Over the rate: try again after this long.
    Limited { retry_after: Duration },
}

impl BreakGlassPolicy {
    /// The verdict on a grant at `now` for a person whose earlier grants (of the last 24 hours at least)
    /// were made at `earlier`.
    #[must_use]
    pub fn judge(&self, now: OffsetDateTime, earlier: &[OffsetDateTime]) -> GrantVerdict {
        let hour = Duration::hours(1);
        let day = Duration::hours(24);
        let within = |window: Duration| {
            let mut v: Vec<OffsetDateTime> = earlier.iter().copied().filter(|t| now - *t < window).collect();
            v.sort();
            v
        };
        for (window, max) in [(hour, self.per_hour.max(1)), (day, self.per_day.max(1))] {
            let recent = within(window);
            if recent.len() >= max {
                // The grant that must age out of the window before one more is allowed.
                let freeing = recent[recent.len() - max];
                let wait = (freeing + window - now).max(Duration::seconds(1));
                return GrantVerdict::Limited { retry_after: wait };
            }
        }
        let today = within(day).len() + 1;
        let unusual = if today >= self.unusual_from {
            Some(format!("grant {today} of this person within 24 hours"))
        } else if !self.in_working_hours(now) {
            Some("outside working hours".to_owned())
        } else {
            None
        };
        GrantVerdict::Granted { unusual }
    }

    /// Whether `at` falls in working hours, local time.
    #[must_use]
    pub fn in_working_hours(&self, at: OffsetDateTime) -> bool {
        let local = at.to_offset(self.local_offset);
        let weekday = !matches!(local.weekday(), Weekday::Saturday | Weekday::Sunday);
        let (start, end) = self.working_hours;
        weekday && (start..end).contains(&local.hour())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_reason_names_a_purpose_in_words() {
        for bad in ["aaaaaaaaaaaaaaa", "test test test test test", "urgent", "a b c d e f g", "need need need it now"] {
            assert!(BreakGlassReason::parse(bad).is_err(), "{bad:?} must be refused");
        }
        let ok = BreakGlassReason::parse("  victim arrived at our shelter at night, injured ").unwrap();
        assert_eq!(ok.as_str(), "victim arrived at our shelter at night, injured");
        assert!(BreakGlassReason::parse("mosali o fihlile setsing sa rona bosiu").is_ok(), "Sesotho counts");
        assert!(BreakGlassReason::parse(&"word ".repeat(200)).is_err());
    }

    // Friday 2026-11-20, 12:00 in Maseru.
    const NOON: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);

    #[test]
    fn the_rate_is_per_hour_and_per_day_with_the_wait() {
        let p = BreakGlassPolicy::default();
        assert_eq!(p.judge(NOON, &[]), GrantVerdict::Granted { unusual: None });
        let two = [NOON - Duration::minutes(50), NOON - Duration::minutes(10)];
        assert!(matches!(p.judge(NOON, &two), GrantVerdict::Granted { unusual: Some(_) }), "the third is unusual");
        let three = [NOON - Duration::minutes(50), NOON - Duration::minutes(20), NOON - Duration::minutes(10)];
        assert_eq!(p.judge(NOON, &three), GrantVerdict::Limited { retry_after: Duration::minutes(10) });
        let six: Vec<_> = (1..=6).map(|h| NOON - Duration::hours(h * 3)).collect();
        assert_eq!(p.judge(NOON, &six), GrantVerdict::Limited { retry_after: Duration::hours(6) });
        let old = [NOON - Duration::hours(25), NOON - Duration::hours(30)];
        assert_eq!(p.judge(NOON, &old), GrantVerdict::Granted { unusual: None }, "a day ago no longer counts");
    }

    #[test]
    fn outside_working_hours_is_unusual() {
        let p = BreakGlassPolicy::default();
        let night = datetime!(2026-11-20 21:30 UTC); // 23:30 in Maseru
        let saturday = datetime!(2026-11-21 10:00 UTC);
        let early = datetime!(2026-11-20 04:59 UTC); // 06:59
        for at in [night, saturday, early] {
            assert_eq!(p.judge(at, &[]), GrantVerdict::Granted { unusual: Some("outside working hours".into()) });
        }
        assert!(p.in_working_hours(datetime!(2026-11-20 05:00 UTC)));
        assert!(!p.in_working_hours(datetime!(2026-11-20 16:00 UTC)), "18:00 local has ended");
    }
}
