//! [`Prevention`] for every [`SqlStore`], written once: records written with their groups and cases in one
//! transaction with its audit entry, rewritten in place of the version their writer read, read, listed.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;

use super::{PartRow, Prevention, PreventionFilter, Register, RegisterRow, StoredRow, sql, stale};
use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore, Value};

fn stored(r: &impl SqlRow) -> Result<StoredRow, DbError> {
    Ok(StoredRow { id: r.id("id")?, version: r.int("version")?, details: r.text("details")? })
}

/// The row's values in [`sql::insert`]'s order, its further counts last.
fn values(row: &RegisterRow) -> Vec<Value> {
    let mut v = args![
        row.id,
        row.version,
        row.organisation,
        row.place.as_str(),
        row.district.as_deref(),
        row.started_on,
        row.ended_on,
        row.people,
        row.details.as_str(),
    ];
    v.extend(row.more.iter().map(|n| Value::from(*n)));
    v
}

/// A group's values in [`sql::insert_part`]'s order.
fn part_values(owner: uuid::Uuid, position: usize, part: &PartRow) -> Result<Vec<Value>, DbError> {
    let position = i64::try_from(position).map_err(DbError::other)?;
    Ok(args![
        owner,
        position,
        part.organisation,
        part.role.as_str(),
        part.sex.as_str(),
        part.district.as_deref(),
        part.people,
        part.certified,
    ])
}

/// Writes the record's groups and the cases it opened.
async fn write_parts<S: SqlStore>(s: &S, tx: &mut S::Tx, row: &RegisterRow) -> Result<(), DbError> {
    if let Some(insert) = sql::insert_part(S::DIALECT, row.register) {
        for (i, part) in row.parts.iter().enumerate() {
            s.execute_in(tx, &insert, part_values(row.id, i, part)?).await?;
        }
    }
    if let Some(insert) = sql::insert_case(S::DIALECT, row.register) {
        for number in &row.cases {
            s.execute_in(tx, &insert, args![row.id, number.as_str()]).await?;
        }
    }
    Ok(())
}

#[async_trait]
impl<S: SqlStore> Prevention for S {
    async fn write_registered(&self, rows: &[RegisterRow], entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.begin_write().await?;
        for row in rows {
            self.execute_in(&mut tx, &sql::insert(S::DIALECT, row.register), values(row)).await?;
            write_parts(self, &mut tx, row).await?;
        }
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn rewrite_registered(&self, row: &RegisterRow, entry: NewEntry) -> Result<(), DbError> {
        let r = row.register;
        let mut tx = self.begin_write().await?;
        if self.execute_in(&mut tx, &sql::update(S::DIALECT, r), values(row)).await? == 0 {
            let now = self.fetch_in(&mut tx, &sql::version(S::DIALECT, r), args![row.id]).await?;
            return Err(match now.first() {
                Some(v) => stale(r, row.version, v.int("version")?),
                None => DbError::NotFound(r.noun()),
            });
        }
        for delete in [sql::delete_parts(S::DIALECT, r), sql::delete_cases(S::DIALECT, r)].into_iter().flatten() {
            self.execute_in(&mut tx, &delete, args![row.id]).await?;
        }
        write_parts(self, &mut tx, row).await?;
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn read_registered(&self, register: Register, id: uuid::Uuid) -> Result<Option<StoredRow>, DbError> {
        let sql = sql::get(S::DIALECT, register);
        self.fetch_one(Reads::Pool, &sql, args![id]).await?.as_ref().map(stored).transpose()
    }

    async fn list_registered(&self, register: Register, filter: &PreventionFilter) -> Result<Vec<StoredRow>, DbError> {
        let sql = sql::list(S::DIALECT, register, filter);
        self.fetch(Reads::Pool, &sql, Vec::new()).await?.iter().map(stored).collect()
    }
}
