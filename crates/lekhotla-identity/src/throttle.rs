//! Login throttling in memory: locks accounts after repeated failures and limits each client address.

use std::collections::{HashMap, VecDeque};

use time::{Duration, OffsetDateTime};

use crate::throttle_policy::ThrottlePolicy;

/// Longest account or address key kept, in characters; longer input is cut (bounds memory per entry).
const MAX_KEY_CHARS: usize = 128;

/// How often expired entries are swept out at most.
const SWEEP_INTERVAL: Duration = Duration::minutes(1);

/// A login attempt must wait. The same answer is given whether or not the account exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many login attempts; try again in {retry_after_seconds} seconds")]
pub struct Throttled {
    /// Whole seconds until an attempt may be made (at least 1), for a `Retry-After` header.
    pub retry_after_seconds: u64,
}

/// Failed-login bookkeeping with an injected clock. Not synchronised: wrap it in a mutex to share it, or use
/// [`SharedThrottle`](crate::SharedThrottle).
///
/// Call [`check`](LoginThrottle::check) before verifying a password, then
/// [`record_failure`](LoginThrottle::record_failure) on any failure (including an unknown username, so a
/// lock reveals nothing about which accounts exist) or [`record_success`](LoginThrottle::record_success).
/// The account key is the submitted username, trimmed and lowercased.
#[derive(Debug)]
pub struct LoginThrottle {
    policy: ThrottlePolicy,
    accounts: HashMap<String, AccountState>,
    addresses: HashMap<String, VecDeque<OffsetDateTime>>,
    last_sweep: Option<OffsetDateTime>,
}

#[derive(Debug, Default)]
struct AccountState {
    /// Recent failures, oldest first.
    failures: VecDeque<OffsetDateTime>,
    locked_until: Option<OffsetDateTime>,
}

impl AccountState {
    /// When this entry stops mattering.
    fn expiry(&self, window: Duration) -> OffsetDateTime {
        let failures = self.failures.back().map(|t| *t + window);
        match (failures, self.locked_until) {
            (Some(a), Some(b)) => a.max(b),
            (a, b) => a.or(b).unwrap_or(OffsetDateTime::UNIX_EPOCH),
        }
    }
}

fn account_key(account: &str) -> String {
    account.trim().chars().take(MAX_KEY_CHARS).flat_map(char::to_lowercase).collect()
}

fn address_key(address: &str) -> String {
    address.trim().chars().take(MAX_KEY_CHARS).collect()
}

fn whole_seconds_up(wait: Duration) -> u64 {
    let up = wait.whole_seconds() + i64::from(wait.subsec_nanoseconds() > 0);
    u64::try_from(up).unwrap_or(0).max(1)
}

impl LoginThrottle {
    /// An empty throttle applying `policy`.
    #[must_use]
    pub fn new(policy: ThrottlePolicy) -> LoginThrottle {
        LoginThrottle { policy, accounts: HashMap::new(), addresses: HashMap::new(), last_sweep: None }
    }

    /// `Err` when the account is locked or the address has used up its attempts at `now`.
    pub fn check(&self, account: &str, address: &str, now: OffsetDateTime) -> Result<(), Throttled> {
        let mut wait = Duration::ZERO;
        if let Some(until) = self.accounts.get(&account_key(account)).and_then(|s| s.locked_until) {
            wait = wait.max(until - now);
        }
        if let Some(times) = self.addresses.get(&address_key(address)) {
            let window = self.policy.address_window;
            let mut recent = times.iter().filter(|t| now - **t < window);
            if let Some(oldest) = recent.next()
                && 1 + recent.count() >= self.policy.address_max_attempts.max(1)
            {
                wait = wait.max(*oldest + window - now);
            }
        }
        if wait > Duration::ZERO {
            return Err(Throttled { retry_after_seconds: whole_seconds_up(wait) });
        }
        Ok(())
    }

    /// Records a failed login (wrong password, wrong code or unknown username).
    pub fn record_failure(&mut self, account: &str, address: &str, now: OffsetDateTime) {
        self.sweep(now, false);
        let policy = self.policy;

        let times = self.addresses.entry(address_key(address)).or_default();
        times.push_back(now);
        while times.len() > policy.address_max_attempts.max(1) {
            times.pop_front();
        }

        let state = self.accounts.entry(account_key(account)).or_default();
        if state.locked_until.is_none_or(|until| until <= now) {
            state.locked_until = None;
            state.failures.retain(|t| now - *t < policy.account_window);
            state.failures.push_back(now);
            if state.failures.len() >= policy.account_max_failures.max(1) {
                state.locked_until = Some(now + policy.account_lockout);
                state.failures.clear();
            }
        }

        if self.accounts.len() > policy.max_tracked || self.addresses.len() > policy.max_tracked {
            self.sweep(now, true);
            let target = policy.max_tracked - policy.max_tracked / 10;
            let window = policy.account_window;
            evict_soonest(&mut self.accounts, policy.max_tracked, target, |s| s.expiry(window));
            let window = policy.address_window;
            evict_soonest(&mut self.addresses, policy.max_tracked, target, |times| {
                times.back().map_or(OffsetDateTime::UNIX_EPOCH, |t| *t + window)
            });
        }
    }

    /// Records a successful login: the account's failures are forgotten (a lock still running stays).
    pub fn record_success(&mut self, account: &str, now: OffsetDateTime) {
        let key = account_key(account);
        if let Some(state) = self.accounts.get_mut(&key) {
            state.failures.clear();
            if state.locked_until.is_none_or(|until| until <= now) {
                self.accounts.remove(&key);
            }
        }
        self.sweep(now, false);
    }

    /// How many accounts and addresses are tracked (for monitoring and tests).
    #[must_use]
    pub fn tracked(&self) -> (usize, usize) {
        (self.accounts.len(), self.addresses.len())
    }

    /// Drops entries that no longer matter, at most once per [`SWEEP_INTERVAL`] unless `force`d.
    fn sweep(&mut self, now: OffsetDateTime, force: bool) {
        if !force && self.last_sweep.is_some_and(|last| now - last < SWEEP_INTERVAL) {
            return;
        }
        self.last_sweep = Some(now);
        let (account_window, address_window) = (self.policy.account_window, self.policy.address_window);
        self.accounts.retain(|_, state| state.expiry(account_window) > now);
        self.addresses.retain(|_, times| times.back().is_some_and(|t| *t + address_window > now));
    }
}

/// When `map` holds more than `cap` entries, drops those expiring soonest until `target` remain.
fn evict_soonest<V>(map: &mut HashMap<String, V>, cap: usize, target: usize, expiry: impl Fn(&V) -> OffsetDateTime) {
    if map.len() <= cap {
        return;
    }
    let excess = map.len() - target;
    let mut order: Vec<(OffsetDateTime, &String)> = map.iter().map(|(k, v)| (expiry(v), k)).collect();
    order.select_nth_unstable(excess - 1);
    let doomed: Vec<String> = order[..excess].iter().map(|(_, k)| (*k).clone()).collect();
    for key in doomed {
        map.remove(&key);
    }
}
