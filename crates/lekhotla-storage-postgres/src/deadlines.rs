//! Referral deadlines (`lekhotla_storage::deadlines`): the shared SQL, bound and read with PostgreSQL's
//! types, a write in one transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{CaseNumber, OrgId, ReferralId, ResponseDeadlines};
use lekhotla_storage::deadlines::{Contact, OverdueQuery, OverdueRow, ResponseRow, SETTING, is_child, service, sql};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{DbError, Deadlines};
use time::Date;

use crate::rows::get;
use crate::{PgStore, audit, errors};

const D: Dialect = Dialect::Postgres;

#[async_trait]
impl Deadlines for PgStore {
    async fn read_deadlines(&self) -> Result<ResponseDeadlines, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql::get(D)))
            .bind(SETTING)
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        match row {
            None => Ok(ResponseDeadlines::default()),
            Some(r) => {
                let value: String = get(&r, "value")?;
                lekhotla_storage::deadlines::parse(get(&r, "version")?, &value)
            }
        }
    }

    async fn write_deadlines(&self, d: &ResponseDeadlines, entry: NewEntry) -> Result<ResponseDeadlines, DbError> {
        let (next, value) = lekhotla_storage::deadlines::next(d)?;
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
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
                    referral: ReferralId(get(r, "id")?),
                    case_number: CaseNumber::parse(&get::<String>(r, "number")?).map_err(DbError::other)?,
                    service: service(&get::<String>(r, "service")?)?,
                    from_org: OrgId(get(r, "from_org")?),
                    to_org: OrgId(get(r, "to_org")?),
                    district: get::<Option<String>>(r, "district")?.unwrap_or_default(),
                    sent_on: get(r, "sent_on")?,
                    child: is_child(&get::<Option<String>>(r, "age_group")?.unwrap_or_default()),
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
                    service: service(&get::<String>(r, "service")?)?,
                    to_org: OrgId(get(r, "to_org")?),
                    district: get::<Option<String>>(r, "district")?.unwrap_or_default(),
                    child: is_child(&get::<Option<String>>(r, "age_group")?.unwrap_or_default()),
                    sent_on: get(r, "sent_on")?,
                    responded_on: get(r, "responded_on")?,
                })
            })
            .collect()
    }

    async fn contacts(&self) -> Result<Vec<Contact>, DbError> {
        let rows = sqlx::query(sql::CONTACTS).fetch_all(&self.pool).await.map_err(errors::map)?;
        rows.iter()
            .map(|r| Ok(Contact { user: get(r, "user_id")?, email: get(r, "email")?, language: get(r, "language")? }))
            .collect()
    }

    async fn set_contact(&self, user: uuid::Uuid, contact: Option<Contact>, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        sqlx::query(sqlx::AssertSqlSafe(sql::delete_contact(D)))
            .bind(user)
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        if let Some(c) = contact {
            sqlx::query(sqlx::AssertSqlSafe(sql::insert_contact(D)))
                .bind(c.user)
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
