//! `lekhotla`: one binary with subcommands; each subcommand lives in `commands/` and calls into the library crates.

mod cli;
mod commands;
mod db;
mod keys;
mod output;
mod progress;

use clap::Parser;

/// mimalloc rather than the system's allocator: sealed rows are made on one thread and freed on another, and
/// glibc's arenas spent a third of a large import's CPU in `malloc` and `free` (BENCHMARKS.md, tenth pass).
/// Built with its `override` feature, it also stands in for `malloc` and `free` themselves, so the bundled
/// SQLite allocates from it too (with glibc's, ~5 % of a served case view's CPU: BENCHMARKS.md, fifteenth pass).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
/// What is logged when `LEKHOTLA_LOG` is not set.
const DEFAULT_LOG: &str = "info,sqlx=warn";

fn init_logging() {
    use tracing_subscriber::filter::DynFilterFn;
    use tracing_subscriber::{EnvFilter, Layer, fmt, layer::SubscriberExt, util::SubscriberInitExt};
    let filter = EnvFilter::try_from_env("LEKHOTLA_LOG").unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOG));
    // sqlx's warning of a slow statement, but not inside the work slow by design after a bulk load (the span of
    // `lekhotla_storage::upkeep`: index builds, analyses), whose time the store logs instead.
    let quiet = DynFilterFn::new(|meta, cx| {
        !(*meta.level() == tracing::Level::WARN
            && meta.target() == "sqlx::query"
            && cx.lookup_current().is_some_and(|span| span.scope().any(|s| s.name() == lekhotla_storage::upkeep::SPAN)))
    });
    let json = std::env::var("LEKHOTLA_LOG_FORMAT").is_ok_and(|f| f == "json");
    // On a terminal each line is written with the progress bars taken off it (`progress::log_line`).
    let writer = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        fmt::writer::BoxMakeWriter::new(progress::log_line)
    } else {
        fmt::writer::BoxMakeWriter::new(std::io::stderr)
    };
    let layer = fmt::layer().with_writer(writer);
    let layer = if json { layer.json().boxed() } else { layer.compact().boxed() };
    tracing_subscriber::registry().with(layer.with_filter(quiet).with_filter(filter)).init();
}
