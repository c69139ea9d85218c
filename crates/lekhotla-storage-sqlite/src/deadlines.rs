//! Referral deadlines (`lekhotla_storage::deadlines`): the shared SQL, bound and read with SQLite's types
//! (ids and days as text), a write in one `BEGIN IMMEDIATE` transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{CaseNumber, OrgId, ReferralId, ResponseDeadlines};
use lekhotla_storage::deadlines::{Contact, OverdueQuery, OverdueRow, ResponseRow, SETTING, is_child, service, sql};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{DbError, Deadlines};
use time::Date;

use crate::rows::Get;
use crate::{SqliteStore, audit, errors, id_text};

const D: Dialect = Dialect::Sqlite;

#[async_trait]
impl Deadlines for SqliteStore {
    async fn read_deadlines(&self) -> Result<ResponseDeadlines, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql::get(D)))
            .bind(SETTING)
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        match row {
            None => Ok(ResponseDeadlines::default()),
            Some(r) => lekhotla_storage::deadlines::parse(r.int("version")?, &r.text("value")?),
        }
    }

    async fn write_deadlines(&self, d: &ResponseDeadlines, entry: NewEntry) -> Result<ResponseDeadlines, DbError> {
        let (next, value) = lekhotla_storage::deadlines::next(d)?;
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let statement = if d.version == 0 { sql::insert(D) } else { sql::update(D) };
        let done = sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(SETTING)
            .bind(next.version)
            .bind(value)
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            return Err(lekhotla_storage::deadlines::stale(d.version));
        }
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)?;
        Ok(next)
    }

    async fn overdue_referrals(&self, d: &ResponseDeadlines, q: &OverdueQuery) -> Result<Vec<OverdueRow>, DbError> {
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(sql::overdue(D, d, q))).fetch_all(&self.pool).await.map_err(errors::map)?;
        rows.iter()
            .map(|r| {
                Ok(OverdueRow {
                    referral: ReferralId(r.uuid("id")?),
                    case_number: CaseNumber::parse(&r.text("number")?).map_err(DbError::other)?,
                    service: service(&r.text("service")?)?,
                    from_org: OrgId(r.uuid("from_org")?),
                    to_org: OrgId(r.uuid("to_org")?),
                    district: r.opt_text("district")?.unwrap_or_default(),
                    sent_on: r.date("sent_on")?,
                    child: is_child(&r.opt_text("age_group")?.unwrap_or_default()),
                })
            })
            .collect()
    }

    async fn referral_responses(&self, from: Date, to: Date) -> Result<Vec<ResponseRow>, DbError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql::responses(D, from, to)))
            .fetch_all(&self.pool)
            .await
            .map_err(errors::map)?;
        rows.iter()
            .map(|r| {
                Ok(ResponseRow {
                    service: service(&r.text("service")?)?,
                    to_org: OrgId(r.uuid("to_org")?),
                    district: r.opt_text("district")?.unwrap_or_default(),
                    child: is_child(&r.opt_text("age_group")?.unwrap_or_default()),
                    sent_on: r.date("sent_on")?,
                    responded_on: r.opt_date("responded_on")?,
                })
            })
            .collect()
    }

    async fn contacts(&self) -> Result<Vec<Contact>, DbError> {
        let rows = sqlx::query(sql::CONTACTS).fetch_all(&self.pool).await.map_err(errors::map)?;
        rows.iter()
            .map(|r| Ok(Contact { user: r.uuid("user_id")?, email: r.text("email")?, language: r.text("language")? }))
            .collect()
    }

    async fn set_contact(&self, user: uuid::Uuid, contact: Option<Contact>, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        sqlx::query(sqlx::AssertSqlSafe(sql::delete_contact(D)))
            .bind(id_text(user))
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        if let Some(c) = contact {
            sqlx::query(sqlx::AssertSqlSafe(sql::insert_contact(D)))
                .bind(id_text(c.user))
                .bind(c.email)
                .bind(c.language)
                .execute(&mut *tx)
                .await
                .map_err(errors::map)?;
        }
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)
    }
}
