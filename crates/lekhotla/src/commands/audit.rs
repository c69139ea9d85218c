//! `lekhotla audit verify | checkpoint | search`: the tamper-evident trail, checked, signed and searched.
//! The walk over the whole chain is in `audit/walk.rs`, signing in `audit/checkpoint.rs`.

pub(super) mod checkpoint;
mod walk;

use crate::output::say;
use anyhow::{Context, bail};
use lekhotla_audit::CheckpointVerifier;
use lekhotla_storage::{AuditEntry, AuditFilter, Store};
use time::format_description::well_known::Rfc3339;

use crate::cli::AuditCommand;
use crate::db::{self, Create};
use crate::keys;

use walk::walk;

pub async fn run(url: &str, command: AuditCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        AuditCommand::Verify { key } => verify(&*store, key).await,
        AuditCommand::Checkpoint => checkpoint::run(&*store).await,
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

async fn verify(store: &dyn Store, key: Option<CheckpointVerifier>) -> anyhow::Result<()> {
    let key = match key {
        Some(key) => Some(key),
        None => keys::load_audit_signer(&keys::audit_key_path())?.map(|signer| signer.verifier()),
    };
    match walk(store, key.as_ref()).await? {
        Ok(intact) => {
            say!(
                "audit trail intact: {} entries, head #{} {}",
                intact.entries,
                intact.head.head_seq,
                intact.head.head_hash
            );
            match intact.newest_checkpoint {
                Some(seq) => say!("{} signed checkpoint(s) hold, the newest at #{seq}", intact.checkpoints),
                None => eprintln!(
                    "note: there is no signed checkpoint yet, so entries cut from the end would go unnoticed: \
                     run `lekhotla audit checkpoint` regularly"
                ),
            }
            Ok(())
        }
        Err(broken) => bail!("the audit trail is NOT intact: {broken}"),
    }
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
