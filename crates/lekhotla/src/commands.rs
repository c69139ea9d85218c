//! Dispatches a parsed command line to its subcommand.

mod audit;
mod backup;
mod campaigns;
mod demo_accounts;
mod demo_data;
mod digest;
mod export;
mod import;
mod inspections;
mod keys;
mod migrate;
mod org;
mod plan;
mod report;
mod restore;
mod screenings;
pub(crate) mod serve;
mod sheet;
mod token;
mod trainings;
mod user;

use crate::cli::{Cli, Command, ExportFormat, ImportFormat};

/// Runs the command, then closes the stores it opened (whether it succeeded or not).
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let result = dispatch(cli).await;
    crate::db::close_all().await;
    result
}

async fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            listen,
            demo,
            demo_cases,
            secure_cookies,
            checkpoint_hours,
            allow_key_beside_database,
            digest_at,
            smtp,
            mail_from,
            base_url,
            metrics_listen,
            read_replica_url,
            shutdown_grace_seconds,
        } => {
            let digest = match (digest_at, smtp) {
                (Some(at), Some(smtp)) => Some(serve::DigestOptions { at, smtp, from: mail_from, base_url }),
                _ => None,
            };
            let options = serve::Options {
                listen,
                demo,
                demo_cases,
                secure_cookies,
                checkpoint_hours,
                allow_key_beside_database,
                digest,
                metrics: metrics_listen,
                read_replica: read_replica_url,
                grace: std::time::Duration::from_secs(shutdown_grace_seconds),
            };
            serve::run(&cli.db, options).await
        }
        Command::Migrate { geography } => migrate::run(&cli.db, geography.as_deref()).await,
        Command::DemoData { cases, seed } => demo_data::run(&cli.db, cases, seed).await,
        Command::Export { format: ExportFormat::Htcds { out, purpose } } => {
            export::htcds(&cli.db, &out, purpose.into()).await
        }
        Command::Import { format: ImportFormat::Htcds { dir } } => import::htcds(&cli.db, &dir).await,
        Command::Keys { command: crate::cli::KeysCommand::Rotate } => keys::rotate(&cli.db).await,
        Command::Campaigns { command } => campaigns::run(&cli.db, command).await,
        Command::Trainings { command } => trainings::run(&cli.db, command).await,
        Command::Inspections { command } => inspections::run(&cli.db, command).await,
        Command::Screenings { command } => screenings::run(&cli.db, command).await,
        Command::Plan { command } => plan::run(&cli.db, command).await,
        Command::Digest { command } => digest::run(&cli.db, command).await,
        Command::Org { command } => org::run(&cli.db, command).await,
        Command::User { command } => user::run(&cli.db, command).await,
        Command::Token { command } => token::run(&cli.db, command).await,
        Command::Audit { command } => audit::run(&cli.db, command).await,
        Command::Report { command } => report::run(&cli.db, command).await,
        Command::Backup(args) => backup::run(&cli.db, args).await,
        Command::Restore(args) => restore::run(&cli.db, &args.backup, &args.identity).await,
    }
}

/// Today in Lesotho (Africa/Maseru is UTC+2 all year).
pub fn today() -> time::Date {
    now().to_offset(time::macros::offset!(+2)).date()
}

pub fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}
