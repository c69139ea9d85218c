//! `lekhotla keys rotate`: a new data key, and every sealed value re-encrypted under it, in batches,
//! with a progress bar. Interrupted, it is run again: it sees values still under the older key and
//! finishes that rotation instead of starting another. At the end no value uses an older key.

use crate::output::say;
use std::sync::Arc;

use anyhow::{Context, bail};
use lekhotla_crypto::MasterKey;
use lekhotla_storage::{Action, Store};

use crate::db::{self, Create};
use crate::progress;

/// Rows per re-encryption transaction.
const BATCH: u32 = 500;

pub async fn rotate(url: &str) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    let keyring = crate::keys::open_keyring(&*store, false).await?;
    let mut current = keyring.current();
    store.use_keyring(Arc::new(keyring));
    store.seal_plaintext().await.context("sealing values written before they were sealed")?;
    let pending = store.count_sealed_under_other_keys().await.context("counting sealed values")?;
    if pending > 0 {
        say!("an earlier rotation to key {current} was not finished: finishing it");
    } else {
        // The keyring is not copied (it holds secrets): a second one, opened the same way, is rotated.
        let mut keyring = crate::keys::open_keyring(&*store, false).await?;
        let path = crate::keys::master_key_path();
        let master =
            MasterKey::load(&path).with_context(|| format!("reading the master key file {}", path.display()))?;
        let wrapped = keyring.rotate(&master).context("making the new data key")?;
        let note = db::cli_entry(Action::KeyRotate).record(format!("key/{}", wrapped.id));
        store.add_wrapped_keys(std::slice::from_ref(&wrapped)).await.context("storing the new data key")?;
        store.append_audit(note).await.context("auditing the rotation")?;
        current = keyring.current();
        store.use_keyring(Arc::new(keyring));
        say!("new data key {}: re-encrypting every sealed value under it", wrapped.id);
    }
    reseal_all(&*store).await?;
    let left = store.count_sealed_under_other_keys().await.context("counting sealed values")?;
    if left > 0 {
        bail!("{left} sealed values are still under an older key; run `lekhotla keys rotate` again");
    }
    say!("done: every sealed value is under key {current}");
    Ok(())
}

/// Walks the whole registry once, re-sealing what is not under the current key.
async fn reseal_all(store: &dyn Store) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let (mut rows, mut values) = (0_u64, 0_u64);
    let total = store.count_sealed_under_other_keys().await.context("counting sealed values")?;
    let bar = progress::bar(total, "re-encrypting sealed values");
    let mut after = None;
    loop {
        let batch = store.reseal_batch(after, BATCH).await.context("re-encrypting a batch")?;
        bar.inc(batch.resealed);
        rows += batch.scanned;
        values += batch.resealed;
        match batch.last {
            Some(last) => after = Some(last),
            None => break,
        }
    }
    bar.finish_and_clear();
    say!("re-encrypted {values} values in {rows} rows in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
