//! `lekhotla org list` and `lekhotla org add`: the organisations users belong to and cases are referred to.

use crate::output::say;
use anyhow::{Context, bail};
use lekhotla_domain::{OrgId, Organisation, OrganisationInput};
use lekhotla_storage::{Action, Store};

use crate::cli::OrgCommand;
use crate::db::{self, Create};

pub async fn run(url: &str, command: OrgCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        OrgCommand::List => {
            for org in store.list_organisations().await.context("reading organisations")? {
                say!("{}\t{}", org.id, org.details.name);
            }
            Ok(())
        }
        OrgCommand::Add { name, org_type, district, city, phone, services } => {
            let geography = db::geography(&*store).await?;
            if let Some(d) = &district
                && !geography.is_district(d)
            {
                bail!("--district: {d} is not a district; known: {}", db::district_codes(&geography));
            }
            let input = OrganisationInput {
                name: name.trim().to_owned(),
                org_type,
                district,
                services,
                phone: phone.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()),
                street: None,
                city: city.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()),
                postal_code: None,
                latitude: None,
                longitude: None,
                country: geography.country_code(),
            };
            let org = Organisation::new(input).context("the organisation is not valid")?;
            let note = db::cli_entry(Action::OrgCreate).record(format!("organisation/{}", org.id));
            store.create_organisation(&org, note).await.context("registering the organisation")?;
            say!("{}", org.id);
            Ok(())
        }
    }
}

/// The organisation a command line names: its id, or its exact name when that is unique.
pub async fn find(store: &dyn Store, given: &str) -> anyhow::Result<Organisation> {
    if let Ok(id) = given.trim().parse::<OrgId>() {
        return store
            .get_organisation(id)
            .await
            .context("reading the organisation")?
            .with_context(|| format!("no organisation has the id {id} (see `lekhotla org list`)"));
    }
    let mut named: Vec<Organisation> = store
        .list_organisations()
        .await
        .context("reading organisations")?
        .into_iter()
        .filter(|o| o.details.name == given.trim())
        .collect();
    match named.len() {
        1 => Ok(named.remove(0)),
        0 => bail!("no organisation is named {given:?} (see `lekhotla org list`; give its id or exact name)"),
        n => bail!("{n} organisations are named {given:?}: give the id instead (see `lekhotla org list`)"),
    }
}
