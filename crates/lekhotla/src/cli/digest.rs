//! `lekhotla digest`: its subcommands.

use clap::Subcommand;

/// `lekhotla digest ...`.
#[derive(Debug, Subcommand)]
pub enum DigestCommand {
    /// Sends today's digest: to each person with a digest address, the referrals past their deadline they are
    /// told of (their organisation's, their hub's, or, for the national coordinator, those past twice their
    /// deadline), in their language. Run it once a day (a cron job or a systemd timer at 06:00).
    Send {
        /// The SMTP relay, `smtp://HOST:PORT` (plain SMTP to a relay on this machine or the local network,
        /// which carries the mail on).
        #[arg(long, env = "LEKHOTLA_SMTP_URL")]
        smtp: Option<String>,
        /// The sender's address.
        #[arg(long, env = "LEKHOTLA_MAIL_FROM", default_value = "lekhotla@localhost")]
        from: String,
        /// The address people open Lekhotla at, to link each case (e.g. `https://lekhotla.example.gov.ls`).
        #[arg(long, env = "LEKHOTLA_BASE_URL")]
        base_url: Option<String>,
        /// Prints each digest instead of sending it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Sets where a person's digest goes and in which language (`en` or `st`), or removes it.
    Address {
        /// The person's username.
        #[arg(long)]
        username: String,
        /// Their work e-mail address.
        #[arg(long, required_unless_present = "remove")]
        email: Option<String>,
        /// The digest's language: `en` (English) or `st` (Sesotho).
        #[arg(long, default_value = "en")]
        language: String,
        /// Sends them no digest any more.
        #[arg(long, conflicts_with = "email")]
        remove: bool,
    },
}
