//! What every handler shares: the store (and the read replica reports and lists may use), the geography, the
//! clock, the security settings, the server's phase and its metrics.

use std::sync::Arc;

use lekhotla_crypto::Keyring;
use lekhotla_domain::Geography;
use lekhotla_identity::{BreakGlassPolicy, SessionPolicy, SharedThrottle, ThrottlePolicy};
use lekhotla_storage::Store;
use time::{Date, OffsetDateTime, UtcOffset};

/// The state handed to every handler: one pointer to what they share (`Shared`, read through `Deref`).
/// Every handler and every middleware layer takes a clone of it for each request, so a clone is one
/// reference count, not one per field (each a counter all the server's threads write).
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What the handlers share (see [`AppState`]); set when the server is put together, by `AppState`'s `with_`
/// methods.
#[derive(Debug, Clone)]
pub struct Shared {
    pub store: Arc<dyn Store>,
    pub geography: Arc<Geography>,
    pub clock: Clock,
    pub security: Arc<Security>,
    /// How often an actor's probes, a throttled address or an auditor's subject searches are let through.
    pub limits: Arc<crate::limits::Limits>,
    /// The dashboard's figures, kept until something changes (`figures_cache`).
    pub figures: Arc<crate::figures_cache::FiguresCache>,
    /// The installation's signing key for frozen reports (the audit key), if the server holds it.
    pub report_signer: Option<Arc<lekhotla_audit::CheckpointSigner>>,
    /// A read replica of the store (PostgreSQL hot standby) for reports and lists, if one is given, or the
    /// SQLite database's pool of readers; never written.
    pub read_store: Option<Arc<dyn Store>>,
    /// What `read_store` is called in readiness checks and metrics (`replica`, `readers`).
    pub read_store_name: &'static str,
    /// Whether the server is draining (shutting down): readiness answers 503 then.
    pub lifecycle: crate::lifecycle::Lifecycle,
    /// Requests by route, latencies, the pools and the audit queue, served apart (`metrics_router`).
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, geography: Arc<Geography>, clock: Clock, keyring: Arc<Keyring>) -> Self {
        let security = Security {
            keyring,
            throttle: SharedThrottle::new(ThrottlePolicy::default()),
            step_up: SharedThrottle::new(STEP_UP_POLICY),
            sessions: SessionPolicy::default(),
            secure_cookies: false,
            break_glass: BreakGlassPolicy::default(),
        };
        Self(Arc::new(Shared {
            store,
            geography,
            clock,
            security: Arc::new(security),
            limits: Arc::default(),
            figures: Arc::default(),
            report_signer: None,
            read_store: None,
            read_store_name: "replica",
            lifecycle: crate::lifecycle::Lifecycle::default(),
            metrics: Arc::new(crate::metrics::Metrics::new()),
        }))
    }

    /// The shared state to change while the server is put together (a copy if a clone of it is held already).
    fn set(&mut self) -> &mut Shared {
        Arc::make_mut(&mut self.0)
    }

    /// Reads reports and lists from `replica` (a read-only copy of the store, or read-only connections to it,
    /// with the same keyring in use), called `name` in readiness checks and metrics.
    pub fn with_read_store(mut self, replica: Arc<dyn Store>, name: &'static str) -> Self {
        let s = self.set();
        s.read_store = Some(replica);
        s.read_store_name = name;
        self
    }

    /// The store reports and lists read from: the read replica when there is one, else the store itself. What
    /// such a read audits is still appended to `store`.
    pub fn reads(&self) -> &dyn Store {
        self.read_store.as_deref().unwrap_or(&*self.store)
    }

    /// Signs frozen reports with this key (the installation's audit key).
    pub fn with_report_signer(mut self, signer: lekhotla_audit::CheckpointSigner) -> Self {
        self.set().report_signer = Some(Arc::new(signer));
        self
    }

    /// The public half of the report signing key.
    pub fn report_key(&self) -> Option<lekhotla_audit::CheckpointVerifier> {
        self.report_signer.as_ref().map(|s| s.verifier())
    }

    /// Marks the session cookie `Secure` (serving behind HTTPS).
    pub fn with_secure_cookies(mut self, secure: bool) -> Self {
        let s = &*self.security;
        let security = Arc::new(Security {
            keyring: s.keyring.clone(),
            throttle: SharedThrottle::new(ThrottlePolicy::default()),
            step_up: SharedThrottle::new(STEP_UP_POLICY),
            sessions: s.sessions,
            secure_cookies: secure,
            break_glass: s.break_glass,
        });
        self.set().security = security;
        self
    }

    /// How often a person may break the glass, and what alerts the national coordinator.
    pub fn with_break_glass_policy(mut self, policy: BreakGlassPolicy) -> Self {
        let s = &*self.security;
        let security = Arc::new(Security {
            keyring: s.keyring.clone(),
            throttle: SharedThrottle::new(ThrottlePolicy::default()),
            step_up: SharedThrottle::new(STEP_UP_POLICY),
            sessions: s.sessions,
            secure_cookies: s.secure_cookies,
            break_glass: policy,
        });
        self.set().security = security;
        self
    }
}

/// Wrong step-up codes a session may send before it is ended.
pub const STEP_UP_FAILURES: usize = 5;

const STEP_UP_POLICY: ThrottlePolicy = ThrottlePolicy {
    account_max_failures: STEP_UP_FAILURES,
    account_window: time::Duration::minutes(30),
    account_lockout: time::Duration::minutes(30),
    address_max_attempts: 30,
    address_window: time::Duration::minutes(5),
    max_tracked: 100_000,
};

/// Keys, sign-in throttling and session lifetimes.
#[derive(Debug)]
pub struct Security {
    /// Opens sealed values (a user's TOTP secret).
    pub keyring: Arc<Keyring>,
    /// Failed sign-ins per account and per address.
    pub throttle: SharedThrottle,
    /// Failed step-ups per session, counted apart from sign-ins: holding someone's session must not be a
    /// way to lock them out of their account. A session that reaches the limit is ended.
    pub step_up: SharedThrottle,
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
