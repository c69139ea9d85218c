//! The wrapped keys as every [`SqlStore`] keeps them, written once: read in id order, added in one
//! transaction.

use lekhotla_crypto::{KeyId, KeyPurpose, WrappedKey};

use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore, bad};

/// Every stored key, by id.
pub async fn all<S: SqlStore>(s: &S) -> Result<Vec<WrappedKey>, DbError> {
    let rows = s.fetch(Reads::Pool, "SELECT id, purpose, wrapped FROM wrapped_keys ORDER BY id", Vec::new()).await?;
    rows.iter()
        .map(|r| {
            Ok(WrappedKey {
                id: KeyId(u32::try_from(r.int("id")?).map_err(|e| bad("id", e))?),
                purpose: r.text("purpose")?.parse::<KeyPurpose>().map_err(|e| bad("purpose", e))?,
                wrapped: r.bytes("wrapped")?,
            })
        })
        .collect()
}

/// Adds `keys` in one transaction: an id that exists already is a [`DbError::Conflict`] and nothing is written.
pub async fn add<S: SqlStore>(s: &S, keys: &[WrappedKey]) -> Result<(), DbError> {
    let mut tx = s.begin_write().await?;
    for k in keys {
        let sql = "INSERT INTO wrapped_keys (id, purpose, wrapped) VALUES ($1, $2, $3)";
        s.execute_in(&mut tx, sql, args![i64::from(k.id.0), k.purpose.as_str(), k.wrapped.as_slice()]).await?;
    }
    s.commit(tx).await
}
