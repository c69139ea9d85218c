//! `lekhotla migrate` (alias `init`): creates the database or brings its schema up to date, loads the geography,
//! and makes sure the master key file and the database's wrapped data keys exist.

use crate::output::say;
use std::path::Path;

use crate::db::{self, Create};

pub async fn run(url: &str, geography: Option<&Path>) -> anyhow::Result<()> {
    let (store, _) = db::open_sealed(url, Create::Allowed).await?;
    let g = db::ensure_geography(&*store, geography).await?;
    say!(
        "database ready ({}): schema up to date, geography of {} with {} districts and {} ports of entry; \
         master key file {}",
        store.backend(),
        g.country().name,
        g.districts().count(),
        g.ports_of_entry().count(),
        crate::keys::master_key_path().display()
    );
    Ok(())
}
