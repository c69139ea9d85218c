//! `lekhotla digest send` and `lekhotla digest address`: the daily e-mail of referrals past their deadline,
//! composed by `lekhotla_web::digest` in each person's language and handed to an SMTP relay; and where each
//! person's digest goes.

use anyhow::{Context, bail};
use lekhotla_identity::Username;
use lekhotla_storage::Action;
use lekhotla_storage::deadlines::Contact;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::cli::DigestCommand;
use crate::db::{self, Create};
use crate::output::say;

pub async fn run(url: &str, command: DigestCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        DigestCommand::Send { smtp, from, base_url, dry_run } => {
            let geography = db::geography(&*store).await?;
            let mails = lekhotla_web::digest::compose(&*store, &geography, super::today(), base_url.as_deref())
                .await
                .context("composing the digests")?;
            if dry_run {
                for m in &mails {
                    say!("To: {} ({}, {})\nSubject: {}\n\n{}", m.to, m.username, m.lang.tag(), m.subject, m.body);
                }
                say!("{} digests composed, none sent (--dry-run)", mails.len());
                return Ok(());
            }
            let Some(smtp) = smtp else {
                bail!("--smtp (or LEKHOTLA_SMTP_URL) is needed to send the digests; --dry-run prints them")
            };
            let relay = Relay::new(&smtp, &from)?;
            let (sent, failed) = relay.send(&mails).await?;
            say!("{sent} digests sent, {failed} not sent");
            if failed > 0 {
                bail!("{failed} digests were not sent (see the log)");
            }
            Ok(())
        }
        DigestCommand::Address { username, email, language, remove } => {
            let name = Username::parse(&username).with_context(|| format!("{username:?} is not a username"))?;
            let Some(user) = store.find_user(&name).await? else { bail!("no account has the username {name}") };
            let contact = if remove {
                None
            } else {
                let typed = email.unwrap_or_default();
                let email = match lekhotla_domain::EmailAddress::parse(&typed) {
                    Ok(e) if e.as_str().parse::<Mailbox>().is_ok() => e.to_string(),
                    Ok(_) => bail!("--email {typed:?} is not an e-mail address"),
                    Err(why) => bail!("--email {typed:?} is not an e-mail address: it {why}"),
                };
                if !matches!(language.as_str(), "en" | "st") {
                    bail!("--language must be en (English) or st (Sesotho), not {language:?}");
                }
                Some(Contact { user: user.id.0, email, language })
            };
            let entry = db::cli_entry(Action::UserUpdate).record(format!("user/{}", user.id.0)).fields(["digest"]);
            let removed = contact.is_none();
            store.set_contact(user.id.0, contact, entry).await?;
            if removed {
                say!("{name} gets no digest");
            } else {
                say!("{name}'s digest address is set");
            }
            Ok(())
        }
    }
}

/// An SMTP relay and the sender's address: where digests are handed on.
pub struct Relay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Relay {
    /// The relay of `smtp://HOST[:PORT]`, sending as `from`.
    pub fn new(smtp: &str, from: &str) -> anyhow::Result<Relay> {
        let from: Mailbox = from.parse().with_context(|| format!("--from {from:?} is not an e-mail address"))?;
        let (host, port) = relay_of(smtp)?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).build();
        Ok(Relay { transport, from })
    }

    /// Sends each digest; gives how many were sent and how many not (each one not sent is logged, by username).
    pub async fn send(&self, mails: &[lekhotla_web::digest::Mail]) -> anyhow::Result<(usize, usize)> {
        let (mut sent, mut failed) = (0, 0);
        for m in mails {
            let to: Mailbox = match m.to.parse() {
                Ok(to) => to,
                Err(e) => {
                    tracing::warn!(user = %m.username, error = %e, "a digest address is not an e-mail address");
                    failed += 1;
                    continue;
                }
            };
            let message = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(&m.subject)
                .header(ContentType::TEXT_PLAIN)
                .body(m.body.clone())
                .context("building a digest")?;
            match self.transport.send(message).await {
                Ok(_) => sent += 1,
                Err(e) => {
                    tracing::warn!(user = %m.username, error = %e, "a digest was not sent");
                    failed += 1;
                }
            }
        }
        Ok((sent, failed))
    }
}

/// The relay's host and port from `smtp://HOST[:PORT]` (port 25 when absent).
fn relay_of(url: &str) -> anyhow::Result<(String, u16)> {
    let bad = || anyhow::anyhow!("--smtp {url:?} is not an SMTP relay's URL (smtp://HOST:PORT)");
    let rest = url.trim().strip_prefix("smtp://").ok_or_else(bad)?.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, port.parse::<u16>().map_err(|_| bad())?),
        None => (rest, 25),
    };
    if host.is_empty() || host.contains(['/', '@', ' ']) {
        return Err(bad());
    }
    Ok((host.to_owned(), port))
}

#[cfg(test)]
mod tests {
    use super::relay_of;

    #[test]
    fn a_relay_is_a_host_and_a_port() {
        assert_eq!(relay_of("smtp://127.0.0.1:2525").unwrap(), ("127.0.0.1".to_owned(), 2525));
        assert_eq!(relay_of("smtp://mail.local").unwrap(), ("mail.local".to_owned(), 25));
        for bad in ["127.0.0.1:25", "smtp://:25", "smtp://user@host:25", "smtp://host:port", "smtps://host"] {
            assert!(relay_of(bad).is_err(), "{bad}");
        }
    }
}
