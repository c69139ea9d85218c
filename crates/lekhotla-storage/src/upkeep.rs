//! Work slow by design that follows a bulk load (the index builds, the analyses): run in the span [`SPAN`],
//! whose slow-statement warnings the binary leaves off the terminal (`lekhotla`'s `init_logging`), and timed.
//!
//! sqlx warns of any statement over a second, with the statement. For a `VACUUM (ANALYZE)` at a million cases or
//! a script of 49 index builds that warning is no news, yet on the terminal of `demo-data` or `import htcds` it
//! reads as a fault (the index build's printed its whole script). What is worth knowing, the time, is logged here.

use std::future::Future;
use std::time::Instant;

use tracing::Instrument;

/// The span's name, which the binary's log filter looks for.
pub const SPAN: &str = "upkeep";

/// Runs `work` (`what`: a few words, such as "analysing the database") in the span [`SPAN`] and logs its time
/// at debug level.
pub async fn run<F: Future>(what: &'static str, work: F) -> F::Output {
    let started = Instant::now();
    // At the level of the warnings it is there to quiet: a span below the log's level is not made at all, and
    // the filter would not see the warning inside it (`LEKHOTLA_LOG=warn`).
    let out = work.instrument(tracing::warn_span!("upkeep", what)).await;
    tracing::debug!(what, seconds = started.elapsed().as_secs_f64(), "upkeep done");
    out
}

/// `work` inside the span it is made in: for work [`run`] hands to other tasks (`tokio::spawn`), which would
/// otherwise run outside [`SPAN`] and have their slow statements warned of on the terminal.
pub fn carried<F: Future>(work: F) -> tracing::instrument::Instrumented<F> {
    work.in_current_span()
}
