//! `lekhotla audit checkpoint`: checks the trail, signs its head with the Ed25519 audit key, stores the
//! checkpoint with its audit entry and prints it, with its head line for the heads file kept off the server.

use crate::output::say;
use anyhow::{Context, bail};
use lekhotla_audit::PublishedHead;
use lekhotla_storage::{Action, DbError, Store};
use time::format_description::well_known::Rfc3339;

use crate::db;
use crate::keys;

pub async fn run(store: &dyn Store) -> anyhow::Result<()> {
    let path = keys::audit_key_path();
    let legacy = std::path::Path::new(keys::LEGACY_AUDIT_KEY_FILE);
    if std::env::var_os(keys::AUDIT_KEY_FILE_ENV).is_none() && !path.exists() && legacy.exists() {
        bail!(
            "the audit key is at its old place, {} beside the database; move it out of the database's folder to {} \
             (or set {} to where you keep it), so that no new key is made",
            legacy.display(),
            path.display(),
            keys::AUDIT_KEY_FILE_ENV
        );
    }
    let (signer, created) = keys::load_or_create_audit_signer(&path)?;
    if created {
        eprintln!(
            "created the audit key file {} (mode 0600): keep it safe and away from the database, and the public \
             key below somewhere else",
            path.display()
        );
    }
    let verifier = signer.verifier();
    // Signing a broken trail would vouch for it: check first, and sign only the head that was verified.
    let intact = match super::check(store, Some(&verifier), &[]).await? {
        Ok(intact) => intact,
        Err(findings) => {
            let all: Vec<String> = findings.iter().map(ToString::to_string).collect();
            bail!("the audit trail is NOT intact, so no checkpoint was signed: {}", all.join("; "))
        }
    };
    let checkpoint = signer.sign_head(&intact.head, crate::commands::now());
    let note = db::cli_entry(Action::Checkpoint).record(format!("checkpoint/{}", checkpoint.seq));
    match store.save_checkpoint(&checkpoint, note).await {
        Ok(_) => {}
        Err(DbError::Conflict(_)) => bail!("entry #{} has a signed checkpoint already", checkpoint.seq),
        Err(e) => return Err(e).context("storing the checkpoint and its audit entry"),
    }

    say!("seq: {}", checkpoint.seq);
    say!("hash: {}", checkpoint.head_hash);
    say!("time: {}", checkpoint.at.format(&Rfc3339).unwrap_or_else(|_| checkpoint.at.to_string()));
    say!("signature: {}", checkpoint.signature_hex());
    say!("public-key: {}", verifier.to_hex());
    if let Some(head) = PublishedHead::new(checkpoint, verifier) {
        say!("{head}");
    }
    say!(
        "note: keep the lekhotla-audit-head line off the server (or export them all with `lekhotla audit heads --out \
         FILE`); `lekhotla audit verify --against FILE` checks the trail against them"
    );
    Ok(())
}
