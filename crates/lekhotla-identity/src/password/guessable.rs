//! Passwords an attacker tries first: those on a list of common and breached passwords shipped with the
//! program (`data/common-passwords.txt`, see its README), and those built from the username or the
//! system's own name. Matching ignores case.

use std::collections::HashSet;
use std::sync::OnceLock;

const COMMON: &str = include_str!("../../data/common-passwords.txt");

/// Words of this installation that make a password guessable on their own.
const SYSTEM_WORDS: [&str; 2] = ["lekhotla", "lekhotlatip"];

/// What a password built from a name must add to it, in characters, to count as more than a variation.
const MIN_BEYOND_NAME: usize = 8;

/// Shortest part of a username that counts as a name of its own (`mpho` in `mpho.investigator`).
const MIN_NAME_PART: usize = 4;

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
}

/// Whether `password` (or its word with digits and punctuation around it, as in `Monkey2024!`) is on
/// the list.
pub fn is_common(password: &str) -> bool {
    let lower = password.trim().to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    common().contains(lower.as_str()) || (core.chars().count() >= 4 && common().contains(core))
}

/// Whether `password` is little more than `lekhotla` or the username (or a part of it), in any case,
/// with common letter-for-digit swaps (`L3khotl@2024`): once those names are taken out, fewer than
/// [`MIN_BEYOND_NAME`] characters remain.
pub fn is_like_a_name(password: &str, username: Option<&str>) -> bool {
    let mut names: Vec<String> = SYSTEM_WORDS.iter().map(|w| fold(w)).collect();
    if let Some(user) = username {
        names.push(fold(user));
        names.extend(
            user.split(|c: char| !c.is_alphanumeric()).filter(|p| p.chars().count() >= MIN_NAME_PART).map(fold),
        );
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let folded = fold(password);
    if !names.iter().any(|n| !n.is_empty() && folded.contains(n.as_str())) {
        return false;
    }
    let mut rest = folded;
    for name in names.iter().filter(|n| !n.is_empty()) {
        rest = rest.replace(name.as_str(), "");
    }
    rest.chars().count() < MIN_BEYOND_NAME
}

/// Lowercase, with the usual swaps of digits and symbols for letters undone (`1`, `!` and `|` stand for
/// both `i` and `l`, so those two letters are one here).
fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' | '!' | '|' | 'l' => 'i',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' | '+' => 't',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_shipped_and_read_without_regard_to_case() {
        assert!(common().len() > 50_000, "{}", common().len());
        for p in ["password", "PassWord", "qwerty123456", "1qaz2wsx3edc", "iloveyou", "Monkey2024!", "!!dragon!!"] {
            assert!(is_common(p), "{p}");
        }
        for p in ["a synthetic pass phrase", "correct horse battery staple", "kq7m2-xw9tr-4hzpa-bn3ve-u8jcs"] {
            assert!(!is_common(p), "{p}");
        }
    }

    #[test]
    fn names_with_a_little_around_them_are_refused() {
        for p in ["lekhotla2024", "Lekhotla12345!", "L3KHOTL@-2026", "lekhotlalekhotla", "LekhotlaTIP2026"] {
            assert!(is_like_a_name(p, None), "{p}");
        }
        let user = Some("mpho.investigator");
        for p in ["mpho.investigator", "Mpho.Investigator1", "investigator2026", "mpho-2026-mpho", "1nv3stigator!!"] {
            assert!(is_like_a_name(p, user), "{p}");
        }
        for p in ["my lekhotla pass phrase", "mpho likes long walks", "a synthetic pass phrase"] {
            assert!(!is_like_a_name(p, user), "{p}");
        }
    }
}
