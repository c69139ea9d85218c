//! The `audit` subcommands: verify the chain, sign a checkpoint, export the signed heads, search the trail.

use std::path::PathBuf;

use clap::Subcommand;
use lekhotla_audit::{Action, CheckpointVerifier};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the whole audit trail and check every link, every signed checkpoint, every published head (with
    /// --against), each checkpoint against its audit entry, and the append-only safeguards of the audit tables.
    /// Exits 1 when anything is wrong, naming each finding.
    Verify {
        /// The audit public key (64 hex characters) that signed the checkpoints, as `audit checkpoint` printed
        /// it. Default: the key of the --against heads, else the public half of the audit key file.
        #[arg(long, value_name = "PUBLIC_KEY_HEX", value_parser = parse_public_key)]
        key: Option<CheckpointVerifier>,
        /// A heads file kept off the server (`audit heads --out`, or the head lines `audit checkpoint` printed):
        /// each head must be among the database's checkpoints and hold against the chain. This is what catches
        /// a history rewritten by whoever controls the database.
        #[arg(long, value_name = "HEADS_FILE")]
        against: Option<PathBuf>,
    },
    /// Verify the trail, then sign its head with the audit key (LEKHOTLA_AUDIT_KEY_FILE, default
    /// ~/.config/lekhotla/audit.key, created with mode 0600 if missing), store the checkpoint and print it with
    /// its head line. Refused when the key file is in the SQLite database's folder.
    Checkpoint {
        /// Sign even though the audit key file is in the database's folder (a copy of the folder can then
        /// rewrite the trail and re-sign it).
        #[arg(long, env = "LEKHOTLA_ALLOW_KEY_BESIDE_DB", value_parser = clap::builder::BoolishValueParser::new())]
        allow_key_beside_database: bool,
    },
    /// Print every signed checkpoint as a head line (`lekhotla-audit-head v1 seq=… hash=… at=… signature=…
    /// key=…`), or append the new ones to a heads file, for the auditor to keep off the server.
    Heads {
        /// Append to this file the heads it does not hold yet (created if missing); refused if a head it holds
        /// is no longer in the database as published.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The audit public key the checkpoints must be signed with. Default: the audit key file's.
        #[arg(long, value_name = "PUBLIC_KEY_HEX", value_parser = parse_public_key)]
        key: Option<CheckpointVerifier>,
    },
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
