//! `otpauth://` provisioning URIs (the Key URI format authenticator apps read from a QR code).

use crate::totp::TotpSecret;

impl TotpSecret {
    /// The URI an authenticator app enrols from, e.g.
    /// `otpauth://totp/Lekhotla:thabo.m?secret=…&issuer=Lekhotla&algorithm=SHA1&digits=6&period=30`.
    /// `issuer` and `account` are percent-encoded. The URI contains the secret: show it once, never log it.
    #[must_use]
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        let issuer = percent_encode(issuer);
        format!(
            "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={digits}&period={period}",
            account = percent_encode(account),
            secret = self.to_base32(),
            digits = TotpSecret::DIGITS,
            period = TotpSecret::STEP_SECONDS,
        )
    }
}

/// Percent-encodes every byte of the UTF-8 text except the RFC 3986 unreserved characters.
fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn uri_has_all_parts_encoded() {
        let secret = TotpSecret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        assert_eq!(
            secret.otpauth_uri("Lekhotla MSC", "thabo.m"),
            "otpauth://totp/Lekhotla%20MSC:thabo.m?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=Lekhotla%20MSC&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn reserved_and_non_ascii_characters_are_escaped() {
        assert_eq!(percent_encode("a:b/c?d&e=f#g@h"), "a%3Ab%2Fc%3Fd%26e%3Df%23g%40h");
        assert_eq!(percent_encode("Zoë 100%"), "Zo%C3%AB%20100%25");
        assert_eq!(percent_encode("A-z_0.9~"), "A-z_0.9~");
    }
}
