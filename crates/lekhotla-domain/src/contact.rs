//! A person's e-mail address, where the daily digest goes: `local@domain`, checked for its shape only (the mail
//! relay is the judge of whether it exists).

use std::fmt;

/// The longest address SMTP carries (RFC 5321's path limit less its brackets).
pub const MAX_EMAIL: usize = 254;

/// An e-mail address of a plain `local@domain` shape: no display name, no spaces, no quoting or comments, a
/// domain with a dot. Kept as typed, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

/// Why a text is not an e-mail address (the message is the reason a form shows).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EmailError(&'static str);

impl EmailAddress {
    pub fn parse(s: &str) -> Result<Self, EmailError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(EmailError("is empty"));
        }
        if s.len() > MAX_EMAIL {
            return Err(EmailError("is longer than 254 characters"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"".contains(c)) {
            return Err(EmailError("has a space or a character an address may not hold"));
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(EmailError("has no @"));
        };
        if local.is_empty() || local.len() > 64 || domain.contains('@') {
            return Err(EmailError("needs one name before a single @"));
        }
        let labels_ok = domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
        if !domain.contains('.') || !labels_ok || local.starts_with('.') || local.ends_with('.') || local.contains("..")
        {
            return Err(EmailError("is not of the shape name@example.org"));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_addresses_parse_and_others_say_why_not() {
        for ok in ["focal.mafeteng@example.org", " p.mokoena+digest@mail.example.co.ls ", "a@b.ls"] {
            assert_eq!(EmailAddress::parse(ok).map(|e| e.to_string()), Ok(ok.trim().to_owned()));
        }
        for (bad, why) in [
            ("", "is empty"),
            ("not an address", "has a space or a character an address may not hold"),
            ("Palesa <p@example.org>", "has a space or a character an address may not hold"),
            ("example.org", "has no @"),
            ("@example.org", "needs one name before a single @"),
            ("a@b@example.org", "needs one name before a single @"),
            ("a@localhost", "is not of the shape name@example.org"),
            ("a@example..org", "is not of the shape name@example.org"),
            ("a.@example.org", "is not of the shape name@example.org"),
            ("a@-example.org", "is not of the shape name@example.org"),
        ] {
            assert_eq!(EmailAddress::parse(bad).unwrap_err().to_string(), why, "{bad:?}");
        }
        assert!(EmailAddress::parse(&format!("{}@example.org", "a".repeat(250))).is_err());
    }
}
