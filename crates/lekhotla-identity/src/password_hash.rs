//! Password hashes: argon2id with m = 19456 KiB, t = 2, p = 1 (OWASP's first recommended setting), stored
//! as PHC strings, plus an equal-time check for unknown usernames.

use std::fmt;
use std::sync::LazyLock;

use argon2::password_hash::phc::PasswordHash as Phc;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

use crate::error::IdentityError;
use crate::password::Password;
use crate::random;

/// argon2id memory cost in KiB (19 MiB).
pub const ARGON2_M_COST_KIB: u32 = 19_456;
/// argon2id passes over memory.
pub const ARGON2_T_COST: u32 = 2;
/// argon2id lanes (parallelism).
pub const ARGON2_P_COST: u32 = 1;

/// Salt length in bytes (128 bits).
const SALT_LEN: usize = 16;

/// The longest candidate worth hashing: [`Password::MAX_CHARS`] characters of at most four bytes each.
const MAX_CANDIDATE_BYTES: usize = Password::MAX_CHARS * 4;

/// Checked when the crate compiles: invalid parameters fail the build, not a login.
const PARAMS: Params = match Params::new(ARGON2_M_COST_KIB, ARGON2_T_COST, ARGON2_P_COST, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid argon2 parameters"),
};

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS)
}

/// A stored password hash: an argon2id PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
/// `Debug` shows the algorithm and parameters but not the salt or hash.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Hashes `password` with argon2id (m = 19456 KiB, t = 2, p = 1) and a fresh 16-byte random salt.
    pub fn create(password: &Password) -> Result<PasswordHash, IdentityError> {
        let mut salt = [0u8; SALT_LEN];
        random::fill(&mut salt)?;
        let phc = hasher()
            .hash_password_with_salt(password.expose().as_bytes(), &salt)
            .map_err(|e| IdentityError::Hashing { reason: e.to_string() })?;
        Ok(PasswordHash(phc.to_string()))
    }

    /// Accepts a stored PHC string if it is an argon2id hash with a salt, an output and valid parameters.
    /// Weak parameters are accepted (see [`PasswordHash::params_meet_minimum`]).
    pub fn from_phc(phc: String) -> Result<PasswordHash, IdentityError> {
        let bad = |reason| IdentityError::BadPasswordHash { reason };
        let parsed = Phc::new(&phc).map_err(|_| bad("not a PHC string"))?;
        if parsed.algorithm.as_str() != "argon2id" {
            return Err(bad("the algorithm is not argon2id"));
        }
        if parsed.salt.is_none() || parsed.hash.is_none() {
            return Err(bad("the salt or the hash output is missing"));
        }
        Params::try_from(&parsed).map_err(|_| bad("invalid argon2 parameters"))?;
        Ok(PasswordHash(phc))
    }

    /// The PHC string, for storage.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `candidate` is the password, using the parameters stored in the hash. The comparison of
    /// outputs is constant-time. A candidate longer than any password the policy accepts is refused after
    /// the same amount of work.
    #[must_use]
    pub fn verify(&self, candidate: &str) -> bool {
        let oversized = candidate.len() > MAX_CANDIDATE_BYTES;
        let input = if oversized { "" } else { candidate };
        let Ok(parsed) = Phc::new(&self.0) else {
            return false;
        };
        let matches = Argon2::default().verify_password(input.as_bytes(), &parsed).is_ok();
        matches && !oversized
    }

    /// Whether the hash is argon2id version 19 with m ≥ 19456 KiB, t ≥ 2 and p ≥ 1. When false after a
    /// successful login, hash the password again with [`PasswordHash::create`] and store the new hash.
    #[must_use]
    pub fn params_meet_minimum(&self) -> bool {
        let Ok(parsed) = Phc::new(&self.0) else {
            return false;
        };
        let Ok(params) = Params::try_from(&parsed) else {
            return false;
        };
        parsed.algorithm.as_str() == "argon2id"
            && parsed.version == Some(0x13)
            && params.m_cost() >= ARGON2_M_COST_KIB
            && params.t_cost() >= ARGON2_T_COST
            && params.p_cost() >= ARGON2_P_COST
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head: Vec<&str> = self.0.splitn(5, '$').take(4).collect();
        write!(f, "PasswordHash({}$***)", head.join("$"))
    }
}

/// A hash of a fixed, publicly known string under the same parameters, computed on first use.
static DUMMY: LazyLock<Option<PasswordHash>> = LazyLock::new(|| {
    let phc = hasher().hash_password_with_salt(b"lekhotla dummy password", b"lekhotla-dummy-salt").ok()?;
    Some(PasswordHash(phc.to_string()))
});

/// Verifies `candidate` against a dummy hash and discards the result, so a login for an unknown
/// username takes as long as one for a known username. The dummy hash is computed on the first call;
/// call this once at start-up so that first call does not stand out.
pub fn burn_equal_time(candidate: &str) {
    if let Some(dummy) = &*DUMMY {
        let _ = dummy.verify(candidate);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn password(text: &str) -> Password {
        Password::new(text.to_owned()).unwrap()
    }

    #[test]
    fn phc_string_is_argon2id_with_minimum_parameters() {
        let hash = PasswordHash::create(&password("synthetic passphrase one")).unwrap();
        assert!(hash.as_str().starts_with("$argon2id$v=19$"), "{}", hash.as_str());
        let parsed = Phc::new(hash.as_str()).unwrap();
        let m = parsed.params.get_decimal("m").unwrap();
        let t = parsed.params.get_decimal("t").unwrap();
        let p = parsed.params.get_decimal("p").unwrap();
        assert!(m >= 19_456 && t >= 2 && p >= 1, "m={m} t={t} p={p}");
        assert!(hash.params_meet_minimum());
    }

    #[test]
    fn library_defaults_are_the_same_parameters() {
        let params = Params::default();
        assert_eq!(params.m_cost(), ARGON2_M_COST_KIB);
        assert_eq!(params.t_cost(), ARGON2_T_COST);
        assert_eq!(params.p_cost(), ARGON2_P_COST);
        assert_eq!(Algorithm::default(), Algorithm::Argon2id);
        assert_eq!(Version::default(), Version::V0x13);
    }

    #[test]
    fn verify_accepts_only_the_password() {
        let hash = PasswordHash::create(&password("synthetic passphrase two")).unwrap();
        assert!(hash.verify("synthetic passphrase two"));
        assert!(!hash.verify("synthetic passphrase tw0"));
        assert!(!hash.verify(""));
        assert!(!hash.verify(&"x".repeat(10_000)));
        let again = PasswordHash::create(&password("synthetic passphrase two")).unwrap();
        assert_ne!(hash, again, "salts must differ");
    }

    #[test]
    fn from_phc_round_trips_and_validates() {
        let hash = PasswordHash::create(&password("synthetic passphrase three")).unwrap();
        let stored = PasswordHash::from_phc(hash.as_str().to_owned()).unwrap();
        assert!(stored.verify("synthetic passphrase three"));
        for bad in [
            "",
            "plaintext",
            "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$argon2id$v=19$m=19456,t=2,p=1",
            "$argon2id$v=19$m=1,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        ] {
            assert!(PasswordHash::from_phc(bad.to_owned()).is_err(), "{bad}");
        }
    }

    #[test]
    fn weak_parameters_are_flagged() {
        let weak = "$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
        let hash = PasswordHash::from_phc(weak.to_owned()).unwrap();
        assert!(!hash.params_meet_minimum());
    }

    #[test]
    fn debug_hides_salt_and_output() {
        let hash = PasswordHash::create(&password("synthetic passphrase four")).unwrap();
        assert_eq!(format!("{hash:?}"), "PasswordHash($argon2id$v=19$m=19456,t=2,p=1$***)");
    }

    #[test]
    fn dummy_hash_exists() {
        assert!(DUMMY.is_some());
        burn_equal_time("anything at all");
    }

    /// Run with `cargo test --release -p lekhotla-identity -- --ignored --nocapture hash_time`.
    #[test]
    #[ignore = "timing measurement; run in release mode"]
    fn hash_time() {
        let password = password("synthetic passphrase for timing");
        let mut times: Vec<std::time::Duration> = (0..9)
            .map(|_| {
                let start = std::time::Instant::now();
                let hash = PasswordHash::create(&password).unwrap();
                let elapsed = start.elapsed();
                assert!(hash.verify("synthetic passphrase for timing"));
                elapsed
            })
            .collect();
        times.sort();
        println!("argon2id m=19456 t=2 p=1: median hash time {:?} over 9 runs", times[4]);
    }
}
