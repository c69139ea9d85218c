//! How often one source may do something that writes to the audit trail or searches it: a [`Gate`]
//! per kind (a sliding window per key, on `lekhotla-identity`'s throttle), so that probing for cases,
//! hammering a locked sign-in or looking people up cannot flood the trail or turn into an oracle.

use lekhotla_identity::{SharedThrottle, ThrottlePolicy, Throttled};
use time::{Duration, OffsetDateTime};

/// `case.denied` entries one actor writes per window; further 404s in the window are not recorded.
pub const PROBES: (usize, Duration) = (30, Duration::minutes(10));
/// Entries for throttled sign-ins one client address writes per window.
pub const THROTTLED_SIGN_INS: (usize, Duration) = (5, Duration::minutes(5));
/// Subject searches (`/audit/subject`) one auditor may make per window; more are refused (429).
pub const SUBJECT_SEARCHES: (usize, Duration) = (10, Duration::hours(1));

/// The gates of the running server (in memory: a restart opens them again).
#[derive(Debug)]
pub struct Limits {
    pub probes: Gate,
    pub throttled_sign_ins: Gate,
    pub subject_searches: Gate,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            probes: Gate::new(PROBES),
            throttled_sign_ins: Gate::new(THROTTLED_SIGN_INS),
            subject_searches: Gate::new(SUBJECT_SEARCHES),
        }
    }
}

/// Whether one more event of a key is let through, and whether it is the last of its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Let through; more may follow in this window.
    Open,
    /// Let through, and the window is now used up (say so in the entry: later ones go unrecorded).
    Last,
}

/// At most `n` events per key in any sliding window.
#[derive(Debug)]
pub struct Gate(SharedThrottle);

impl Gate {
    pub fn new((n, window): (usize, Duration)) -> Self {
        Self(SharedThrottle::new(ThrottlePolicy {
            // Only the per-key window counts: the "account" side never locks.
            account_max_failures: usize::MAX,
            account_window: window,
            account_lockout: Duration::ZERO,
            address_max_attempts: n.max(1),
            address_window: window,
            max_tracked: 10_000,
        }))
    }

    /// Takes one pass for `key` at `now`, or says how long until one is free.
    pub fn take(&self, key: &str, now: OffsetDateTime) -> Result<Pass, Throttled> {
        self.0.check(key, key, now)?;
        self.0.record_failure(key, key, now);
        Ok(if self.0.check(key, key, now).is_err() { Pass::Last } else { Pass::Open })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gate_lets_n_through_per_window_and_names_the_last() {
        let gate = Gate::new((3, Duration::minutes(5)));
        let t = time::macros::datetime!(2026-11-20 10:00 UTC);
        assert_eq!(gate.take("user/a", t), Ok(Pass::Open));
        assert_eq!(gate.take("user/a", t), Ok(Pass::Open));
        assert_eq!(gate.take("user/a", t), Ok(Pass::Last));
        assert!(gate.take("user/a", t).is_err());
        assert_eq!(gate.take("user/b", t), Ok(Pass::Open), "each key has its own window");
        assert_eq!(gate.take("user/a", t + Duration::minutes(5)), Ok(Pass::Open), "the window slides");
    }
}
