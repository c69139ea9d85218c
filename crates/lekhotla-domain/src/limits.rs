//! The most characters each free-text member of an input takes: one table per input, read by the input's
//! check and written into the API document as `maxLength`, so the two cannot say different things.

/// Member name to most characters. A member holding a list of texts is named with `[]` (`agenda[]`), a member
/// of a nested object with its path (`identity.details.name`).
pub type TextLimits = &'static [(&'static str, usize)];

/// The limit of `member` in `table`. Through `max!` it is looked up when compiling, and a member the table
/// lacks fails the build.
pub const fn of(table: TextLimits, member: &str) -> usize {
    let mut i = 0;
    while i < table.len() {
        if same(table[i].0.as_bytes(), member.as_bytes()) {
            return table[i].1;
        }
        i += 1;
    }
    panic!("a text member without a limit in its table")
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `max!("member")`: the member's limit in the `TEXT_LIMITS` of the `impl` it is written in;
/// `max!(TABLE, "member")`: in another table. Found when compiling.
macro_rules! max {
    ($member:literal) => {
        const { $crate::limits::of(Self::TEXT_LIMITS, $member) }
    };
    ($table:expr, $member:literal) => {
        const { $crate::limits::of($table, $member) }
    };
}
pub(crate) use max;

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: TextLimits = &[("name", 200), ("agenda[]", 500)];

    #[test]
    fn a_member_is_found_by_its_whole_name() {
        assert_eq!(max!(TABLE, "name"), 200);
        assert_eq!(of(TABLE, "agenda[]"), 500);
    }

    #[test]
    #[should_panic(expected = "without a limit")]
    fn a_member_not_in_the_table_has_no_limit() {
        of(TABLE, "nam");
    }
}
