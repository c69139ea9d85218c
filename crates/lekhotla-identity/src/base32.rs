//! RFC 4648 base32 (alphabet `A-Z2-7`) without padding, as authenticator apps expect for TOTP secrets.

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// `bytes` in base32, upper case, without `=` padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u16 = 0;
    let mut bits = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u16::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[usize::from((buffer >> bits) & 0x1f)]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[usize::from((buffer << (5 - bits)) & 0x1f)]));
    }
    out
}

/// Decodes base32, ignoring case, spaces and trailing `=` padding. `None` if a character is outside the
/// alphabet or the length cannot come from whole bytes.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut buffer: u16 = 0;
    let mut bits = 0;
    let mut symbols = 0usize;
    for c in text.trim_end_matches('=').bytes().filter(|c| *c != b' ') {
        let value = match c.to_ascii_uppercase() {
            c @ b'A'..=b'Z' => c - b'A',
            c @ b'2'..=b'7' => c - b'2' + 26,
            _ => return None,
        };
        symbols += 1;
        buffer = (buffer << 5) | u16::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    // 8 symbols carry 5 bytes; a final group of 1, 3 or 6 symbols is impossible.
    if matches!(symbols % 8, 1 | 3 | 6) {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 section 10 test vectors, padding removed.
    const VECTORS: [(&str, &str); 7] = [
        ("", ""),
        ("f", "MY"),
        ("fo", "MZXQ"),
        ("foo", "MZXW6"),
        ("foob", "MZXW6YQ"),
        ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI"),
    ];

    #[test]
    fn rfc_4648_vectors() {
        for (plain, encoded) in VECTORS {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).as_deref(), Some(plain.as_bytes()));
        }
    }

    #[test]
    fn decode_is_lenient_about_case_spaces_and_padding() {
        assert_eq!(decode("mzxw 6ytb oi======").as_deref(), Some(&b"foobar"[..]));
    }

    #[test]
    fn decode_rejects_garbage() {
        assert_eq!(decode("MZXW1"), None);
        assert_eq!(decode("M"), None);
        assert_eq!(decode("MZX"), None);
    }

    proptest::proptest! {
        #[test]
        fn round_trip(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            proptest::prop_assert_eq!(decode(&encode(&bytes)), Some(bytes));
        }
    }
}
