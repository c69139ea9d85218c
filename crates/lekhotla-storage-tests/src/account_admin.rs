//! An administrator's changes to accounts and a person's first enrolment of their second factor
//! (`AccountAdmin`): what every store must do, whatever its database.

use std::sync::Arc;

use lekhotla_audit::{Action, NewEntry};
use lekhotla_domain::{OrgType, UnitCode};
use lekhotla_identity::{Role, Roles, TokenHash, recovery_code_hash};
use lekhotla_storage::{AccountAccess, DbError, SecondFactor, SessionRecord, Store, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::fixtures;
use crate::security::user;

fn entry(action: Action) -> NewEntry {
    NewEntry::new(OffsetDateTime::now_utc(), "user/test", action)
}

fn session(user: UserId, token: &str, factor_at: Option<OffsetDateTime>) -> SessionRecord {
    let at = fixtures::now().replace_nanosecond(0).unwrap();
    SessionRecord { token_hash: TokenHash::of(token), user, created_at: at, last_seen_at: at, address: None, factor_at }
}

/// Roles, organisation and district change only from the version read; enabling undoes disabling.
pub async fn account_access_changes_with_its_version(store: Arc<dyn Store>) {
    let org = fixtures::stored_organisation(&*store, "Access Office", OrgType::CentralGovernmentOrganisation).await;
    let other = fixtures::stored_organisation(&*store, "Other Office", OrgType::LawEnforcement).await;
    let u = user(org.id, "neo.access", &[Role::CaseWorker]);
    store.create_user(&u, &[], entry(Action::UserCreate)).await.unwrap();
    let access = AccountAccess {
        roles: Roles::new([Role::FocalPoint, Role::Investigator]).unwrap(),
        organisation: other.id,
        district: Some(UnitCode::parse("LS-A").unwrap()),
    };
    store.change_access(u.id, u.version, &access, entry(Action::UserUpdate)).await.unwrap();
    let back = store.get_user(u.id).await.unwrap().unwrap();
    assert_eq!(
        (back.roles, back.organisation, back.district.clone()),
        (access.roles, other.id, access.district.clone())
    );
    assert_eq!(back.version, u.version + 1);
    let stale = store.change_access(u.id, u.version, &access, entry(Action::UserUpdate)).await;
    assert!(matches!(stale, Err(DbError::Conflict(_))), "{stale:?}");
    let unknown = store.change_access(UserId(Uuid::now_v7()), 1, &access, entry(Action::UserUpdate)).await;
    assert!(matches!(unknown, Err(DbError::NotFound(_))), "{unknown:?}");

    let at = fixtures::now().replace_nanosecond(0).unwrap();
    store.disable_user(u.id, at, entry(Action::UserUpdate)).await.unwrap();
    assert!(!store.get_user(u.id).await.unwrap().unwrap().is_active());
    store.enable_user(u.id, entry(Action::UserUpdate)).await.unwrap();
    assert!(store.get_user(u.id).await.unwrap().unwrap().is_active());
    let unknown = store.enable_user(UserId(Uuid::now_v7()), entry(Action::UserUpdate)).await;
    assert!(matches!(unknown, Err(DbError::NotFound(_))));
}

/// A cleared second factor: no secret, no recovery code, no session; a first enrolment then stores the
/// secret once, consumes the confirming step and proves the session that enrolled.
pub async fn a_second_factor_is_cleared_and_enrolled_once(store: Arc<dyn Store>) {
    let org = fixtures::stored_organisation(&*store, "Enrol Office", OrgType::CentralGovernmentOrganisation).await;
    let u = user(org.id, "dineo.enrol", &[Role::Investigator]);
    let old = recovery_code_hash("old-code");
    store.create_user(&u, std::slice::from_ref(&old), entry(Action::UserCreate)).await.unwrap();
    let at = fixtures::now().replace_nanosecond(0).unwrap();
    store
        .start_session(&session(u.id, "c1", Some(at)), SecondFactor::Totp { step: 7 }, entry(Action::LoginSuccess))
        .await
        .unwrap();
    store.clear_second_factor(u.id, at, entry(Action::UserUpdate)).await.unwrap();
    let back = store.get_user(u.id).await.unwrap().unwrap();
    assert_eq!((back.totp_secret_sealed, back.totp_last_step), (None, None));
    assert_eq!(store.session(&TokenHash::of("c1")).await.unwrap(), None, "its sessions end");
    let by_old = store
        .start_session(
            &session(u.id, "c2", Some(at)),
            SecondFactor::RecoveryCode { hash: old },
            entry(Action::LoginSuccess),
        )
        .await;
    assert!(matches!(by_old, Err(DbError::Conflict(_))), "the old codes stop working");

    // Signed in with the password only (no factor proved), then enrolled from that session.
    store
        .start_session(&session(u.id, "e1", None), SecondFactor::NotRequired, entry(Action::LoginSuccess))
        .await
        .unwrap();
    let new = recovery_code_hash("new-code");
    let later = at + time::Duration::minutes(1);
    let wrong_session = store
        .enrol_second_factor(&TokenHash::of("nope"), u.id, "sealed-new", 40, &[], later, entry(Action::UserUpdate))
        .await;
    assert!(matches!(wrong_session, Err(DbError::NotFound(_))), "{wrong_session:?}");
    assert_eq!(store.get_user(u.id).await.unwrap().unwrap().totp_secret_sealed, None, "nothing kept");
    store
        .enrol_second_factor(
            &TokenHash::of("e1"),
            u.id,
            "sealed-new",
            40,
            std::slice::from_ref(&new),
            later,
            entry(Action::UserUpdate),
        )
        .await
        .unwrap();
    let back = store.get_user(u.id).await.unwrap().unwrap();
    assert_eq!((back.totp_secret_sealed.as_deref(), back.totp_last_step), (Some("sealed-new"), Some(40)));
    let (s, _) = store.session(&TokenHash::of("e1")).await.unwrap().unwrap();
    assert_eq!(s.factor_at, Some(later), "the session that enrolled has proved its factor");
    let again = store
        .enrol_second_factor(&TokenHash::of("e1"), u.id, "sealed-other", 41, &[], later, entry(Action::UserUpdate))
        .await;
    assert!(matches!(again, Err(DbError::Conflict(_))), "only once: {again:?}");
    let replay = store
        .start_session(&session(u.id, "e2", Some(later)), SecondFactor::Totp { step: 40 }, entry(Action::LoginSuccess))
        .await;
    assert!(matches!(replay, Err(DbError::Conflict(_))), "the confirming code is used");
    store
        .start_session(
            &session(u.id, "e3", Some(later)),
            SecondFactor::RecoveryCode { hash: new },
            entry(Action::LoginSuccess),
        )
        .await
        .unwrap();
}
