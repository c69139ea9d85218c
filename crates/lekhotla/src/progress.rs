//! Progress bars for long work on a terminal (hidden when standard error is not one), and the log's writer that
//! keeps its lines clear of them.

use std::io::Write;
use std::sync::OnceLock;

use indicatif::{MultiProgress, ProgressBar, ProgressState, ProgressStyle};

/// Every bar and spinner is drawn through this one, so that a log line can take them off the terminal, print, and
/// draw them again below it ([`log_line`]).
fn shown() -> &'static MultiProgress {
    static SHOWN: OnceLock<MultiProgress> = OnceLock::new();
    SHOWN.get_or_init(MultiProgress::new)
}

/// One log line to standard error, written whole when the logger drops it, with the bars taken off the terminal
/// meanwhile: printed through a spinner's line, "INFO deferred indexes built" and the spinner garbled each other.
pub struct LogLine(Vec<u8>);

/// The log's writer on a terminal (`tracing_subscriber`'s `MakeWriter`: one per event).
pub fn log_line() -> LogLine {
    LogLine(Vec::new())
}

impl Write for LogLine {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for LogLine {
    fn drop(&mut self) {
        if !self.0.is_empty() {
            // A log line that cannot be written has nowhere to say so.
            shown().suspend(|| std::io::stderr().write_all(&self.0).ok());
        }
    }
}

/// A bar counting `total` items of `what`.
pub fn bar(total: u64, what: &str) -> ProgressBar {
    bar_from(total, 0, what)
}

/// A bar counting `total` items of `what`, `start` of them done already: its rate and time left count from now,
/// not from a jump of `start` items at its first sight.
pub fn bar_from(total: u64, start: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), indicatif::ProgressDrawTarget::hidden());
    let template = format!("{{spinner}} {what} [{{bar:40}}] {{pos}}/{{len}} ({{rate}}, {{eta}} left)");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> ").with_key("rate", rate));
    }
    bar.set_position(start);
    bar.reset_eta();
    shown().add(bar)
}

/// Items a second, whole (indicatif's own `per_sec` shows four decimals: "1,829.6852/s").
fn rate(state: &ProgressState, out: &mut dyn std::fmt::Write) {
    let _ = write!(out, "{}/s", indicatif::HumanCount(state.per_sec().round() as u64));
}

/// A spinner with a message, for work of unknown length.
pub fn spinner(message: &str) -> ProgressBar {
    let s = shown().add(ProgressBar::new_spinner());
    s.set_message(message.to_owned());
    s.enable_steady_tick(std::time::Duration::from_millis(120));
    s
}

/// A bar counting bytes of `what` (of `total` when known, else a spinner showing how many so far).
pub fn bytes(total: Option<u64>, what: &str) -> ProgressBar {
    let (bar, template) = match total {
        Some(total) => (
            shown().add(ProgressBar::new(total)),
            format!("{{spinner}} {what} [{{bar:40}}] {{bytes}}/{{total_bytes}} ({{bytes_per_sec}}, {{eta}} left)"),
        ),
        None => (shown().add(ProgressBar::new_spinner()), format!("{{spinner}} {what}: {{bytes}} ({{bytes_per_sec}})")),
    };
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Runs `import` with a spinner until its first cases are written whole (both stores write every case's own row
/// first, then the records chunk by chunk: a bar would stand at 0 meanwhile and start its rate and time left from
/// nothing), then a bar of the `total` cases, read from `counted` as it goes, then a spinner while it commits and
/// builds the indexes it set aside (none of it visible before the commit: one transaction).
pub async fn while_importing<F: std::future::Future>(
    import: F,
    counted: &lekhotla_storage::ImportProgress,
    total: u64,
) -> F::Output {
    #[derive(PartialEq)]
    enum Phase {
        CaseRows,
        Records,
        Ending,
    }
    let mut phase = Phase::CaseRows;
    let mut shown = spinner("writing cases in one transaction: the cases' own rows first");
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(200));
    tokio::pin!(import);
    let out = loop {
        tokio::select! {
            out = &mut import => break out,
            _ = tick.tick() => {
                let written = counted.cases();
                if phase == Phase::CaseRows && written > 0 && written < total {
                    shown.finish_and_clear();
                    shown = bar_from(total, written, "writing cases in one transaction");
                    phase = Phase::Records;
                }
                if phase == Phase::Records {
                    shown.set_position(written);
                }
                if written >= total && phase != Phase::Ending {
                    shown.finish_and_clear();
                    shown = spinner("committing and building the indexes");
                    phase = Phase::Ending;
                }
            }
        }
    };
    shown.finish_and_clear();
    out
}
