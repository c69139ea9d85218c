//! `lekhotla user add`: a new account, with its TOTP secret sealed and its recovery codes hashed when its roles
//! need a second factor; the secret and codes are printed once, for the administrator to hand over in person.

use crate::output::say;
use anyhow::{Context, bail};
use lekhotla_crypto::FieldRef;
use lekhotla_domain::UnitCode;
use lekhotla_identity::{RecoveryCodes, Role, Roles, TotpSecret, Username};
use lekhotla_storage::{Action, DbError, Store, UserAccount, UserId};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::db;

/// The issuer authenticator apps show next to the account.
const TOTP_ISSUER: &str = "Lekhotla";

/// What the command line gave.
#[derive(Debug)]
pub struct NewUser {
    pub username: String,
    pub org: String,
    pub roles: Vec<Role>,
    pub district: Option<UnitCode>,
    /// No secret now: the person enrols from the QR code at their first sign-in.
    pub enrol_at_sign_in: bool,
}

/// The second factor of a new account, shown once.
pub struct Enrolment {
    pub uri: Zeroizing<String>,
    pub secret: Zeroizing<String>,
    pub codes: Vec<Zeroizing<String>>,
}

pub async fn run(store: &dyn Store, new: NewUser) -> anyhow::Result<()> {
    let password_hash = super::new_password_hash(&new.username)?;
    let (user, org_name, enrolment) = create(store, new, password_hash).await?;
    let username = &user.username;
    say!("id: {}", user.id);
    say!("username: {username}");
    say!("roles: {}", user.roles);
    say!("organisation: {} ({org_name})", user.organisation);
    match enrolment {
        None if user.roles.requires_second_factor() => {
            say!("second factor: enrolled by {username} at their first sign-in, from the QR code the page shows")
        }
        None => say!("second factor: not required (these roles see no case content)"),
        Some(e) => print_enrolment(username, &e),
    }
    Ok(())
}

/// Creates the account (checked, audited) with the given password hash: the user, their organisation's
/// name, and the second factor to hand over when the roles need one.
pub async fn create(
    store: &dyn Store,
    new: NewUser,
    password_hash: lekhotla_identity::PasswordHash,
) -> anyhow::Result<(UserAccount, String, Option<Enrolment>)> {
    let username = Username::parse(&new.username).context("--username")?;
    let roles = Roles::new(new.roles).context("--role")?;
    let geography = db::geography(store).await?;
    match &new.district {
        Some(d) if !geography.is_district(d) => {
            bail!("--district: {d} is not a district; known: {}", db::district_codes(&geography))
        }
        None if roles.contains(Role::FocalPoint) => {
            bail!("a focal point needs --district (one of {})", db::district_codes(&geography))
        }
        _ => {}
    }
    let org = super::super::org::find(store, &new.org).await.context("--org")?;
    if store.find_user(&username).await.context("reading users")?.is_some() {
        bail!("the username {username} is taken");
    }

    let id = UserId(Uuid::now_v7());
    let (sealed, enrolment, recovery_hashes) = if roles.requires_second_factor() && !new.enrol_at_sign_in {
        let keyring = crate::keys::open_keyring(store, false).await?;
        let (sealed, enrolment, hashes) = enrol(&keyring, id, &username)?;
        (Some(sealed), Some(enrolment), hashes)
    } else {
        (None, None, Vec::new())
    };

    let user = UserAccount {
        id,
        version: 1,
        username: username.clone(),
        organisation: org.id,
        roles,
        district: new.district,
        password_hash,
        totp_secret_sealed: sealed,
        totp_last_step: None,
        disabled_at: None,
        created_at: super::super::now(),
    };
    let note = db::cli_entry(Action::UserCreate).record(format!("user/{id}")).fields(audit_fields(&user));
    match store.create_user(&user, &recovery_hashes, note).await {
        Ok(()) => {}
        Err(DbError::Conflict(_)) => bail!("the username {username} is taken"),
        Err(e) => return Err(e).context("creating the user"),
    }

    Ok((user, org.details.name, enrolment))
}

/// A fresh second factor for user `id`: the TOTP secret sealed for storage, what to hand over (shown
/// once), and the recovery codes' hashes.
pub fn enrol(
    keyring: &lekhotla_crypto::Keyring,
    id: UserId,
    username: &Username,
) -> anyhow::Result<(String, Enrolment, Vec<String>)> {
    let secret = TotpSecret::generate().context("generating the TOTP secret")?;
    let base32 = Zeroizing::new(secret.to_base32());
    let record = id.to_string();
    let sealed =
        keyring.seal(FieldRef::new("users", "totp_secret", &record), &base32).context("sealing the TOTP secret")?;
    let (codes, hashes) = RecoveryCodes::generate(RecoveryCodes::DEFAULT_COUNT).context("generating recovery codes")?;
    let enrolment = Enrolment {
        uri: Zeroizing::new(secret.otpauth_uri(TOTP_ISSUER, username.as_str())),
        secret: base32,
        codes: codes.into_iter().map(Zeroizing::new).collect(),
    };
    Ok((sealed, enrolment, hashes))
}

/// Prints a second factor to hand over.
pub fn print_enrolment(username: &Username, e: &Enrolment) {
    say!("otpauth-uri: {}", *e.uri);
    say!("totp-secret: {}", *e.secret);
    for code in &e.codes {
        say!("recovery-code: {}", **code);
    }
    say!(
        "note: hand the otpauth URI (or secret) and the recovery codes to {username} in person; they are not shown again"
    );
}

/// The fields the audit entry names as written: never a value of the password or the second factor.
fn audit_fields(user: &UserAccount) -> Vec<&'static str> {
    let mut fields = vec!["username", "organisation", "roles"];
    if user.district.is_some() {
        fields.push("district");
    }
    fields.push("password");
    if user.totp_secret_sealed.is_some() {
        fields.extend(["totp_secret", "recovery_codes"]);
    }
    fields
}
