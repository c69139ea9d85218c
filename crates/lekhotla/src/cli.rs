//! The command line: subcommands, flags and their environment variables.

mod accounts;
mod audit;
mod backup;
mod campaigns;
mod digest;
mod inspections;
mod plan;
mod report;
mod screenings;
mod trainings;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use accounts::{OrgCommand, TokenCommand, UserCommand};
pub use audit::AuditCommand;
pub use backup::{BackupArgs, BackupCommand, RestoreArgs};
pub use campaigns::CampaignsCommand;
pub use digest::DigestCommand;
pub use inspections::InspectionsCommand;
pub use plan::PlanCommand;
pub use report::{Format as ReportFormat, ReportCommand};
pub use screenings::ScreeningsCommand;
pub use trainings::TrainingsCommand;

/// Lekhotla: the case registry of a national response to trafficking in persons.
#[derive(Debug, Parser)]
#[command(name = "lekhotla", version, about, propagate_version = true)]
pub struct Cli {
    /// Database URL: `sqlite://FILE` (embedded, the default) or `postgres://USER@HOST:PORT/DB`.
    #[arg(long, global = true, env = "LEKHOTLA_DB", default_value = "sqlite://lekhotla.db")]
    pub db: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web pages and the JSON API.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", env = "LEKHOTLA_LISTEN")]
        listen: SocketAddr,
        /// Create the database if needed and fill an empty one with synthetic demo data.
        #[arg(long)]
        demo: bool,
        /// How many demo cases `--demo` generates into an empty database.
        #[arg(long, default_value_t = 2_000, requires = "demo")]
        demo_cases: u64,
        /// Serving behind HTTPS (a TLS proxy): the session cookie becomes `__Host-lekhotla_session` and `Secure`
        /// (sent over HTTPS only) and every answer carries HSTS.
        #[arg(long, env = "LEKHOTLA_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Sign a checkpoint of the audit trail every this many hours (with the key in LEKHOTLA_AUDIT_KEY_FILE),
        /// as `lekhotla audit checkpoint` does; the checkpoint lines go to standard output, to be kept off the
        /// server. Off when not given.
        #[arg(long, env = "LEKHOTLA_CHECKPOINT_HOURS", value_parser = clap::value_parser!(u64).range(1..=24 * 31))]
        checkpoint_hours: Option<u64>,
        /// Start even though the audit key file (LEKHOTLA_AUDIT_KEY_FILE) is in the SQLite database's folder,
        /// where a copy of the folder carries both the trail and the key that vouches for it.
        #[arg(long, env = "LEKHOTLA_ALLOW_KEY_BESIDE_DB", value_parser = clap::builder::BoolishValueParser::new())]
        allow_key_beside_database: bool,
        /// Send the daily digest of overdue referrals at this time each day, Maseru time (`06:00`), as
        /// `lekhotla digest send` does: no cron job needed. Needs --smtp. Off when not given.
        #[arg(long, env = "LEKHOTLA_DIGEST_AT", value_parser = crate::commands::serve::parse_at, requires = "smtp")]
        digest_at: Option<time::Time>,
        /// The SMTP relay of the daily digest, `smtp://HOST:PORT`.
        #[arg(long, env = "LEKHOTLA_SMTP_URL")]
        smtp: Option<String>,
        /// The daily digest's sender address.
        #[arg(long, env = "LEKHOTLA_MAIL_FROM", default_value = "lekhotla@localhost")]
        mail_from: String,
        /// The address people open Lekhotla at, to link each case in the digest.
        #[arg(long, env = "LEKHOTLA_BASE_URL")]
        base_url: Option<String>,
        /// Where the Prometheus metrics are served (`GET /metrics`), apart from the public listener: an address
        /// (anything but loopback belongs behind a firewall) or `off`. Default 127.0.0.1:9464, left off with a
        /// warning when another process holds it.
        #[arg(long, env = "LEKHOTLA_METRICS_LISTEN", value_parser = crate::commands::serve::parse_metrics_listen)]
        metrics_listen: Option<crate::commands::serve::MetricsListen>,
        /// A PostgreSQL hot standby of --db (`postgres://USER@HOST:PORT/DB`): reports, the dashboard and the
        /// lists of cases, referrals and the justice stages read it; everything else, and every audit entry,
        /// goes to --db.
        #[arg(long, env = "LEKHOTLA_READ_REPLICA_URL")]
        read_replica_url: Option<String>,
        /// On SIGTERM or SIGINT no new connection is taken and requests in flight get this many seconds to
        /// finish before they are cut off.
        #[arg(long, env = "LEKHOTLA_SHUTDOWN_GRACE_SECONDS", default_value_t = lekhotla_web::DEFAULT_GRACE.as_secs(),
              value_parser = clap::value_parser!(u64).range(0..=3600))]
        shutdown_grace_seconds: u64,
    },
    /// Create the database (or bring its schema up to date), load the geography, and create the master key
    /// file (LEKHOTLA_MASTER_KEY_FILE, default lekhotla.key) and the database's wrapped data keys if missing.
    #[command(alias = "init")]
    Migrate {
        /// A geography CSV (layout in data/geography/README.md); Lesotho's is built in.
        #[arg(long)]
        geography: Option<PathBuf>,
    },
    /// Generate deterministic synthetic cases into an initialised database.
    DemoData {
        /// How many cases (10 to 1,000,000).
        #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u64).range(10..=1_000_000))]
        cases: u64,
        /// Seed: the same seed always gives the same data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Write data out in an exchange format.
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// Read data in from an exchange format; nothing is written unless every row is valid.
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
    /// Keys of encryption at rest.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Awareness campaigns (prevention work): import a CSV file, list a TIP year's.
    Campaigns {
        #[command(subcommand)]
        command: CampaignsCommand,
    },
    /// Trainings (prevention and capacity): import a CSV file of participant groups, list a TIP year's.
    Trainings {
        #[command(subcommand)]
        command: TrainingsCommand,
    },
    /// Joint inspections of employers (prevention): import a CSV file, list a TIP year's.
    Inspections {
        #[command(subcommand)]
        command: InspectionsCommand,
    },
    /// Screenings of travellers at ports of entry (prevention): import a CSV file, list a TIP year's.
    Screenings {
        #[command(subcommand)]
        command: ScreeningsCommand,
    },
    /// The national action plan and the recommendations it answers: import them from CSV files, export them.
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// The daily digest of referrals past their deadline: send it, set where a person's goes.
    Digest {
        #[command(subcommand)]
        command: DigestCommand,
    },
    /// Organisations: list and register.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// User accounts: create, list, disable, set a password.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens for integrations: create and revoke.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// The audit trail: verify it, sign a checkpoint, search it.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// An encrypted copy of the whole database, taken while it serves (SQLite: `VACUUM INTO`; PostgreSQL:
    /// `pg_dump`), to age recipients. It holds the sealed fields sealed and never the master key file.
    Backup(BackupArgs),
    /// Restores a backup into a new SQLite file or an empty PostgreSQL database (then migrates it forward).
    Restore(RestoreArgs),
    /// The country's figures: the TIP report for a period and area (CSV, JSON, XLSX, PDF), frozen reports.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// HTCDS 2.0 CSV files, one per entity (layout: crates/lekhotla-htcds/README.md).
    Htcds {
        /// The directory to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// What the files are for: `transfer` (the default) is the whole registry, every value, for another
        /// installation (backup, migration), read back by `import htcds`; `statistics` leaves out the victims
        /// who refused or withdrew their consent to statistics, with what names them, and empties every
        /// sealed field (names, birth date, contact, address, notes): not for import.
        #[arg(long = "for", value_enum, default_value_t = ExportPurpose::Transfer)]
        purpose: ExportPurpose,
    },
}

/// What an export is for (`export htcds --for`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportPurpose {
    /// The whole registry, lossless: backup or migration to another installation.
    Transfer,
    /// Victim-level but de-identified, without the victims who refused or withdrew consent to statistics.
    Statistics,
}

impl From<ExportPurpose> for lekhotla_htcds::Purpose {
    fn from(p: ExportPurpose) -> Self {
        match p {
            ExportPurpose::Transfer => Self::Transfer,
            ExportPurpose::Statistics => Self::Statistics,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// HTCDS 2.0 CSV files as written by `export htcds`.
    Htcds {
        /// The directory to read.
        dir: PathBuf,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        super::Cli::command().debug_assert();
    }
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Make a new data key and re-encrypt every sealed value under it (resumes an interrupted rotation).
    Rotate,
}
