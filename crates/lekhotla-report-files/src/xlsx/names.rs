//! Sheet names Excel accepts: at most 31 characters, none of `[]:*?/\`, not starting or ending with an
//! apostrophe, and unique without regard to case.

/// The longest sheet name Excel accepts, in characters.
pub const MAX: usize = 31;

/// Names given out so far (lower-cased, as Excel compares them).
#[derive(Debug, Default)]
pub struct SheetNames {
    taken: Vec<String>,
}

impl SheetNames {
    /// A name made from `wanted` that Excel accepts and no earlier sheet has; `fallback` when nothing of
    /// `wanted` is left.
    pub fn give(&mut self, wanted: &str, fallback: &str) -> String {
        let mut base: String = wanted
            .chars()
            .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { '_' } else { c })
            .collect();
        base = base.trim().trim_matches('\'').to_owned();
        if base.is_empty() {
            base = fallback.to_owned();
        }
        let mut name = truncate(&base, MAX);
        let mut n = 2;
        while self.is_taken(&name) {
            let suffix = format!("~{n}");
            name = format!("{}{suffix}", truncate(&base, MAX - suffix.chars().count()));
            n += 1;
        }
        self.taken.push(name.to_lowercase());
        name
    }

    fn is_taken(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        // "History" is reserved by Excel.
        lower == "history" || self.taken.contains(&lower)
    }
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect::<String>().trim_end_matches('\'').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_clean_and_unique() {
        let mut names = SheetNames::default();
        assert_eq!(names.give("Notes", "Sheet"), "Notes");
        assert_eq!(names.give("notes", "Sheet"), "notes~2");
        assert_eq!(names.give("a/b:c[d]*?\\", "Sheet"), "a_b_c_d____");
        let long = "prosecution.cases_by_district_and_stage_of_the_proceedings";
        let first = names.give(long, "Sheet");
        let second = names.give(long, "Sheet");
        assert_eq!(first.chars().count(), MAX);
        assert_eq!(second.chars().count(), MAX);
        assert!(second.ends_with("~2"));
        assert_ne!(first, second);
        assert_eq!(names.give("''", "Table 4"), "Table 4");
        assert_eq!(names.give("History", "Sheet"), "History~2");
    }
}
