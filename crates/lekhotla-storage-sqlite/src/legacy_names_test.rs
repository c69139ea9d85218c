//! Migration 0010 on a database that already holds two organisations of one name in one district:
//! it does not fail, deletes nothing, and the later duplicate must be renamed before it is saved again.

#![allow(clippy::unwrap_used)]

use lekhotla_domain::OrgId;
use lekhotla_storage::{DbError, Store};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use crate::{MIGRATOR, OpenMode, SqliteStore};

fn note() -> lekhotla_storage::NewEntry {
    lekhotla_storage::NewEntry::new(time::OffsetDateTime::now_utc(), "test", lekhotla_storage::Action::Import)
}

#[tokio::test]
async fn legacy_duplicate_names_survive_the_migration_and_must_be_renamed_to_be_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("legacy.db");
    let options = SqliteConnectOptions::new().filename(&path).create_if_missing(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    let before =
        sqlx::migrate::Migrator::with_migrations(MIGRATOR.iter().filter(|m| m.version < 10).cloned().collect());
    before.run(&pool).await.unwrap();
    let (first, second, other) = (OrgId::new(), OrgId::new(), OrgId::new());
    for (id, name) in [(first, "Synthetic Haven"), (second, "synthetic  haven"), (other, "Synthetic Clinic")] {
        sqlx::query(
            "INSERT INTO organisations (id, version, name, org_type, district, country) \
             VALUES (?, 1, ?, 'NGO', NULL, 'LS')",
        )
        .bind(crate::id_text(id.0))
        .bind(name)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;

    let url = format!("sqlite://{}", path.display());
    let store = SqliteStore::open(&url, OpenMode::MustExist).await.unwrap();
    assert_eq!(store.list_organisations().await.unwrap().len(), 3, "nothing deleted");
    let (older, newer) = if first.0 < second.0 { (first, second) } else { (second, first) };
    let mut kept = store.get_organisation(older).await.unwrap().unwrap();
    kept.details.phone = Some("+26622000001".into());
    store.update_organisation(&kept, note()).await.unwrap();
    let mut duplicate = store.get_organisation(newer).await.unwrap().unwrap();
    duplicate.details.phone = Some("+26622000002".into());
    let refused = store.update_organisation(&duplicate, note()).await;
    assert!(
        matches!(refused, Err(DbError::Conflict(ref m)) if m.contains("already an organisation named")),
        "{refused:?}"
    );
    duplicate.details.name = "Synthetic Haven (Maseru office)".into();
    store.update_organisation(&duplicate, note()).await.unwrap();
}
