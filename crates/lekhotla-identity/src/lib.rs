//! Identity building blocks for Lekhotla: who a user is and what they may do.
//!
//! - [`Role`], [`Roles`] and [`Permission`]: the ten roles of the national response and the one table of
//!   what each may do ([`Role::permissions`]). Data analysts, auditors and administrators never see case
//!   content; every role that does needs a second factor.
//! - [`Act`] and [`Rule`]: the acts on a case and, per role, on which cases it may perform each
//!   ([`Role::acts`]): a referral is answered by its receiver, a verdict recorded by a prosecutor.
//! - [`Username`] and [`Password`]: input rules. [`PasswordHash`]: argon2id (m = 19456 KiB, t = 2,
//!   p = 1) PHC strings, with [`burn_equal_time`] so unknown usernames cost the same as known ones.
//! - [`TotpSecret`]: RFC 6238 one-time codes (30 s, ±1 step, each step usable once) and
//!   [`RecoveryCodes`] for a lost authenticator.
//! - [`SessionToken`], [`ApiToken`] and [`TokenHash`]: 256-bit bearer tokens stored only as hashes.
//! - [`SessionPolicy`]: idle (30 min) and absolute (12 h) session timeouts.
//! - [`LoginThrottle`] / [`SharedThrottle`]: account lockout and per-address limits, in memory.
//! - [`BreakGlassReason`] and [`BreakGlassPolicy`]: the words a break-glass reason needs, the rate of
//!   grants per person and what is unusual enough to alert the national coordinator.
//!
//! Pure code: no web framework, database or async runtime; clocks are passed in.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use lekhotla_identity::{Password, PasswordHash, Permission, Roles, TotpSecret, Username};
//! let user = Username::parse(" Thabo.M ")?;
//! assert_eq!(user.as_str(), "thabo.m");
//! let roles = Roles::parse_list("investigator,data-analyst")?;
//! assert!(roles.allows(Permission::ReadSealed) && roles.requires_second_factor());
//! let hash = PasswordHash::create(&Password::new("synthetic passphrase".to_owned())?)?;
//! assert!(hash.verify("synthetic passphrase"));
//! let secret = TotpSecret::generate()?;
//! let step = secret.verify(&secret.code_at(1_700_000_000), 1_700_000_000, None)?;
//! assert!(secret.verify(&secret.code_at(1_700_000_000), 1_700_000_000, Some(step)).is_err());
//! # Ok(()) }
//! ```

mod act;
mod acts;
mod base32;
mod break_glass;
mod error;
mod hex;
mod otpauth;
mod password;
mod password_hash;
mod permission;
mod permissions;
mod random;
mod recovery;
mod role;
mod roles;
mod session;
mod shared_throttle;
mod throttle;
mod throttle_policy;
mod token;
mod totp;
mod username;

pub use act::{Act, UnknownAct};
pub use acts::Rule;
pub use break_glass::{BreakGlassPolicy, BreakGlassReason, GrantVerdict};
pub use error::IdentityError;
pub use password::{Password, PasswordPolicyError};
pub use password_hash::{ARGON2_M_COST_KIB, ARGON2_P_COST, ARGON2_T_COST, PasswordHash, burn_equal_time};
pub use permission::Permission;
pub use recovery::{RecoveryCodes, recovery_code_hash};
pub use role::{Role, UnknownRole};
pub use roles::Roles;
pub use session::{SessionEnd, SessionPolicy};
pub use shared_throttle::SharedThrottle;
pub use throttle::{LoginThrottle, Throttled};
pub use throttle_policy::ThrottlePolicy;
pub use token::{ApiToken, SessionToken, TokenHash};
pub use totp::{TotpError, TotpSecret};
pub use username::{Username, UsernameError};
