//! The keys of encryption at rest (wrapped keys, the keyring in use, re-encryption), and the audit
//! trail's trait methods.

use async_trait::async_trait;
use lekhotla_audit::{AuditEntry, Checkpoint, NewEntry};
use std::sync::Arc;

use lekhotla_crypto::{Keyring, WrappedKey};
use lekhotla_domain::{CaseId, PersonId};
use lekhotla_storage::{AuditFilter, AuditTrail, DbError, KeyStore, ProtectionGap, ResealBatch};

use crate::{SqliteStore, audit, protection, sealing};

#[async_trait]
impl KeyStore for SqliteStore {
    async fn wrapped_keys(&self) -> Result<Vec<WrappedKey>, DbError> {
        lekhotla_storage::wrapped::all(self).await
    }

    async fn add_wrapped_keys(&self, keys: &[WrappedKey]) -> Result<(), DbError> {
        lekhotla_storage::wrapped::add(self, keys).await
    }

    fn use_keyring(&self, keyring: Arc<Keyring>) {
        self.keyring.set(keyring);
    }

    async fn reseal_batch(&self, after: Option<String>, limit: u32) -> Result<ResealBatch, DbError> {
        sealing::reseal_batch(&self.pool, &self.keyring, after, limit).await
    }

    async fn seal_plaintext(&self) -> Result<u64, DbError> {
        let sealed = lekhotla_storage::stored_sealing::seal_plaintext(self).await?;
        if sealed > 0 {
            // The file rebuilt and the WAL emptied, so that the plaintext does not stay behind in free pages.
            sqlx::query("VACUUM").execute(&self.pool).await.map_err(crate::errors::map)?;
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.pool).await.map_err(crate::errors::map)?;
        }
        Ok(sealed)
    }

    async fn count_sealed_under_other_keys(&self) -> Result<u64, DbError> {
        lekhotla_storage::stored_sealing::count_under_other_keys(self).await
    }

    async fn find_persons_by_name(&self, name: &str) -> Result<Vec<(CaseId, PersonId)>, DbError> {
        lekhotla_storage::stored_sealing::find_by_name(self, name).await
    }
}

#[async_trait]
impl AuditTrail for SqliteStore {
    async fn append_audit(&self, entry: NewEntry) -> Result<AuditEntry, DbError> {
        let pool = self.pool.clone();
        self.audit_group.append(entry, move |batch| audit::append_batch(pool, batch)).await
    }
    fn audit_queue_depth(&self) -> usize {
        self.audit_group.depth()
    }
    async fn audit_entries_after(&self, after: u64, limit: u32) -> Result<Vec<AuditEntry>, DbError> {
        audit::entries_after(&self.pool, after, limit).await
    }
    async fn search_audit(&self, filter: &AuditFilter, limit: u32, offset: u64) -> Result<Vec<AuditEntry>, DbError> {
        audit::search(&self.pool, filter, limit, offset).await
    }
    async fn save_checkpoint(&self, checkpoint: &Checkpoint, note: NewEntry) -> Result<AuditEntry, DbError> {
        audit::save_checkpoint(&self.pool, checkpoint, note).await
    }
    async fn checkpoints(&self) -> Result<Vec<Checkpoint>, DbError> {
        audit::checkpoints(&self.pool).await
    }
    async fn audit_protection_gaps(&self) -> Result<Vec<ProtectionGap>, DbError> {
        protection::gaps(&self.pool).await
    }
}
