//! Paging of the API's lists, read one way everywhere: `limit` within the list's bounds and `offset` within
//! what a database can skip; anything else is a malformed query (400), as the API description says.

use crate::error::ApiError;

/// The most any list gives at once.
pub const MAX_LIMIT: u32 = lekhotla_storage::Page::MAX_LIMIT;

/// The largest `offset` (the databases count rows as signed 64-bit integers).
pub const MAX_OFFSET: u64 = i64::MAX as u64;

/// The `limit` asked for (`default` when none), refused outside 1..=`max`.
pub fn limit(asked: Option<u32>, default: u32, max: u32) -> Result<u32, ApiError> {
    let limit = asked.unwrap_or(default);
    if (1..=max).contains(&limit) {
        Ok(limit)
    } else {
        Err(ApiError::BadRequest(format!("limit must be between 1 and {max}, not {limit}")))
    }
}

/// The `offset` asked for (0 when none), refused beyond [`MAX_OFFSET`].
pub fn offset(asked: Option<u64>) -> Result<u64, ApiError> {
    let offset = asked.unwrap_or(0);
    if offset <= MAX_OFFSET {
        Ok(offset)
    } else {
        Err(ApiError::BadRequest(format!("offset must be at most {MAX_OFFSET}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_offsets_out_of_bounds_are_refused() {
        assert_eq!(limit(None, 50, MAX_LIMIT).ok(), Some(50));
        assert_eq!(limit(Some(500), 50, MAX_LIMIT).ok(), Some(500));
        assert!(limit(Some(0), 50, MAX_LIMIT).is_err());
        assert!(limit(Some(501), 50, MAX_LIMIT).is_err());
        assert_eq!(offset(None).ok(), Some(0));
        assert!(offset(Some(MAX_OFFSET + 1)).is_err());
    }
}
