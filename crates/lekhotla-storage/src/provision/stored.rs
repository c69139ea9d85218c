//! [`Provision`] for every [`SqlStore`], written once: a provider's year written in place of the version its
//! writer read (one transaction with its audit entry), read, listed by year; the shelter stays of a period.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{OrgId, ProviderYear};
use time::Date;

use super::{Provision, StayRow, YearRow, sql, stale};
use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore};

fn year(r: &impl SqlRow) -> Result<ProviderYear, DbError> {
    let y = i32::try_from(r.int("year")?).map_err(DbError::other)?;
    YearRow::record(r.id("organisation")?, y, r.int("version")?, &r.text("details")?)
}

#[async_trait]
impl<S: SqlStore> Provision for S {
    async fn write_year(&self, row: &YearRow, entry: NewEntry) -> Result<(), DbError> {
        let statement = if row.version == 1 { sql::INSERT } else { sql::UPDATE };
        let values = args![
            row.organisation,
            row.year,
            row.version,
            row.beds,
            row.committed,
            row.disbursed,
            row.details.as_str()
        ];
        let mut tx = self.begin_write().await?;
        if self.execute_in(&mut tx, statement, values).await? == 0 {
            let now = self.fetch_in(&mut tx, sql::VERSION, args![row.organisation, row.year]).await?;
            return Err(stale(row.version - 1, now.first().map(|r| r.int("version")).transpose()?));
        }
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn read_year(&self, organisation: OrgId, y: i32) -> Result<Option<ProviderYear>, DbError> {
        self.fetch_one(Reads::Pool, sql::GET, args![organisation.0, y]).await?.as_ref().map(year).transpose()
    }

    async fn list_years(&self, y: i32) -> Result<Vec<ProviderYear>, DbError> {
        self.fetch(Reads::Pool, sql::LIST, args![y]).await?.iter().map(year).collect()
    }

    async fn shelter_stays(&self, from: Date, to: Date) -> Result<Vec<StayRow>, DbError> {
        let rows = self.fetch(Reads::Pool, &sql::stays(S::DIALECT, from, to), Vec::new()).await?;
        rows.iter()
            .map(|r| {
                Ok(StayRow {
                    shelter: OrgId(r.id("to_org")?),
                    from: r.date("delivered_on")?,
                    until: r.opt_date("closed_on")?,
                })
            })
            .collect()
    }
}
