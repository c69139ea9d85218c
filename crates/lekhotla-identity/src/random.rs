//! Random bytes from the operating system, with failures mapped to [`IdentityError::Random`].

use crate::error::IdentityError;

/// Fills `dest` from the operating system's random number generator.
pub(crate) fn fill(dest: &mut [u8]) -> Result<(), IdentityError> {
    getrandom::fill(dest).map_err(|_| IdentityError::Random)
}
