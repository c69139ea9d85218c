//! [`Deadlines`] for every [`SqlStore`], written once: the setting under optimistic concurrency, the overdue
//! referrals and the response times read from the referrals' columns, the digest's addresses.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{CaseNumber, OrgId, ReferralId, ResponseDeadlines};
use time::Date;

use super::{
    Contact, Deadlines, OverdueQuery, OverdueRow, ResponseRow, SETTING, is_child, next, parse, service, sql, stale,
};
use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore};

#[async_trait]
impl<S: SqlStore> Deadlines for S {
    async fn read_deadlines(&self) -> Result<ResponseDeadlines, DbError> {
        match self.fetch_one(Reads::Pool, sql::GET, args![SETTING]).await? {
            None => Ok(ResponseDeadlines::default()),
            Some(r) => parse(r.int("version")?, &r.text("value")?),
        }
    }

    async fn write_deadlines(&self, d: &ResponseDeadlines, entry: NewEntry) -> Result<ResponseDeadlines, DbError> {
        let (next, value) = next(d)?;
        let statement = if d.version == 0 { sql::INSERT } else { sql::UPDATE };
        let mut tx = self.begin_write().await?;
        if self.execute_in(&mut tx, statement, args![SETTING, next.version, value]).await? == 0 {
            return Err(stale(d.version));
        }
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await?;
        Ok(next)
    }

    async fn overdue_referrals(&self, d: &ResponseDeadlines, q: &OverdueQuery) -> Result<Vec<OverdueRow>, DbError> {
        let rows = self.fetch(Reads::Pool, &sql::overdue(S::DIALECT, d, q), Vec::new()).await?;
        rows.iter()
            .map(|r| {
                Ok(OverdueRow {
                    referral: ReferralId(r.id("id")?),
                    case_number: CaseNumber::parse(&r.text("number")?).map_err(DbError::other)?,
                    service: service(&r.text("service")?)?,
                    from_org: OrgId(r.id("from_org")?),
                    to_org: OrgId(r.id("to_org")?),
                    district: r.opt_text("district")?.unwrap_or_default(),
                    sent_on: r.date("sent_on")?,
                    child: is_child(&r.opt_text("age_group")?.unwrap_or_default()),
                })
            })
            .collect()
    }

    async fn referral_responses(&self, from: Date, to: Date) -> Result<Vec<ResponseRow>, DbError> {
        let rows = self.fetch(Reads::Pool, &sql::responses(S::DIALECT, from, to), Vec::new()).await?;
        rows.iter()
            .map(|r| {
                Ok(ResponseRow {
                    service: service(&r.text("service")?)?,
                    to_org: OrgId(r.id("to_org")?),
                    district: r.opt_text("district")?.unwrap_or_default(),
                    child: is_child(&r.opt_text("age_group")?.unwrap_or_default()),
                    sent_on: r.date("sent_on")?,
                    responded_on: r.opt_date("responded_on")?,
                })
            })
            .collect()
    }

    async fn contacts(&self) -> Result<Vec<Contact>, DbError> {
        let rows = self.fetch(Reads::Pool, sql::CONTACTS, Vec::new()).await?;
        rows.iter()
            .map(|r| Ok(Contact { user: r.id("user_id")?, email: r.text("email")?, language: r.text("language")? }))
            .collect()
    }

    async fn set_contact(&self, user: uuid::Uuid, contact: Option<Contact>, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.begin_write().await?;
        self.execute_in(&mut tx, sql::DELETE_CONTACT, args![user]).await?;
        if let Some(c) = contact {
            self.execute_in(&mut tx, sql::INSERT_CONTACT, args![c.user, c.email, c.language]).await?;
        }
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }
}
