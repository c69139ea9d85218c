//! `lekhotla audit heads [--out FILE]`: every signed checkpoint as a head line (format in
//! `lekhotla_audit::published`), for the auditor to keep off the server; appended to FILE over time, never
//! rewriting what it already holds. Also reads a heads file for `audit verify --against`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use lekhotla_audit::{CheckpointVerifier, PublishedHead};
use lekhotla_storage::Store;

use crate::output::say;

/// The first line of a new heads file.
const HEADER: &str = "# lekhotla audit heads: one signed checkpoint a line, appended by `lekhotla audit heads --out`; \
                      check with `lekhotla audit verify --against` this file";

/// The heads in `path`, with their line numbers; an empty or damaged file is an error naming the line.
pub fn read(path: &Path) -> anyhow::Result<Vec<(usize, PublishedHead)>> {
    let heads = parse(path)?;
    if heads.is_empty() {
        bail!("the heads file {} holds no head line, so it vouches for nothing", path.display());
    }
    Ok(heads)
}

/// The heads in `path`, possibly none.
fn parse(path: &Path) -> anyhow::Result<Vec<(usize, PublishedHead)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading the heads file {}", path.display()))?;
    PublishedHead::parse_file(&text).with_context(|| format!("the heads file {}", path.display()))
}

/// Prints every stored checkpoint as a head line, or appends to `out` those it does not hold yet.
pub async fn run(store: &dyn Store, key: &CheckpointVerifier, out: Option<&Path>) -> anyhow::Result<()> {
    let mut stored = store.checkpoints().await.context("reading the audit checkpoints")?;
    stored.sort_by_key(|c| c.seq);
    let mut heads = Vec::with_capacity(stored.len());
    for checkpoint in stored {
        let head = PublishedHead::new(checkpoint, *key).with_context(|| {
            format!(
                "the stored checkpoint at seq {} is not signed by the audit key {}: nothing was exported; run \
                 `lekhotla audit verify`",
                checkpoint.seq,
                key.to_hex()
            )
        })?;
        heads.push(head);
    }
    let Some(out) = out else {
        for head in &heads {
            say!("{head}");
        }
        return Ok(());
    };
    let exists = out.exists();
    let held = if exists { parse(out)? } else { Vec::new() };
    let stored_by_seq: BTreeMap<u64, &PublishedHead> = heads.iter().map(|h| (h.checkpoint.seq, h)).collect();
    for (line, head) in &held {
        if stored_by_seq.get(&head.checkpoint.seq) != Some(&head) {
            bail!(
                "line {line} of {} (the head at seq {}) is no longer among the database's checkpoints as it was \
                 published: nothing was appended; run `lekhotla audit verify --against {}`",
                out.display(),
                head.checkpoint.seq,
                out.display()
            );
        }
    }
    let new: Vec<&PublishedHead> =
        heads.iter().filter(|h| !held.iter().any(|(_, kept)| kept.checkpoint.seq == h.checkpoint.seq)).collect();
    let mut text = String::new();
    if !exists {
        text.push_str(HEADER);
        text.push('\n');
    }
    for head in &new {
        text.push_str(&head.to_string());
        text.push('\n');
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(out)
        .with_context(|| format!("opening the heads file {}", out.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing the heads file {}", out.display()))?;
    say!("{} new head(s) appended to {} ({} in all)", new.len(), out.display(), held.len() + new.len());
    Ok(())
}
