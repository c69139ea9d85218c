//! Session lifetime: an idle timeout and an absolute timeout.

use time::{Duration, OffsetDateTime};

/// How long a session may live. The default is 30 minutes idle and 12 hours in all (ASVS 7.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// The session ends once this long has passed since the last request.
    pub idle: Duration,
    /// The session ends once this long has passed since login, however active it is.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy { idle: Duration::minutes(30), absolute: Duration::hours(12) }
    }
}

/// Why a session has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SessionEnd {
    /// No request for [`SessionPolicy::idle`].
    #[error("the session ended after a period of inactivity")]
    Idle,
    /// [`SessionPolicy::absolute`] has passed since login.
    #[error("the session reached its maximum length")]
    Absolute,
}

impl SessionPolicy {
    /// `Ok` while the session is alive at `now`. A session ends exactly when `idle` has passed since
    /// `last_seen` or `absolute` since `created`; when both apply, [`SessionEnd::Absolute`] is reported.
    pub fn check(
        &self,
        created: OffsetDateTime,
        last_seen: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), SessionEnd> {
        if now - created >= self.absolute {
            return Err(SessionEnd::Absolute);
        }
        if now - last_seen >= self.idle {
            return Err(SessionEnd::Idle);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const LOGIN: OffsetDateTime = datetime!(2025-03-01 08:00 UTC);

    #[test]
    fn idle_boundary() {
        let policy = SessionPolicy::default();
        let seen = LOGIN + Duration::hours(1);
        let almost = seen + Duration::minutes(30) - Duration::seconds(1);
        assert_eq!(policy.check(LOGIN, seen, almost), Ok(()));
        assert_eq!(policy.check(LOGIN, seen, seen + Duration::minutes(30)), Err(SessionEnd::Idle));
    }

    #[test]
    fn absolute_boundary_even_when_active() {
        let policy = SessionPolicy::default();
        let end = LOGIN + Duration::hours(12);
        let seen = end - Duration::minutes(1);
        assert_eq!(policy.check(LOGIN, seen, end - Duration::seconds(1)), Ok(()));
        assert_eq!(policy.check(LOGIN, seen, end), Err(SessionEnd::Absolute));
        assert_eq!(policy.check(LOGIN, LOGIN, end + Duration::hours(1)), Err(SessionEnd::Absolute));
    }

    #[test]
    fn fresh_session_and_clock_skew_are_alive() {
        let policy = SessionPolicy::default();
        assert_eq!(policy.check(LOGIN, LOGIN, LOGIN), Ok(()));
        // A last-seen time slightly in the future (clock skew) does not end the session.
        let future = LOGIN + Duration::seconds(5);
        assert_eq!(policy.check(LOGIN, future, LOGIN), Ok(()));
    }

    #[test]
    fn custom_policy() {
        let policy = SessionPolicy { idle: Duration::minutes(5), absolute: Duration::hours(1) };
        let now = LOGIN + Duration::minutes(5);
        assert_eq!(policy.check(LOGIN, LOGIN, now), Err(SessionEnd::Idle));
        assert_eq!(policy.check(LOGIN, LOGIN + Duration::minutes(1), now), Ok(()));
    }
}
