//! `lekhotla report`: the TIP report of a period and area in a file (CSV, JSON, XLSX, PDF), computed now or
//! as frozen; freezing a report (signed with the audit key); the frozen reports.

use std::io::Write;

use anyhow::{Context, bail};
use lekhotla_report::frozen::{self, Signed};
use lekhotla_report::{Disclosure, DisclosureLevel, Report, compute};
use lekhotla_storage::{Action, Store};
use uuid::Uuid;

use crate::cli::{ReportCommand, ReportFormat};
use crate::db::{self, Create};
use crate::keys;
use crate::output::say;
use crate::progress;

pub async fn run(url: &str, command: ReportCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        ReportCommand::Tip { what, only_victims: true, .. } => {
            let period = what.period.context("--period is needed")?;
            let rows = compute::victims_by_sex_age_form_district(&*store, period, &what.area()?).await?;
            let entry = db::cli_entry(Action::Export)
                .record("report/tip-victims")
                .fields([format!("period:{}", period.code()), "level:unsuppressed".to_owned()])
                .purpose("report");
            store.append_audit(entry).await.context("writing the report's audit entry")?;
            say!("sex,age_band,form,district,victims");
            for (sex, band, form, district, n) in rows {
                say!("{sex},{band},{form},{district},{n}");
            }
            Ok(())
        }
        ReportCommand::Tip { frozen: Some(id), output, .. } => {
            let id: Uuid = id.parse().with_context(|| format!("{id:?} is not a frozen report's id"))?;
            let installation = keys::load_audit_signer(&keys::audit_key_path())?.map(|s| s.verifier());
            let (doc, signed) = frozen::load(&*store, id, installation.as_ref()).await?;
            let level: DisclosureLevel = output.level.into();
            if signed == Signed::ByAnotherKey {
                eprintln!("note: the report is signed, but not with this installation's audit key");
            }
            let cmp = frozen::compare(&*store, &doc, level).await?;
            eprintln!(
                "frozen {} by {}; since then {} case(s) of its area were added or changed, and {} figure(s) differ now",
                doc.frozen_at,
                doc.frozen_by,
                cmp.cases_total,
                cmp.changes.len()
            );
            for c in cmp.changes.iter().take(20) {
                eprintln!("  {} / {} / {}: {} then, {} now", c.table_title, c.row, c.column, c.frozen, c.now);
            }
            audited(&*store, &doc.at(level).clone(), output.format).await?;
            write(doc.at(level), output.format, output.out.as_deref())
        }
        ReportCommand::Tip { what, frozen: None, output, .. } => {
            let period = what.period.context("--period is needed")?;
            let mut rule = Disclosure::of(output.level.into());
            if let Some(k) = output.threshold {
                if rule.level == DisclosureLevel::Unsuppressed {
                    bail!("--threshold does not apply to an unsuppressed report");
                }
                rule.threshold = k;
                rule.protection = k;
            }
            let spin = progress::spinner("computing the report");
            let report = compute::tip(&*store, period, &what.area()?, rule).await;
            spin.finish_and_clear();
            let report = report?;
            audited(&*store, &report, output.format).await?;
            write(&report, output.format, output.out.as_deref())
        }
        ReportCommand::Freeze { what, by } => {
            let period = what.period.context("--period is needed")?;
            let (signer, created) = keys::load_or_create_audit_signer(&keys::audit_key_path())?;
            if created {
                eprintln!("created the audit key file {} (mode 0600)", keys::audit_key_path().display());
            }
            let spin = progress::spinner("computing and freezing the report");
            let entry = db::cli_entry(Action::Export).purpose("freeze-report");
            let doc =
                frozen::freeze(&*store, period, &what.area()?, &by, &signer, entry, time::OffsetDateTime::now_utc())
                    .await;
            spin.finish_and_clear();
            let doc = doc?;
            say!("{}", doc.id);
            eprintln!(
                "frozen: {} {} {} by {}, signed with the key {}",
                doc.kind,
                doc.period.code(),
                doc.area,
                doc.frozen_by,
                signer.verifier().to_hex()
            );
            Ok(())
        }
        ReportCommand::List => {
            let all = store.frozen_reports().await?;
            if all.is_empty() {
                eprintln!("no report has been frozen");
            }
            for r in all {
                let at = r.frozen_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
                say!("{}\t{}\t{}..{}\t{}\t{}\t{}", r.id, r.kind, r.period_from, r.period_to, r.area, at, r.frozen_by);
            }
            Ok(())
        }
    }
}

/// The audit trail records every report that leaves the system, with its level.
async fn audited(store: &dyn Store, report: &Report, format: ReportFormat) -> anyhow::Result<()> {
    let level = report.disclosure.level.code();
    let entry = db::cli_entry(Action::Export)
        .record(format!("report/{}", report.kind))
        .fields([
            format!("period:{}", report.period.code()),
            format!("scope:{}", lekhotla_report::csv::scope_code(&report.scope)),
            format!("level:{level}"),
            format!("format:{format:?}").to_lowercase(),
        ])
        .purpose("report");
    store.append_audit(entry).await.context("writing the report's audit entry")?;
    Ok(())
}

/// Writes the report in the format, to the file or to standard output.
fn write(report: &Report, format: ReportFormat, out: Option<&std::path::Path>) -> anyhow::Result<()> {
    let bytes = render(report, format)?;
    match out {
        Some(path) => {
            let tmp = path.with_extension("partial");
            std::fs::write(&tmp, &bytes).with_context(|| format!("writing {}", tmp.display()))?;
            std::fs::rename(&tmp, path).with_context(|| format!("moving the report to {}", path.display()))?;
            eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
            Ok(())
        }
        None if matches!(format, ReportFormat::Xlsx | ReportFormat::Pdf) => {
            bail!("an XLSX or PDF report needs --out FILE")
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(&bytes).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("writing the report"),
            }
        }
    }
}

/// The report's bytes in a format.
pub fn render(report: &Report, format: ReportFormat) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        ReportFormat::Csv => lekhotla_report::csv::csv(report).into_bytes(),
        ReportFormat::Json => {
            let mut v = serde_json::to_vec_pretty(report)?;
            v.push(b'\n');
            v
        }
        ReportFormat::Xlsx => lekhotla_report_files::xlsx(report).context("writing the XLSX file")?,
        ReportFormat::Pdf => lekhotla_report_files::pdf(report).context("writing the PDF file")?,
    })
}
