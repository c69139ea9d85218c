//! Progress bars for long work on a terminal (hidden when standard error is not one).

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

/// A bar counting `total` items of `what`.
pub fn bar(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    let template = format!("{{spinner}} {what} [{{bar:40}}] {{pos}}/{{len}} ({{rate}}, {{eta}} left)");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> ").with_key("rate", rate));
    }
    bar
}

/// Items a second, whole (indicatif's own `per_sec` shows four decimals: "1,829.6852/s").
fn rate(state: &ProgressState, out: &mut dyn std::fmt::Write) {
    let _ = write!(out, "{}/s", indicatif::HumanCount(state.per_sec().round() as u64));
}

/// A spinner with a message, for work of unknown length.
pub fn spinner(message: &str) -> ProgressBar {
    let s = ProgressBar::new_spinner();
    s.set_message(message.to_owned());
    s.enable_steady_tick(std::time::Duration::from_millis(120));
    s
}

/// A bar counting bytes of `what` (of `total` when known, else a spinner showing how many so far).
pub fn bytes(total: Option<u64>, what: &str) -> ProgressBar {
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            format!("{{spinner}} {what} [{{bar:40}}] {{bytes}}/{{total_bytes}} ({{bytes_per_sec}}, {{eta}} left)"),
        ),
        None => (ProgressBar::new_spinner(), format!("{{spinner}} {what}: {{bytes}} ({{bytes_per_sec}})")),
    };
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Runs `import` with a bar of the `total` cases it writes, read from `counted` as it goes, then a spinner while
/// it commits and builds the indexes it set aside (none of it visible before the commit: one transaction).
pub async fn while_importing<F: std::future::Future>(
    import: F,
    counted: &lekhotla_storage::ImportProgress,
    total: u64,
) -> F::Output {
    let mut shown = Some(bar(total, "writing cases in one transaction"));
    let mut ending: Option<ProgressBar> = None;
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(200));
    tokio::pin!(import);
    let out = loop {
        tokio::select! {
            out = &mut import => break out,
            _ = tick.tick() => {
                let written = counted.cases();
                if let Some(bar) = &shown {
                    bar.set_position(written);
                }
                if written >= total && ending.is_none() {
                    shown.take().inspect(ProgressBar::finish_and_clear);
                    ending = Some(spinner("committing and building the indexes"));
                }
            }
        }
    };
    shown.inspect(ProgressBar::finish_and_clear);
    ending.inspect(ProgressBar::finish_and_clear);
    out
}
