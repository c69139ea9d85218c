//! `lekhotla user`: create, list and disable accounts and set passwords. Creating one is in `user/add.rs`.

pub(super) mod add;

use crate::output::say;
use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use lekhotla_identity::{Password, PasswordHash, Username};
use lekhotla_storage::{Action, Store, UserAccount};
use zeroize::Zeroizing;

use crate::cli::UserCommand;
use crate::db::{self, Create};

pub async fn run(url: &str, command: UserCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        UserCommand::Add { username, org, roles, district, password_stdin: _, enrol_at_sign_in } => {
            add::run(&*store, add::NewUser { username, org, roles, district, enrol_at_sign_in }).await
        }
        UserCommand::List => {
            for user in store.list_users().await.context("reading users")? {
                let state = if user.is_active() { "active" } else { "disabled" };
                say!("{}\t{}\t{}\t{state}", user.username, user.roles, user.organisation);
            }
            Ok(())
        }
        UserCommand::Disable { username } => {
            let user = find(&*store, &username).await?;
            if !user.is_active() {
                say!("{} was already disabled", user.username);
                return Ok(());
            }
            let note = db::cli_entry(Action::UserUpdate).record(format!("user/{}", user.id)).fields(["disabled"]);
            store.disable_user(user.id, super::now(), note).await.context("disabling the user")?;
            say!("disabled {}: their sessions ended and their API tokens are revoked", user.username);
            Ok(())
        }
        UserCommand::ResetTotp { username } => {
            let user = find(&*store, &username).await?;
            if !user.roles.requires_second_factor() {
                bail!("{} has roles that see no case content and sign in without a code", user.username);
            }
            let keyring = crate::keys::open_keyring(&*store, false).await?;
            let (sealed, enrolment, hashes) = add::enrol(&keyring, user.id, &user.username)?;
            let note = db::cli_entry(Action::UserUpdate)
                .record(format!("user/{}", user.id))
                .fields(["totp_secret", "recovery_codes"]);
            store
                .replace_second_factor(user.id, &sealed, &hashes, super::now(), note)
                .await
                .context("replacing the second factor")?;
            say!("new second factor for {}: the old one no longer works and their sessions ended", user.username);
            add::print_enrolment(&user.username, &enrolment);
            Ok(())
        }
        UserCommand::Password { username, password_stdin: _ } => {
            let user = find(&*store, &username).await?;
            let hash = new_password_hash(user.username.as_str())?;
            let note = db::cli_entry(Action::UserUpdate).record(format!("user/{}", user.id)).fields(["password"]);
            store.set_password(user.id, &hash, super::now(), note).await.context("setting the password")?;
            say!("new password set for {}: their sessions ended", user.username);
            Ok(())
        }
    }
}

/// The account a command line names by username.
pub async fn find(store: &dyn Store, given: &str) -> anyhow::Result<UserAccount> {
    let username = Username::parse(given).with_context(|| format!("{given:?} is not a username"))?;
    store
        .find_user(&username)
        .await
        .context("reading the user")?
        .with_context(|| format!("there is no user {username} (see `lekhotla user list`)"))
}

/// Reads `username`'s new password from the first line of standard input, checks the policy and hashes it.
pub fn new_password_hash(username: &str) -> anyhow::Result<PasswordHash> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("type the password and press Enter (it is shown as you type; pipe it in to avoid that):");
    }
    let mut line = Zeroizing::new(String::new());
    stdin.lock().read_line(&mut line).context("reading the password from standard input")?;
    let len = line.trim_end_matches(['\n', '\r']).len();
    line.truncate(len);
    if line.is_empty() {
        bail!("no password on standard input: give it as the first line (e.g. from a password manager's pipe)");
    }
    let password = Password::for_user(std::mem::take(&mut *line), username)
        .context("the password does not meet the password policy")?;
    PasswordHash::create(&password).context("hashing the password")
}
