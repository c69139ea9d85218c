//! The accounts `serve --demo` creates in a new demo database: one per kind of access, with random
//! passwords printed once on the terminal, so the demonstration can be signed into at once; the
//! coordinator and the focal point enrol their authenticator from the QR code at their first sign-in.
//! Synthetic, like the data.

use crate::output::say;
use anyhow::Context;
use lekhotla_domain::{OrgType, UnitCode};
use lekhotla_identity::{Password, PasswordHash, RecoveryCodes, Role};
use lekhotla_storage::Store;

use super::user::add::{self, NewUser};

/// Who the demo accounts are: username, role, the kind of organisation they belong to, district.
const ACCOUNTS: [(&str, Role, OrgType, Option<&str>); 5] = [
    ("demo.coordinator", Role::NationalCoordinator, OrgType::CentralGovernmentOrganisation, None),
    ("demo.focal", Role::FocalPoint, OrgType::CentralGovernmentOrganisation, Some("LS-B")),
    ("demo.analyst", Role::DataAnalyst, OrgType::CentralGovernmentOrganisation, None),
    ("demo.auditor", Role::Auditor, OrgType::CentralGovernmentOrganisation, None),
    ("demo.admin", Role::Admin, OrgType::CentralGovernmentOrganisation, None),
];

/// Creates the demo accounts when the database has no user yet, and prints how to sign in.
pub async fn ensure(store: &dyn Store) -> anyhow::Result<()> {
    if !store.list_users().await.context("reading users")?.is_empty() {
        return Ok(());
    }
    let orgs = store.list_organisations().await.context("reading organisations")?;
    say!("Demo accounts (synthetic; the passwords are shown only now, `lekhotla user password` resets one):");
    for (username, role, org_type, district) in ACCOUNTS {
        let org = orgs
            .iter()
            .find(|o| o.details.org_type == org_type)
            .or_else(|| orgs.first())
            .context("the demo data has no organisation")?;
        // A recovery code is 125 random bits in a readable form: a fine one-off password.
        let (mut words, _) = RecoveryCodes::generate(1).context("generating a password")?;
        let password = words.pop().context("generating a password")?;
        let hash = PasswordHash::create(&Password::new(password.clone()).context("the demo password")?)?;
        let new = NewUser {
            username: username.into(),
            org: org.id.to_string(),
            roles: vec![role],
            district: district.map(UnitCode::parse).transpose().context("demo district")?,
            // The newcomer enrols the authenticator from the QR code at the first sign-in.
            enrol_at_sign_in: true,
        };
        let (_, _, enrolment) = add::create(store, new, hash).await?;
        let second = match enrolment {
            Some(e) => format!("code from an authenticator app with secret {} ({})", *e.secret, *e.uri),
            None if role.requires_second_factor() => {
                "then set up an authenticator app from the QR code shown at the first sign-in".to_owned()
            }
            None => "no code needed".to_owned(),
        };
        say!("  {username:<17} {:<21} password {password}  {second}", role.as_str());
    }
    Ok(())
}
