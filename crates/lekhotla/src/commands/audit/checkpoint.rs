//! `lekhotla audit checkpoint`: verifies the trail, signs its head with the Ed25519 audit key, stores the
//! checkpoint and prints it, so the auditor can keep a copy off the server.

use crate::output::say;
use anyhow::{Context, bail};
use lekhotla_storage::{Action, DbError, Store};
use time::format_description::well_known::Rfc3339;

use crate::db;
use crate::keys;

pub async fn run(store: &dyn Store) -> anyhow::Result<()> {
    let path = keys::audit_key_path();
    let (signer, created) = keys::load_or_create_audit_signer(&path)?;
    if created {
        eprintln!(
            "created the audit key file {} (mode 0600): keep it safe, and the public key below somewhere else",
            path.display()
        );
    }
    let verifier = signer.verifier();
    // Signing a broken trail would vouch for it: verify first, and sign only the head that was verified.
    let intact = match super::walk(store, Some(&verifier)).await? {
        Ok(intact) => intact,
        Err(broken) => bail!("the audit trail is NOT intact, so no checkpoint was signed: {broken}"),
    };
    let checkpoint = signer.sign_head(&intact.head, crate::commands::now());
    match store.save_checkpoint(&checkpoint).await {
        Ok(()) => {}
        Err(DbError::Conflict(_)) => bail!("entry #{} has a signed checkpoint already", checkpoint.seq),
        Err(e) => return Err(e).context("storing the checkpoint"),
    }
    let note = db::cli_entry(Action::Checkpoint).record(format!("checkpoint/{}", checkpoint.seq));
    store.append_audit(note).await.context("recording the checkpoint in the audit trail")?;

    say!("seq: {}", checkpoint.seq);
    say!("hash: {}", checkpoint.head_hash);
    say!("time: {}", checkpoint.at.format(&Rfc3339).unwrap_or_else(|_| checkpoint.at.to_string()));
    say!("signature: {}", checkpoint.signature_hex());
    say!("public-key: {}", verifier.to_hex());
    say!(
        "note: keep a copy of these lines off the server; `lekhotla audit verify --key {}` checks the trail \
         against every stored checkpoint",
        verifier.to_hex()
    );
    Ok(())
}
