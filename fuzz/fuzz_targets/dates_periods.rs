//! The periods and days people type: `Period::parse` (reports: `tip-2025`, `2025`, `2025-Q2`, `FROM..TO`),
//! the plan's `Quarter` and `Coverage`, and the day (`YYYY-MM-DD`) and instant (RFC 3339) forms every form,
//! query and file uses. Never a panic; whatever parses is written back in a form that parses to the same
//! value, and a period keeps its rules (not backwards, at most ten years).
#![no_main]

use lekhotla_domain::{Coverage, Quarter};
use lekhotla_report::Period;
use libfuzzer_sys::fuzz_target;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

fuzz_target!(|text: &str| {
    if let Ok(p) = Period::parse(text) {
        assert!(p.from <= p.to, "{text:?} runs backwards");
        assert!((p.to - p.from).whole_days() <= 3660, "{text:?} is longer than ten years");
        assert_eq!(Period::parse(&p.code()), Ok(p), "{text:?} written as {}", p.code());
        let tip = Period::tip_year_of(p.from);
        assert!(tip.from <= p.from && p.from <= tip.to, "the TIP year of {} holds it", p.from);
    }
    if let Ok(q) = Quarter::parse(text) {
        assert_eq!(Quarter::parse(&q.to_string()), Ok(q));
        assert!(q.first_day() <= q.last_day());
        assert_eq!(Quarter::of(q.first_day()), q);
        assert_eq!(Quarter::of(q.last_day()), q);
    }
    if let Ok(c) = Coverage::parse(text) {
        assert_eq!(Coverage::parse(&c.to_string()), Ok(c));
    }
    let day = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = Date::parse(text, day) {
        let written = d.format(day).expect("a day is written");
        assert_eq!(Date::parse(&written, day).ok(), Some(d));
    }
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339)
        && let Ok(written) = t.format(&Rfc3339)
    {
        assert_eq!(OffsetDateTime::parse(&written, &Rfc3339).ok(), Some(t));
    }
});
