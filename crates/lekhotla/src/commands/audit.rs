//! `lekhotla audit verify | checkpoint | heads | search`: the tamper-evident trail, checked, signed, published
//! and searched. The walk over the whole chain is in `audit/walk.rs`, the other checks in `audit/check.rs`,
//! signing in `audit/checkpoint.rs`, the heads file in `audit/heads.rs`.

mod check;
pub(super) mod checkpoint;
mod finding;
mod heads;
mod walk;

use std::path::Path;

use crate::output::say;
use anyhow::{Context, bail};
use lekhotla_audit::{CheckpointVerifier, PublishedHead};
use lekhotla_storage::{AuditEntry, AuditFilter, Store};
use time::format_description::well_known::Rfc3339;

use crate::cli::AuditCommand;
use crate::db::{self, Create};
use crate::keys;

use check::check;
use finding::Finding;

pub async fn run(url: &str, command: AuditCommand) -> anyhow::Result<()> {
    if let AuditCommand::Checkpoint { allow_key_beside_database } = command {
        keys::ensure_key_apart(url, &keys::audit_key_path(), allow_key_beside_database)?;
    }
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        AuditCommand::Verify { key, against } => verify(&*store, key, against.as_deref()).await,
        AuditCommand::Checkpoint { .. } => checkpoint::run(&*store).await,
        AuditCommand::Heads { key, out } => {
            let key = match key {
                Some(key) => key,
                None => key_file_verifier()?.context(
                    "there is no audit key file to name the heads' public key: pass --key PUBLIC_KEY_HEX (as `audit \
                     checkpoint` printed it) or set LEKHOTLA_AUDIT_KEY_FILE",
                )?,
            };
            heads::run(&*store, &key, out.as_deref()).await
        }
        AuditCommand::Search { actor, record, action, from, to, limit } => {
            let filter = AuditFilter { actor, record, action, from, to };
            let entries = store.search_audit(&filter, limit, 0).await.context("searching the audit trail")?;
            if entries.is_empty() {
                eprintln!("no matching entries");
            }
            for entry in &entries {
                say!("{}", line(entry));
            }
            Ok(())
        }
    }
}

/// The public half of the audit key file, if there is one.
fn key_file_verifier() -> anyhow::Result<Option<CheckpointVerifier>> {
    Ok(keys::load_audit_signer(&keys::audit_key_path())?.map(|signer| signer.verifier()))
}

/// The key to check with: `--key`, else the key of the published heads, else the audit key file's.
fn trusted_key(
    given: Option<CheckpointVerifier>,
    published: &[(usize, PublishedHead)],
) -> anyhow::Result<Option<CheckpointVerifier>> {
    match (given, published.first()) {
        (Some(key), _) => Ok(Some(key)),
        (None, Some((_, head))) => Ok(Some(head.key)),
        (None, None) => key_file_verifier(),
    }
}

async fn verify(store: &dyn Store, key: Option<CheckpointVerifier>, against: Option<&Path>) -> anyhow::Result<()> {
    let published = match against {
        Some(path) => heads::read(path)?,
        None => Vec::new(),
    };
    let key = trusted_key(key, &published)?;
    let mut findings = Vec::new();
    if let (Some(trusted), false) = (key, published.is_empty()) {
        // With heads from off the server, a key file holding another key is itself evidence.
        if let Some(file_key) = key_file_verifier().ok().flatten().filter(|k| *k != trusted) {
            findings.push(Finding::KeyFileReplaced { file_key: file_key.to_hex(), trusted: trusted.to_hex() });
        }
    }
    let intact = match check(store, key.as_ref(), &published).await? {
        Ok(intact) if findings.is_empty() => intact,
        Ok(_) => return broken(&findings),
        Err(found) => {
            findings.extend(found);
            return broken(&findings);
        }
    };
    say!("audit trail intact: {} entries, head #{} {}", intact.entries, intact.head.head_seq, intact.head.head_hash);
    match intact.newest_checkpoint() {
        Some(seq) => say!("{} signed checkpoint(s) hold, the newest at #{seq}", intact.checkpoints.len()),
        None => eprintln!(
            "note: there is no signed checkpoint yet, so entries cut from the end would go unnoticed: run `lekhotla \
             audit checkpoint` regularly (or `serve --checkpoint-hours`)"
        ),
    }
    if let (Some(path), Some(newest)) = (against, published.iter().map(|(_, h)| h.checkpoint.seq).max()) {
        say!("{} published head(s) of {} hold, the newest at #{newest}", published.len(), path.display());
    } else {
        eprintln!(
            "note: checked against the database's own checkpoints only; someone who controls the database (and the \
             audit key) can rewrite both: check with `--against HEADS_FILE`, heads kept off the server"
        );
    }
    Ok(())
}

/// Reports every finding, one a line, and fails.
fn broken(findings: &[Finding]) -> anyhow::Result<()> {
    for finding in findings {
        eprintln!("broken: {finding}");
    }
    let first = findings.first().map(ToString::to_string).unwrap_or_default();
    bail!("the audit trail is NOT intact ({} finding(s)): {first}", findings.len())
}

/// One entry as a line: seq, time, actor, action, record, fields, purpose, tab-separated; `-` for none.
fn line(e: &AuditEntry) -> String {
    let at = e.at.format(&Rfc3339).unwrap_or_else(|_| e.at.to_string());
    let fields = if e.fields.is_empty() { "-".to_owned() } else { e.fields.join(",") };
    [
        e.seq.to_string(),
        at,
        cell(&e.actor),
        e.action.code().to_owned(),
        cell(e.record.as_deref().unwrap_or("-")),
        cell(&fields),
        cell(e.purpose.as_deref().unwrap_or("-")),
    ]
    .join("\t")
}

/// Text with control characters (tabs, line breaks) escaped, so a stored value cannot forge a line or column.
fn cell(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

#[cfg(test)]
mod tests {
    use lekhotla_audit::{Action, Chain, NewEntry};
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_line_has_seven_columns_whatever_the_purpose_says() {
        let mut chain = Chain::genesis();
        let entry = chain.append(
            NewEntry::new(datetime!(2026-03-02 08:00 UTC), "user/1", Action::SealedRead)
                .record("case/2")
                .fields(["victim.name", "victim.phone"])
                .purpose("synthetic\tpurpose\n99\tforged"),
        );
        let text = line(&entry);
        assert_eq!(text.split('\t').count(), 7, "{text}");
        assert!(!text.contains('\n'));
        assert!(text.starts_with("1\t2026-03-02T08:00:00Z\tuser/1\tsealed.read\tcase/2\tvictim.name,victim.phone\t"));
    }
}
