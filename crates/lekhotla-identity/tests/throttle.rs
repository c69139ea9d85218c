//! Login throttling through the public API, with an explicit clock.

use lekhotla_identity::{LoginThrottle, SharedThrottle, ThrottlePolicy, Throttled};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2025-03-01 09:00 UTC);
const ADDR: &str = "192.0.2.10";

fn secs(n: i64) -> Duration {
    Duration::seconds(n)
}

#[test]
fn six_failures_lock_the_account_for_30_minutes() {
    let mut throttle = LoginThrottle::new(ThrottlePolicy::default());
    for i in 0..5 {
        assert_eq!(throttle.check("thabo.m", ADDR, T0 + secs(i)), Ok(()));
        throttle.record_failure("thabo.m", ADDR, T0 + secs(i));
    }
    assert_eq!(throttle.check("thabo.m", ADDR, T0 + secs(5)), Ok(()));
    throttle.record_failure("thabo.m", ADDR, T0 + secs(5));
    // The seventh attempt is refused for the whole lockout.
    assert_eq!(throttle.check("thabo.m", ADDR, T0 + secs(5)), Err(Throttled { retry_after_seconds: 1800 }));
    assert_eq!(
        throttle.check("Thabo.M ", "198.51.100.7", T0 + secs(905)),
        Err(Throttled { retry_after_seconds: 900 }),
        "the lock follows the account, whatever the case or address"
    );
    assert_eq!(throttle.check("thabo.m", ADDR, T0 + secs(5 + 1800)), Ok(()));
    // Other accounts are untouched.
    assert_eq!(throttle.check("palesa.k", "198.51.100.7", T0 + secs(6)), Ok(()));
}

#[test]
fn failures_outside_the_window_do_not_count() {
    let mut throttle = LoginThrottle::new(ThrottlePolicy::default());
    for i in 0..5 {
        throttle.record_failure("thabo.m", ADDR, T0 + Duration::minutes(i));
    }
    // The sixth failure comes 15 minutes after the first, which has dropped out.
    throttle.record_failure("thabo.m", ADDR, T0 + Duration::minutes(15));
    assert_eq!(throttle.check("thabo.m", ADDR, T0 + Duration::minutes(15)), Ok(()));
    throttle.record_failure("thabo.m", ADDR, T0 + Duration::minutes(15));
    assert!(throttle.check("thabo.m", ADDR, T0 + Duration::minutes(15)).is_err());
}

#[test]
fn success_clears_failures() {
    let mut throttle = LoginThrottle::new(ThrottlePolicy::default());
    for i in 0..5 {
        throttle.record_failure("thabo.m", ADDR, T0 + secs(i));
    }
    throttle.record_success("thabo.m", T0 + secs(10));
    for i in 0..5 {
        throttle.record_failure("thabo.m", ADDR, T0 + secs(20 + i));
    }
    assert_eq!(throttle.check("thabo.m", ADDR, T0 + secs(30)), Ok(()));
}

#[test]
fn unknown_accounts_lock_like_known_ones() {
    // The throttle never knows whether an account exists: any submitted name is a key.
    let mut throttle = LoginThrottle::new(ThrottlePolicy::default());
    for name in ["thabo.m", "no.such.user"] {
        for i in 0..6 {
            throttle.record_failure(name, ADDR, T0 + secs(i));
        }
    }
    assert_eq!(
        throttle.check("thabo.m", "203.0.113.1", T0 + secs(6)),
        throttle.check("no.such.user", "203.0.113.1", T0 + secs(6))
    );
}

#[test]
fn address_window_allows_30_attempts_per_5_minutes() {
    let mut throttle = LoginThrottle::new(ThrottlePolicy::default());
    // 30 failures against 30 different accounts, 2 seconds apart.
    for i in 0..30 {
        let at = T0 + secs(2 * i);
        assert_eq!(throttle.check(&format!("user{i}"), ADDR, at), Ok(()), "attempt {i}");
        throttle.record_failure(&format!("user{i}"), ADDR, at);
    }
    let at = T0 + secs(60);
    // The oldest attempt (T0) leaves the window at T0 + 300 s.
    assert_eq!(throttle.check("user99", ADDR, at), Err(Throttled { retry_after_seconds: 240 }));
    assert_eq!(throttle.check("user99", "203.0.113.9", at), Ok(()), "other addresses are free");
    assert_eq!(throttle.check("user99", ADDR, T0 + secs(300)), Ok(()));
    throttle.record_failure("user99", ADDR, T0 + secs(300));
    // Now the window holds attempts from T0 + 2 s to T0 + 300 s: full again.
    assert_eq!(throttle.check("user99", ADDR, T0 + secs(300)), Err(Throttled { retry_after_seconds: 2 }));
}

#[test]
fn memory_is_bounded() {
    let policy = ThrottlePolicy { max_tracked: 50, ..ThrottlePolicy::default() };
    let mut throttle = LoginThrottle::new(policy);
    for i in 0..1000 {
        throttle.record_failure(&format!("made-up-{i}"), &format!("198.51.100.{}", i % 256), T0 + secs(i));
    }
    let (accounts, addresses) = throttle.tracked();
    assert!(accounts <= 50 && addresses <= 50, "{accounts} accounts, {addresses} addresses");
    // Everything expires: a later call sweeps it all out.
    throttle.record_success("anyone", T0 + Duration::hours(2));
    assert_eq!(throttle.tracked(), (0, 0));
}

#[test]
fn shared_throttle_behaves_the_same() {
    let shared = std::sync::Arc::new(SharedThrottle::default());
    let handles: Vec<_> = (0..6)
        .map(|i| {
            let shared = std::sync::Arc::clone(&shared);
            std::thread::spawn(move || shared.record_failure("thabo.m", ADDR, T0 + secs(i)))
        })
        .collect();
    for handle in handles {
        assert!(handle.join().is_ok());
    }
    assert!(shared.check("thabo.m", ADDR, T0 + secs(10)).is_err());
    shared.record_success("palesa.k", T0 + secs(10));
    assert_eq!(shared.check("palesa.k", ADDR, T0 + secs(10)), Ok(()));
}
