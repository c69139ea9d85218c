//! `lekhotla`: one binary with subcommands; each subcommand lives in `commands/` and calls into the library crates.

mod cli;
mod commands;
mod db;
mod keys;
mod output;
mod progress;

use clap::Parser;

fn main() -> std::process::ExitCode {
    private_files();
    let cli = cli::Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Every file and folder the program creates (the SQLite database, its WAL and shm, exports, keys) is its
/// owner's alone (0600, folders 0700), whatever umask the shell or service manager set: exports carry
/// names. Set before any thread starts, as the umask is the process's.
fn private_files() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// Logs go to standard error: human-readable by default, JSON with `LEKHOTLA_LOG_FORMAT=json`;
/// the level comes from `LEKHOTLA_LOG` (default `info`). Logs never carry personal data.
fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("LEKHOTLA_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if std::env::var("LEKHOTLA_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.compact().init();
    }
}
