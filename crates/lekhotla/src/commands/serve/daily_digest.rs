//! The daily digest sent by `serve` itself (`--digest-at 06:00`): each day at that time, Maseru time, the digests
//! of referrals past their deadline are composed and handed to the SMTP relay, as `lekhotla digest send` does, so
//! that an installation needs no cron job or timer for it. A failed run is logged and tried again the next day.

use std::sync::Arc;

use lekhotla_domain::Geography;
use lekhotla_storage::Store;
use time::{Duration, OffsetDateTime, Time, UtcOffset};

use crate::commands::digest::Relay;

/// Maseru's offset from UTC (South Africa Standard Time, no daylight saving).
const MASERU: UtcOffset = match UtcOffset::from_hms(2, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// The time of day `HH:MM` (24-hour), or `HH:MM:SS`, as `--digest-at` takes it.
pub fn parse_at(s: &str) -> Result<Time, String> {
    let bad = || format!("{s:?} is not a time of day as HH:MM (06:00)");
    let parts: Vec<&str> = s.trim().split(':').collect();
    let n = |i: usize| parts.get(i).map_or(Ok(0), |p| p.parse::<u8>().map_err(|_| bad()));
    if !(2..=3).contains(&parts.len()) {
        return Err(bad());
    }
    Time::from_hms(n(0)?, n(1)?, n(2)?).map_err(|_| bad())
}

/// The next moment after `now` that is `at` in Maseru.
pub fn next_run(now: OffsetDateTime, at: Time) -> OffsetDateTime {
    let local = now.to_offset(MASERU);
    let today = local.date().with_time(at).assume_offset(MASERU);
    if today > local { today } else { today + Duration::days(1) }
}

/// Sends the digests every day at `at`, Maseru time, for ever.
pub async fn run(store: Arc<dyn Store>, geography: Arc<Geography>, relay: Relay, at: Time, base_url: Option<String>) {
    loop {
        let now = OffsetDateTime::now_utc();
        let next = next_run(now, at);
        tracing::info!(at = %next, "the next daily digest");
        let wait = (next - now).try_into().unwrap_or(std::time::Duration::from_secs(60));
        tokio::time::sleep(wait).await;
        let today = next.to_offset(MASERU).date();
        match lekhotla_web::digest::compose(&*store, &geography, today, base_url.as_deref()).await {
            Ok(mails) => match relay.send(&mails).await {
                Ok((sent, failed)) => tracing::info!(sent, failed, "daily digest sent"),
                Err(e) => tracing::error!(error = %format!("{e:#}"), "the daily digest was not sent"),
            },
            Err(e) => tracing::error!(error = %e, "the daily digest could not be composed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{datetime, time};

    use super::*;

    #[test]
    fn the_next_run_is_today_or_tomorrow_in_maseru() {
        // 03:30 UTC is 05:30 in Maseru: 06:00 is still to come today.
        assert_eq!(next_run(datetime!(2026-12-01 03:30 UTC), time!(06:00)), datetime!(2026-12-01 06:00 +2));
        // 04:00 UTC is 06:00 in Maseru: the run is now, so the next is tomorrow's.
        assert_eq!(next_run(datetime!(2026-12-01 04:00 UTC), time!(06:00)), datetime!(2026-12-02 06:00 +2));
        // 23:00 UTC is already the next day in Maseru.
        assert_eq!(next_run(datetime!(2026-12-01 23:00 UTC), time!(06:00)), datetime!(2026-12-02 06:00 +2));
    }

    #[test]
    fn a_time_of_day_is_hours_and_minutes() {
        assert_eq!(parse_at("06:00"), Ok(time!(06:00)));
        assert_eq!(parse_at(" 18:45 "), Ok(time!(18:45)));
        assert_eq!(parse_at("18:45:30"), Ok(time!(18:45:30)));
        for bad in ["6", "24:00", "06:60", "six", "06-00", "06:00:00:00", "06:00:61"] {
            assert!(parse_at(bad).is_err(), "{bad}");
        }
    }
}
