//! Documents uploaded as evidence of the action plan's activities (migration 0024): signed procedures, reports,
//! attendance sheets. People write names into such documents, so a file's name and its bytes are sealed at rest
//! like the registry's notes (`notes::SEALED_NOTES`, re-sealed on key rotation), each bound to its row; what
//! lists and checks need (the activity, type, size, SHA-256, when) is open. A file is written once, with its
//! audit entry, and never changed. The SQL and the implementation for every
//! [`SqlStore`](crate::sql_store::SqlStore) (`stored.rs`) are written here once.

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use lekhotla_audit::NewEntry;
use lekhotla_crypto::Keyring;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::DbError;
use crate::keys::notes::{open_required, seal_required};

mod stored;

/// The table.
pub const TABLE: &str = "plan_files";

/// What is kept of a file in the clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFileInfo {
    pub id: Uuid,
    /// The code of the activity it is evidence of (`3.1.1`).
    pub activity: String,
    /// Its name as uploaded (sealed at rest).
    pub name: String,
    pub content_type: String,
    pub size: u64,
    /// Its SHA-256, in hex: what it was when uploaded.
    pub sha256: String,
    pub uploaded_at: OffsetDateTime,
}

impl PlanFileInfo {
    /// The facts of `content`, uploaded now as `name` for `activity`.
    pub fn of(activity: &str, name: &str, content_type: &str, content: &[u8], at: OffsetDateTime) -> Self {
        PlanFileInfo {
            id: Uuid::now_v7(),
            activity: activity.to_owned(),
            name: name.to_owned(),
            content_type: content_type.to_owned(),
            size: content.len() as u64,
            sha256: hex(&Sha256::digest(content)),
            uploaded_at: at,
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The evidence documents of the plan's activities.
#[async_trait]
pub trait PlanFiles {
    /// Keeps a file, sealed, with its audit entry.
    async fn add_plan_file(&self, file: &PlanFileInfo, content: &[u8], audit: NewEntry) -> Result<(), DbError>;
    /// Every file's facts (names opened), newest first.
    async fn plan_files(&self) -> Result<Vec<PlanFileInfo>, DbError>;
    /// One file with its bytes, opened and checked against its SHA-256.
    async fn plan_file(&self, id: Uuid) -> Result<Option<(PlanFileInfo, Vec<u8>)>, DbError>;
}

/// The sealed name and the sealed bytes (as base64 text) of a file.
pub fn seal(keyring: &Keyring, file: &PlanFileInfo, content: &[u8]) -> Result<(String, String), DbError> {
    let name = seal_required(Some(keyring), TABLE, "name", file.id, &file.name)?;
    let content = seal_required(Some(keyring), TABLE, "content", file.id, &STANDARD.encode(content))?;
    Ok((name, content))
}

/// A stored name, opened.
pub fn open_name(keyring: &Keyring, id: Uuid, stored: String) -> Result<String, DbError> {
    open_required(Some(keyring), TABLE, "name", id, stored)
}

/// Stored bytes, opened and checked against the file's SHA-256 (a damaged file is an error, not a document).
pub fn open_content(keyring: &Keyring, file: &PlanFileInfo, stored: String) -> Result<Vec<u8>, DbError> {
    let text = open_required(Some(keyring), TABLE, "content", file.id, stored)?;
    let bytes = STANDARD.decode(text).map_err(DbError::other)?;
    if hex(&Sha256::digest(&bytes)) != file.sha256 {
        return Err(DbError::Other(format!("plan file {} does not match its SHA-256", file.id).into()));
    }
    Ok(bytes)
}

/// The SQL, with each dialect's placeholders.
pub mod sql {
    /// Binds id, activity, name, content type, size, SHA-256, content and the time.
    pub const INSERT: &str = "INSERT INTO plan_files (id, activity, name, content_type, size, sha256, content, \
         uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    /// Binds nothing.
    pub const LIST: &str = "SELECT id, activity, name, content_type, size, sha256, uploaded_at FROM plan_files \
         ORDER BY uploaded_at DESC, id DESC";

    /// Binds the id.
    pub const ONE: &str =
        "SELECT id, activity, name, content_type, size, sha256, uploaded_at, content FROM plan_files WHERE id = $1";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_known_by_its_digest() {
        let f = PlanFileInfo::of("3.1.1", "sops.pdf", "application/pdf", b"abc", OffsetDateTime::UNIX_EPOCH);
        assert_eq!(f.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(f.size, 3);
        assert!(sql::INSERT.ends_with("VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"));
    }
}
