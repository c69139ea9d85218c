//! What every handler shares: the store, the geography, the clock and the security settings.

use std::sync::Arc;

use lekhotla_crypto::Keyring;
use lekhotla_domain::Geography;
use lekhotla_identity::{BreakGlassPolicy, SessionPolicy, SharedThrottle, ThrottlePolicy};
use lekhotla_storage::Store;
use time::{Date, OffsetDateTime, UtcOffset};

/// The state handed to every handler. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub geography: Arc<Geography>,
    pub clock: Clock,
    pub security: Arc<Security>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, geography: Arc<Geography>, clock: Clock, keyring: Arc<Keyring>) -> Self {
        let security = Security {
            keyring,
            throttle: SharedThrottle::new(ThrottlePolicy::default()),
            sessions: SessionPolicy::default(),
            secure_cookies: false,
            break_glass: BreakGlassPolicy::default(),
        };
        Self { store, geography, clock, security: Arc::new(security) }
    }

    /// Marks the session cookie `Secure` (serving behind HTTPS).
    pub fn with_secure_cookies(mut self, secure: bool) -> Self {
        let s = &*self.security;
        self.security = Arc::new(Security {
            keyring: s.keyring.clone(),
            throttle: SharedThrottle::new(ThrottlePolicy::default()),
            sessions: s.sessions,
            secure_cookies: secure,
            break_glass: s.break_glass,
        });
        self
    }

    /// How often a person may break the glass, and what alerts the national coordinator.
    pub fn with_break_glass_policy(mut self, policy: BreakGlassPolicy) -> Self {
        let s = &*self.security;
        self.security = Arc::new(Security {
            keyring: s.keyring.clone(),
            throttle: SharedThrottle::new(ThrottlePolicy::default()),
            sessions: s.sessions,
            secure_cookies: s.secure_cookies,
            break_glass: policy,
        });
        self
    }
}

/// Keys, sign-in throttling and session lifetimes.
#[derive(Debug)]
pub struct Security {
    /// Opens sealed values (a user's TOTP secret).
    pub keyring: Arc<Keyring>,
    /// Failed sign-ins per account and per address.
    pub throttle: SharedThrottle,
    /// Idle and absolute session lifetimes.
    pub sessions: SessionPolicy,
    /// Whether the session cookie carries `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Break-glass grants per person, and what is unusual.
    pub break_glass: BreakGlassPolicy,
}

/// The time as the registry sees it: the system clock, or a fixed instant in tests.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    fixed: Option<OffsetDateTime>,
}

/// Lesotho keeps South African Standard Time, UTC+2, all year.
const LOCAL_OFFSET_HOURS: i8 = 2;

impl Clock {
    pub fn system() -> Self {
        Self { fixed: None }
    }

    pub fn fixed(at: OffsetDateTime) -> Self {
        Self { fixed: Some(at) }
    }

    pub fn now(&self) -> OffsetDateTime {
        self.fixed.unwrap_or_else(OffsetDateTime::now_utc)
    }

    /// Today's date where the registry works (UTC+2): "not in the future" is judged by it.
    pub fn today(&self) -> Date {
        let offset = UtcOffset::from_hms(LOCAL_OFFSET_HOURS, 0, 0).unwrap_or(UtcOffset::UTC);
        self.now().to_offset(offset).date()
    }
}
