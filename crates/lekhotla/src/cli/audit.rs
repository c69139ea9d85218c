//! The `audit` subcommands: verify the chain, sign a checkpoint, search the trail.

use clap::Subcommand;
use lekhotla_audit::{Action, CheckpointVerifier};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the whole audit trail and check every link and every signed checkpoint. Exits 1 at the first
    /// break, naming it.
    Verify {
        /// The audit public key (64 hex characters) that signed the checkpoints, as `audit checkpoint` printed
        /// it. Default: the public half of the key in LEKHOTLA_AUDIT_KEY_FILE (default lekhotla-audit.key).
        #[arg(long, value_name = "PUBLIC_KEY_HEX", value_parser = parse_public_key)]
        key: Option<CheckpointVerifier>,
    },
    /// Verify the trail, then sign its head with the audit key (LEKHOTLA_AUDIT_KEY_FILE, default
    /// lekhotla-audit.key, created with mode 0600 if missing), store the checkpoint and print it.
    Checkpoint,
    /// Print matching entries, newest first: seq, time, actor, action, record, fields, purpose (tab-separated).
    Search {
        /// Entries of this actor (`cli`, `user/<id>`, ...).
        #[arg(long)]
        actor: Option<String>,
        /// Entries about this record (`case/<id>`, `user/<id>`, `organisation/<id>`, ...).
        #[arg(long)]
        record: Option<String>,
        /// Entries of this action (case.create, user.create, login.failure, ...).
        #[arg(long, value_name = "CODE", value_parser = parse_action)]
        action: Option<Action>,
        /// At or after this instant (RFC 3339, e.g. 2026-03-01T00:00:00Z, or a date: 2026-03-01).
        #[arg(long, value_parser = parse_instant)]
        from: Option<OffsetDateTime>,
        /// Before this instant (RFC 3339 or a date, which means its midnight UTC).
        #[arg(long, value_parser = parse_instant)]
        to: Option<OffsetDateTime>,
        /// At most this many entries.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        limit: u32,
    },
}

fn parse_public_key(text: &str) -> Result<CheckpointVerifier, String> {
    CheckpointVerifier::from_hex(text.trim()).map_err(|e| format!("not an audit public key: {e}"))
}

fn parse_action(text: &str) -> Result<Action, String> {
    Action::from_code(text.trim()).ok_or_else(|| {
        let codes: Vec<&str> = Action::ALL.iter().map(|a| a.code()).collect();
        format!("unknown action `{text}` (expected one of: {})", codes.join(", "))
    })
}

/// An RFC 3339 instant, or a date (`YYYY-MM-DD`) meaning its midnight UTC.
pub fn parse_instant(text: &str) -> Result<OffsetDateTime, String> {
    let text = text.trim();
    if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(at);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format)
        .map(|d| d.midnight().assume_utc())
        .map_err(|_| format!("`{text}` is neither an RFC 3339 instant (2026-03-01T08:00:00Z) nor a date (2026-03-01)"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn instants_and_dates() {
        let at = parse_instant("2026-03-01T08:00:00+02:00").unwrap();
        assert_eq!(at.unix_timestamp(), parse_instant("2026-03-01T06:00:00Z").unwrap().unix_timestamp());
        assert_eq!(parse_instant("2026-03-01").unwrap(), time::macros::datetime!(2026-03-01 0:00 UTC));
        assert!(parse_instant("yesterday").is_err());
        assert!(parse_instant("2026-02-30").is_err());
    }

    #[test]
    fn actions_by_code() {
        assert_eq!(parse_action("user.create").unwrap(), Action::UserCreate);
        assert!(parse_action("user.delete").unwrap_err().contains("audit.checkpoint"));
    }
}
