//! The daily digest: for each person with a digest address (`user_contacts`), the overdue referrals the
//! escalation rule tells them of (`overdue.rs`), written in their language. Composed here; the `lekhotla digest`
//! command sends it over SMTP. Case numbers, services, organisations and days only: no person is named.

use lekhotla_domain::{Geography, Vocabulary};
use lekhotla_storage::{DbError, Store, UserId};
use time::Date;

use crate::i18n::Lang;
use crate::overdue::{Reader, for_reader};

/// The most referrals one digest lists (it says how many more there are on the page).
const LISTED: u32 = 50;

/// One person's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub username: String,
    pub lang: Lang,
    pub subject: String,
    pub body: String,
    /// How many overdue referrals it lists.
    pub count: usize,
}

/// The digests of `today`: one for each active person with an address and at least one overdue referral.
/// `base_url` (the address people open Lekhotla at) makes each case a link.
pub async fn compose(
    store: &dyn Store,
    geography: &Geography,
    today: Date,
    base_url: Option<&str>,
) -> Result<Vec<Mail>, DbError> {
    let deadlines = store.read_deadlines().await?;
    let orgs = store.list_organisations().await?;
    let name = |id| orgs.iter().find(|o| o.id == id).map_or_else(String::new, |o| o.details.name.clone());
    let mut out = Vec::new();
    for contact in store.contacts().await? {
        let Some(user) = store.get_user(UserId(contact.user)).await? else { continue };
        if user.disabled_at.is_some() {
            continue;
        }
        let reader = Reader { roles: &user.roles, organisation: user.organisation, district: user.district.as_ref() };
        let late = for_reader(store, geography, &deadlines, reader, today, LISTED).await?;
        if late.is_empty() {
            continue;
        }
        let lang = Lang::parse(&contact.language).unwrap_or_default();
        let tr = lang.tr();
        let mut body = vec![tr.t1("digest-intro", "count", late.len()), String::new()];
        for l in &late {
            let service = tr.label("lk_ServiceType", l.row.service.code(), l.row.service.label());
            body.push(tr.args(
                "digest-line",
                &[
                    ("case", l.row.case_number.to_string()),
                    ("service", service),
                    ("to", name(l.row.to_org)),
                    ("sent", tr.date(l.row.sent_on)),
                    ("days", l.days_late.to_string()),
                ],
            ));
            body.push(format!("  {}", tr.t(l.reason.message())));
            if let Some(base) = base_url {
                body.push(format!("  {}/cases/{}", base.trim_end_matches('/'), l.row.case_number));
            }
        }
        body.extend([String::new(), tr.t("digest-footer")]);
        out.push(Mail {
            to: contact.email,
            username: user.username.to_string(),
            lang,
            subject: tr.t1("digest-subject", "count", late.len()),
            body: body.join("\n") + "\n",
            count: late.len(),
        });
    }
    Ok(out)
}
