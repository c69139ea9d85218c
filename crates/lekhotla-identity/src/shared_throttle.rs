//! A [`LoginThrottle`] behind a mutex, for sharing between request handlers.

use std::sync::{Mutex, MutexGuard, PoisonError};

use time::OffsetDateTime;

use crate::throttle::{LoginThrottle, Throttled};
use crate::throttle_policy::ThrottlePolicy;

/// A [`LoginThrottle`] that can be shared (e.g. in an `Arc`) and used through `&self`. Each call holds
/// the lock only for in-memory bookkeeping, never across password hashing. A poisoned lock is recovered:
/// the state is only counters and stays consistent.
#[derive(Debug)]
pub struct SharedThrottle(Mutex<LoginThrottle>);

impl SharedThrottle {
    /// An empty shared throttle applying `policy`.
    #[must_use]
    pub fn new(policy: ThrottlePolicy) -> SharedThrottle {
        SharedThrottle(Mutex::new(LoginThrottle::new(policy)))
    }

    /// See [`LoginThrottle::check`].
    pub fn check(&self, account: &str, address: &str, now: OffsetDateTime) -> Result<(), Throttled> {
        self.lock().check(account, address, now)
    }

    /// See [`LoginThrottle::record_failure`].
    pub fn record_failure(&self, account: &str, address: &str, now: OffsetDateTime) {
        self.lock().record_failure(account, address, now);
    }

    /// See [`LoginThrottle::record_success`].
    pub fn record_success(&self, account: &str, now: OffsetDateTime) {
        self.lock().record_success(account, now);
    }

    fn lock(&self) -> MutexGuard<'_, LoginThrottle> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for SharedThrottle {
    fn default() -> Self {
        SharedThrottle::new(ThrottlePolicy::default())
    }
}
