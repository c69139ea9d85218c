//! `lekhotla backup`, `lekhotla backup keygen` and `lekhotla restore`: their flags.

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// `lekhotla backup --out FILE --recipient age1...`, or `lekhotla backup keygen --out FILE`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub command: Option<BackupCommand>,
    /// The backup file to write; it must not exist. Written beside as FILE.partial and renamed when whole.
    #[arg(long, required = true)]
    pub out: Option<PathBuf>,
    /// An age X25519 recipient (`age1...`) to encrypt to, as `backup keygen` or `age-keygen` print it; may be
    /// given more than once (any one of their identities opens the backup).
    #[arg(long = "recipient", short = 'r', env = "LEKHOTLA_BACKUP_RECIPIENT")]
    pub recipients: Vec<String>,
    /// A file of age recipients, one `age1...` per line (`#` lines and blank lines ignored).
    #[arg(long, short = 'R', env = "LEKHOTLA_BACKUP_RECIPIENTS_FILE")]
    pub recipients_file: Option<PathBuf>,
}

/// `lekhotla backup keygen`.
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Makes an age identity (the secret that opens backups) into a new file (mode 0600) and prints its
    /// recipient (`age1...`, public, for `backup --recipient`). Keep the identity off the server, apart from
    /// the master key file.
    Keygen {
        /// The identity file to create; it must not exist.
        #[arg(long)]
        out: PathBuf,
    },
}

/// `lekhotla restore --identity FILE BACKUP`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file `lekhotla backup` wrote.
    pub backup: PathBuf,
    /// The age identity file that opens it (`backup keygen` or `age-keygen` wrote it).
    #[arg(long, short = 'i', env = "LEKHOTLA_BACKUP_IDENTITY_FILE")]
    pub identity: PathBuf,
}
