//! The audit key kept apart from the database: a command that signs refuses to run when the key file is in
//! the SQLite database file's folder (or below it), where one copy of the folder would carry both the trail
//! and the key that vouches for it.

use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::db::{Backend, backend_of};

/// Environment variable that, set to `1` or `true`, allows the audit key beside the database anyway.
pub const ALLOW_KEY_BESIDE_DB_ENV: &str = "LEKHOTLA_ALLOW_KEY_BESIDE_DB";

/// Fails, naming both paths and the way out, when `key` lies in the folder of the SQLite database `db_url`
/// names (or below it), unless `allowed`, which only warns. PostgreSQL keeps no database file here: nothing
/// to compare.
pub fn ensure_key_apart(db_url: &str, key: &Path, allowed: bool) -> anyhow::Result<()> {
    if backend_of(db_url)? != Backend::Sqlite {
        return Ok(());
    }
    let database = lekhotla_storage_sqlite::database_file(db_url)?;
    let (db_folder, key_folder) = (folder_of(database), folder_of(key));
    if !key_folder.starts_with(&db_folder) {
        return Ok(());
    }
    let (key, database, db_folder) = (key.display(), database.display(), db_folder.display());
    if allowed {
        eprintln!(
            "warning: the audit key file {key} is in the database's folder {db_folder}; allowed by \
             --allow-key-beside-database, but a copy of that folder can rewrite the audit trail and re-sign it"
        );
        return Ok(());
    }
    bail!(
        "the audit key file {key} is in the folder of the database {database} ({db_folder}): whoever copies that \
         folder gets both the audit trail and the key that signs its checkpoints, and can rewrite history \
         unnoticed. Keep the key elsewhere: set {} to a file outside {db_folder} (by default it is \
         ~/.config/lekhotla/audit.key), or, knowingly, pass --allow-key-beside-database \
         ({ALLOW_KEY_BESIDE_DB_ENV}=1)",
        super::AUDIT_KEY_FILE_ENV
    )
}

/// The folder a file is in, absolute and with links resolved as far as it exists.
fn folder_of(file: &Path) -> PathBuf {
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let absolute = std::path::absolute(&folder).unwrap_or(folder);
    // Resolve the longest part that exists (the key's folder may not be created yet).
    let mut existing = absolute.clone();
    let mut missing = Vec::new();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            return missing.into_iter().rev().fold(resolved, |path, part: std::ffi::OsString| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_key_beside_or_below_the_database_is_refused_unless_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let db = format!("sqlite://{}", dir.path().join("lekhotla.db").display());
        for key in [dir.path().join("audit.key"), dir.path().join("keys").join("audit.key")] {
            let err = ensure_key_apart(&db, &key, false).unwrap_err().to_string();
            assert!(err.contains(&key.display().to_string()) && err.contains("lekhotla.db"), "{err}");
            assert!(err.contains("LEKHOTLA_AUDIT_KEY_FILE") && err.contains("--allow-key-beside-database"), "{err}");
            ensure_key_apart(&db, &key, true).unwrap();
        }
        let elsewhere = tempfile::tempdir().unwrap();
        ensure_key_apart(&db, &elsewhere.path().join("audit.key"), false).unwrap();
        ensure_key_apart("postgres://u@h/db", &dir.path().join("audit.key"), false).unwrap();
    }

    #[test]
    fn relative_paths_and_links_are_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let here = std::env::current_dir().unwrap();
        // A relative database in the current directory and an absolute key there are the same folder.
        let err = ensure_key_apart("sqlite://lekhotla.db", &here.join("k").join("audit.key"), false);
        assert!(err.is_err());
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(dir.path(), &link).unwrap();
            let db = format!("sqlite://{}", link.join("lekhotla.db").display());
            assert!(ensure_key_apart(&db, &dir.path().join("audit.key"), false).is_err());
        }
    }
}
