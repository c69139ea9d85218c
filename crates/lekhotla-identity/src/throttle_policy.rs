//! The numbers behind login throttling.

use time::Duration;

/// Limits on failed logins, per account and per client address.
///
/// The default locks an account for 30 minutes after 6 consecutive failures within 15 minutes (the
/// numbers Primero uses) and allows a client address at most 30 failed attempts in any 5-minute window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Consecutive failures that lock an account (at least 1).
    pub account_max_failures: usize,
    /// Failures older than this no longer count towards a lock.
    pub account_window: Duration,
    /// How long a lock lasts.
    pub account_lockout: Duration,
    /// Failed attempts one client address may make per window (at least 1).
    pub address_max_attempts: usize,
    /// The sliding window for client addresses.
    pub address_window: Duration,
    /// Most accounts, and separately most addresses, tracked at once. Beyond it the entries that
    /// would expire soonest are dropped, which bounds memory under a flood of made-up usernames.
    pub max_tracked: usize,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            account_max_failures: 6,
            account_window: Duration::minutes(15),
            account_lockout: Duration::minutes(30),
            address_max_attempts: 30,
            address_window: Duration::minutes(5),
            max_tracked: 100_000,
        }
    }
}
