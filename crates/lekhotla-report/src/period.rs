//! Periods as people name them: the TIP year (1 April to 31 March), a calendar year, a quarter, or any two
//! days.

use time::{Date, Month};

use crate::model::Period;

/// Why a period was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a period: give FROM..TO (2025-04-01..2026-03-31), tip-2025 (1 April 2025 to 31 March 2026), \
     2025 (a calendar year) or 2025-Q2"
)]
pub struct PeriodError(pub String);

fn day(y: i32, m: Month, d: u8) -> Option<Date> {
    Date::from_calendar_date(y, m, d).ok()
}

/// The first and last years a period may touch: the registry records nothing before 1900.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2999;

fn parse_day(s: &str) -> Option<Date> {
    Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

impl Period {
    /// Parses `FROM..TO`, `tip-YYYY`, `YYYY` or `YYYY-Qn`. The period may not end before it starts nor
    /// be longer than ten years.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let s = text.trim();
        let bad = || PeriodError(s.to_owned());
        let year = |y: &str| y.parse::<i32>().ok().filter(|y| (FIRST_YEAR..=LAST_YEAR).contains(y));
        let p = if let Some((a, b)) = s.split_once("..") {
            Period { from: parse_day(a.trim()).ok_or_else(bad)?, to: parse_day(b.trim()).ok_or_else(bad)? }
        } else if let Some(y) = s.strip_prefix("tip-").and_then(year) {
            Period { from: day(y, Month::April, 1).ok_or_else(bad)?, to: day(y + 1, Month::March, 31).ok_or_else(bad)? }
        } else if let Some((y, q)) = s.split_once("-Q") {
            let y = year(y).ok_or_else(bad)?;
            let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q)).ok_or_else(bad)?;
            let first = Month::try_from(3 * q - 2).map_err(|_| bad())?;
            let last = Month::try_from(3 * q).map_err(|_| bad())?;
            Period {
                from: day(y, first, 1).ok_or_else(bad)?,
                to: day(y, last, time::util::days_in_month(last, y)).ok_or_else(bad)?,
            }
        } else if let Some(y) = year(s) {
            Period {
                from: day(y, Month::January, 1).ok_or_else(bad)?,
                to: day(y, Month::December, 31).ok_or_else(bad)?,
            }
        } else {
            return Err(bad());
        };
        let years = FIRST_YEAR..=LAST_YEAR;
        if p.to < p.from
            || (p.to - p.from).whole_days() > 3660
            || !years.contains(&p.from.year())
            || !years.contains(&p.to.year())
        {
            return Err(bad());
        }
        Ok(p)
    }

    /// The TIP reporting year that contains `day` (1 April to 31 March).
    pub fn tip_year_of(day: Date) -> Period {
        let y = if day.month() as u8 >= 4 { day.year() } else { day.year() - 1 };
        Period::parse(&format!("tip-{y}")).unwrap_or(Period { from: day, to: day })
    }

    /// As written back: `2025-04-01..2026-03-31`.
    pub fn code(&self) -> String {
        format!("{}..{}", self.from, self.to)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_periods_people_name() {
        assert_eq!(
            Period::parse("2025-04-01..2026-03-31").unwrap(),
            Period { from: date!(2025 - 04 - 01), to: date!(2026 - 03 - 31) }
        );
        assert_eq!(Period::parse("tip-2025").unwrap(), Period::parse("2025-04-01..2026-03-31").unwrap());
        assert_eq!(Period::parse("2024").unwrap(), Period { from: date!(2024 - 01 - 01), to: date!(2024 - 12 - 31) });
        assert_eq!(
            Period::parse("2024-Q1").unwrap(),
            Period { from: date!(2024 - 01 - 01), to: date!(2024 - 03 - 31) }
        );
        assert_eq!(Period::parse("2025-Q4").unwrap().to, date!(2025 - 12 - 31));
        assert_eq!(Period::tip_year_of(date!(2026 - 02 - 10)), Period::parse("tip-2025").unwrap());
        assert_eq!(Period::parse("tip-2025").unwrap().code(), "2025-04-01..2026-03-31");
        for bad in
            ["", "2025-13-01..2026-01-01", "2026-01-01..2025-01-01", "2025-Q5", "tip-25", "1990..2020", "x", "tip-3000"]
        {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        // Every form keeps to the years 1900 to 2999, a range of days too (as the API document's pattern says).
        for outside in ["0001-01-01..0001-12-31", "1899-06-01..1900-01-31", "2999-06-01..3000-01-31", "1899", "3000-Q1"]
        {
            assert!(Period::parse(outside).is_err(), "{outside}");
        }
        assert!(Period::parse("1900-01-01..1900-12-31").is_ok());
        assert!(Period::parse("2999-01-01..2999-12-31").is_ok());
    }
}
