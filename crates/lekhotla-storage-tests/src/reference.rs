//! Suite: health (with what an operator watches: the pool, the migrations, the audit queue), geography and
//! organisations.

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::{DbError, Store};
use time::macros::date;

use crate::fixtures::{self, Orgs, draft, organisation};

/// The store answers and names its backend.
pub async fn health_answers(store: Arc<dyn Store>) {
    store.health().await.unwrap();
    assert!(!store.backend().is_empty());
    assert_eq!(store.count_cases().await.unwrap(), 0);
}

/// The pool reports its connections within its bounds, the schema has every migration the program carries,
/// and a store that appends each entry in its action's transaction has no audit queue.
pub async fn operations_status_is_reported(store: Arc<dyn Store>) {
    store.health().await.unwrap();
    let pool = store.pool_status();
    assert!(pool.max > 0, "{pool:?}");
    assert!(pool.size >= 1 && pool.size <= pool.max, "a query just ran on an open connection: {pool:?}");
    assert!(pool.idle <= pool.size, "{pool:?}");
    let schema = store.schema_status().await.unwrap();
    assert!(schema.is_current(), "{schema:?}");
    assert!(schema.known >= 25, "the migrations known: {schema:?}");
    assert_eq!(store.audit_queue_depth(), 0);
}

/// The loaded geography reads back equal, in file order; loading it again changes nothing; a
/// changed geography replaces it; a unit a case refers to cannot be removed.
pub async fn geography_reads_back_and_reloads(store: Arc<dyn Store>) {
    let geo = fixtures::geography();
    assert_eq!(store.geography().await.unwrap(), Some(geo.clone()));
    store.load_geography(&geo, crate::fixtures::note()).await.unwrap();
    assert_eq!(store.geography().await.unwrap(), Some(geo.clone()));

    // Renamed, re-ordered and one port fewer.
    let mut units: Vec<OrgUnit> = geo.units().to_vec();
    units.retain(|u| u.code.as_str() != "POE-NGOANGOANA-GATE");
    units.swap(1, 2);
    units[1].name = "Botha-Bothe (renamed)".into();
    units[1].population = Some(1);
    let changed = Geography::new(units).unwrap();
    store.load_geography(&changed, crate::fixtures::note()).await.unwrap();
    assert_eq!(store.geography().await.unwrap(), Some(changed));
    store.load_geography(&geo, crate::fixtures::note()).await.unwrap();
    assert_eq!(store.geography().await.unwrap(), Some(geo.clone()));

    // A unit in use stays.
    let orgs = Orgs::stored(store.as_ref()).await;
    let mut d = draft(orgs.police.id, "LS-K", date!(2025 - 05 - 01));
    d.input.port_of_entry = None;
    store.create_case(d, crate::fixtures::note()).await.unwrap();
    let without_k: Vec<OrgUnit> = geo.units().iter().filter(|u| u.code.as_str() != "LS-K").cloned().collect();
    let smaller = Geography::new(without_k).unwrap();
    let refused = store.load_geography(&smaller, crate::fixtures::note()).await;
    assert!(matches!(&refused, Err(DbError::Reference { field, .. }) if field == "geography"), "{refused:?}");
    assert_eq!(store.geography().await.unwrap(), Some(geo));
}

/// Organisations: create, get, list by name, update under optimistic versions.
pub async fn organisations_are_versioned(store: Arc<dyn Store>) {
    let b = organisation("Bophelo Clinic", OrgType::HealthServiceOrganisation, vec![ServiceType::Medical]);
    let mut a = organisation("Anti-Trafficking Unit", OrgType::LawEnforcement, vec![]);
    a.details.district = None;
    a.details.phone = None;
    a.details.city = None;
    store.create_organisation(&b, crate::fixtures::note()).await.unwrap();
    store.create_organisation(&a, crate::fixtures::note()).await.unwrap();
    assert_eq!(store.get_organisation(a.id).await.unwrap(), Some(a.clone()));
    assert_eq!(store.get_organisation(OrgId::new()).await.unwrap(), None);
    assert_eq!(store.list_organisations().await.unwrap(), vec![a.clone(), b.clone()]);
    let mut same_id = a.clone();
    same_id.details.name = "Another name".into();
    let taken = store.create_organisation(&same_id, crate::fixtures::note()).await;
    assert!(
        matches!(&taken, Err(DbError::Conflict(m)) if m == &format!("organisation {} already exists", a.id)),
        "{taken:?}"
    );

    let mut changed = b.clone();
    changed.details.name = "Bophelo Clinic, Mafeteng".into();
    changed.details.services = vec![ServiceType::Medical, ServiceType::Counselling];
    let saved = store.update_organisation(&changed, crate::fixtures::note()).await.unwrap();
    assert_eq!(saved.version, b.version + 1);
    assert_eq!(saved.details, changed.details);
    assert_eq!(store.get_organisation(b.id).await.unwrap(), Some(saved.clone()));

    // The old version is stale now.
    let mut stale = b.clone();
    stale.details.name = "Lost update".into();
    assert!(matches!(store.update_organisation(&stale, crate::fixtures::note()).await, Err(DbError::Conflict(_))));
    assert_eq!(store.get_organisation(b.id).await.unwrap(), Some(saved));
    let ghost = organisation("Nobody", OrgType::Ngo, vec![]);
    assert!(matches!(store.update_organisation(&ghost, crate::fixtures::note()).await, Err(DbError::NotFound(_))));
}

/// No two organisations share a name (case and spacing ignored) in one district, nor two national ones;
/// the same name elsewhere is fine; a refused create or rename changes nothing.
pub async fn organisation_names_are_unique_per_district(store: Arc<dyn Store>) {
    let mut haven = organisation("Synthetic Haven", OrgType::Ngo, vec![ServiceType::Shelter]);
    haven.details.district = Some(UnitCode::parse("LS-A").unwrap());
    store.create_organisation(&haven, crate::fixtures::note()).await.unwrap();
    let before = store.list_organisations().await.unwrap();

    let mut twin = organisation("  synthetic   HAVEN ", OrgType::Ngo, vec![]);
    twin.details.district = haven.details.district.clone();
    let err = store.create_organisation(&twin, crate::fixtures::note()).await.unwrap_err();
    let DbError::Conflict(message) = err else { panic!("a conflict, not {err:?}") };
    assert!(message.contains("already an organisation named") && message.contains("LS-A"), "{message}");
    assert_eq!(store.list_organisations().await.unwrap(), before, "nothing created");

    let mut elsewhere = twin.clone();
    elsewhere.details.district = Some(UnitCode::parse("LS-B").unwrap());
    store.create_organisation(&elsewhere, crate::fixtures::note()).await.unwrap();
    let mut national = organisation("Synthetic Haven", OrgType::Ngo, vec![]);
    national.details.district = None;
    store.create_organisation(&national, crate::fixtures::note()).await.unwrap();
    let mut second_national = organisation("synthetic haven", OrgType::Ngo, vec![]);
    second_national.details.district = None;
    assert!(matches!(
        store.create_organisation(&second_national, crate::fixtures::note()).await,
        Err(DbError::Conflict(m)) if m.contains("with no district")
    ));

    // Moving or renaming onto a taken name is refused too.
    let mut moved = elsewhere.clone();
    moved.details.district = haven.details.district.clone();
    assert!(matches!(
        store.update_organisation(&moved, crate::fixtures::note()).await,
        Err(DbError::Conflict(m)) if m.contains("already an organisation named")
    ));
    assert_eq!(store.get_organisation(elsewhere.id).await.unwrap(), Some(elsewhere));
}
