//! Normalisation of text before blind indexing, so trivially different spellings of a name match.
//!
//! Steps, in order:
//! 1. Unicode lowercase (`str::to_lowercase`).
//! 2. Canonical decomposition (NFD), then removal of combining marks in the blocks U+0300–U+036F,
//!    U+1AB0–U+1AFF, U+1DC0–U+1DFF, U+20D0–U+20FF and U+FE20–U+FE2F: `é`→`e`, `ñ`→`n`, `š`→`s`, whether
//!    the input was precomposed or already decomposed.
//! 3. Latin letters that do not decompose are folded: `ß`→`ss`, `æ`→`ae`, `œ`→`oe`, `ø`→`o`, `đ`/`ð`→`d`,
//!    `ł`→`l`, `ı`→`i`, `ħ`→`h`, `ŧ`→`t`, `þ`→`th`.
//! 4. Leading and trailing whitespace is dropped and every internal run of Unicode whitespace becomes a
//!    single ASCII space.
//!
//! Punctuation (hyphens, apostrophes) and non-Latin scripts are kept as they are; word order matters.

use unicode_normalization::UnicodeNormalization;

/// Normalises `value` as described in the module documentation.
#[must_use]
pub fn normalise_for_index(value: &str) -> String {
    let lowered = value.to_lowercase();
    let mut folded = String::with_capacity(lowered.len());
    for c in lowered.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ß' => folded.push_str("ss"),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            'ø' => folded.push('o'),
            'đ' | 'ð' => folded.push('d'),
            'ł' => folded.push('l'),
            'ı' => folded.push('i'),
            'ħ' => folded.push('h'),
            'ŧ' => folded.push('t'),
            'þ' => folded.push_str("th"),
            other => folded.push(other),
        }
    }
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

#[cfg(test)]
mod tests {
    use super::normalise_for_index as n;

    #[test]
    fn trims_collapses_and_lowercases() {
        assert_eq!(n("  Palesa \t  MOKOENA \n"), "palesa mokoena");
    }

    #[test]
    fn folds_precomposed_and_decomposed_diacritics() {
        assert_eq!(n("Thabó"), "thabo");
        assert_eq!(n("Thabo\u{0301}"), "thabo");
        assert_eq!(n("Ñandú Šťastný"), "nandu stastny");
    }

    #[test]
    fn folds_letters_without_decomposition() {
        assert_eq!(n("Strauß Søren Łukasz Æsa"), "strauss soren lukasz aesa");
    }

    #[test]
    fn keeps_punctuation_and_other_scripts() {
        assert_eq!(n("Ntate-Mo'ena"), "ntate-mo'ena");
        assert_eq!(n("Αλφα"), "αλφα");
    }

    #[test]
    fn whitespace_only_becomes_empty() {
        assert_eq!(n(" \t\n "), "");
    }
}
