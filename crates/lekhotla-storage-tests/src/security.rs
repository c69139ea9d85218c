//! Accounts, sessions, API tokens, the audit trail and the wrapped keys: what every store must do
//! for the security core, whatever its database.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use lekhotla_audit::{Action, AuditEntry, CheckpointSigner, NewEntry};
use lekhotla_crypto::{KeyId, KeyPurpose, WrappedKey};
use lekhotla_domain::OrgType;
use lekhotla_identity::{PasswordHash, Permission, Role, Roles, TokenHash, Username};
use lekhotla_storage::{ApiTokenRecord, AuditFilter, DbError, SecondFactor, SessionRecord, Store, UserAccount, UserId};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::fixtures;

/// A synthetic password hash, computed once per test binary (argon2id is deliberately slow).
fn password_hash() -> PasswordHash {
    static HASH: std::sync::OnceLock<PasswordHash> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let password = lekhotla_identity::Password::new("correct horse battery staple".into()).unwrap();
        PasswordHash::create(&password).unwrap()
    })
    .clone()
}

/// A user of `org` with `roles`, not yet stored.
pub fn user(org: lekhotla_domain::OrgId, name: &str, roles: &[Role]) -> UserAccount {
    UserAccount {
        id: UserId(Uuid::now_v7()),
        version: 1,
        username: Username::parse(name).unwrap(),
        organisation: org,
        roles: Roles::new(roles.iter().copied()).unwrap(),
        district: None,
        password_hash: password_hash(),
        totp_secret_sealed: Some("sealed-elsewhere".into()),
        totp_last_step: None,
        disabled_at: None,
        created_at: fixtures::now().replace_nanosecond(0).unwrap(),
    }
}

fn entry(action: Action) -> NewEntry {
    NewEntry::new(OffsetDateTime::now_utc(), "user/test", action)
}

fn token_hash(text: &str) -> TokenHash {
    TokenHash::of(text)
}

fn session(user: UserId, token: &str) -> SessionRecord {
    let at = fixtures::now().replace_nanosecond(0).unwrap();
    SessionRecord {
        token_hash: token_hash(token),
        user,
        created_at: at,
        last_seen_at: at,
        address: Some("127.0.0.1".into()),
        factor_at: Some(at),
    }
}

async fn all_entries(store: &dyn Store) -> Vec<AuditEntry> {
    let mut out = Vec::new();
    loop {
        let after = out.last().map_or(0, |e: &AuditEntry| e.seq);
        let batch = store.audit_entries_after(after, 7).await.unwrap();
        if batch.is_empty() {
            return out;
        }
        out.extend(batch);
    }
}

/// Every write appends exactly one entry in its own transaction, the entries chain, and a write
/// that fails leaves no entry behind.
pub async fn every_write_is_audited_once_and_chained(store: Arc<dyn Store>) {
    let before = all_entries(&*store).await.len();
    let org = fixtures::organisation("Audit Test Office", OrgType::CentralGovernmentOrganisation, vec![]);
    store.create_organisation(&org, entry(Action::OrgCreate).record(format!("organisation/{}", org.id))).await.unwrap();
    let case = store
        .create_case(fixtures::draft(org.id, "LS-A", fixtures::TODAY), entry(Action::CaseCreate).record("case/x"))
        .await
        .unwrap();
    let saved = store.save_case(&case, entry(Action::CaseUpdate).fields(["status"])).await.unwrap();
    // A stale save and a duplicate organisation fail: neither leaves an entry.
    assert!(matches!(store.save_case(&case, entry(Action::CaseUpdate)).await, Err(DbError::Conflict(_))));
    assert!(store.create_organisation(&org, entry(Action::OrgCreate)).await.is_err());
    let entries = all_entries(&*store).await;
    assert_eq!(entries.len(), before + 3, "one entry per successful write, none for the failed ones");
    let actions: Vec<Action> = entries[before..].iter().map(|e| e.action).collect();
    assert_eq!(actions, [Action::OrgCreate, Action::CaseCreate, Action::CaseUpdate]);
    assert_eq!(entries[before + 2].fields, ["status"]);
    assert_eq!(entries[before].record.as_deref(), Some(format!("organisation/{}", org.id).as_str()));
    let summary = lekhotla_audit::verify(&entries).unwrap();
    assert_eq!(summary.entries, entries.len() as u64);
    assert!(saved.version > case.version);
}

/// Writers racing on two cases still produce one gap-free chain.
pub async fn concurrent_writers_keep_one_chain(store: Arc<dyn Store>) {
    let orgs = fixtures::Orgs::stored(&*store).await;
    let mut tasks = Vec::new();
    for worker in 0..4 {
        let store = store.clone();
        let org = orgs.police.id;
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                let note = NewEntry::new(OffsetDateTime::now_utc(), format!("worker/{worker}"), Action::CaseCreate)
                    .fields([format!("{i}")]);
                store.create_case(fixtures::draft(org, "LS-B", fixtures::TODAY), note).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let entries = all_entries(&*store).await;
    let summary = lekhotla_audit::verify(&entries).unwrap();
    assert_eq!(summary.head_seq, entries.len() as u64);
    assert_eq!(entries.iter().filter(|e| e.actor.starts_with("worker/")).count(), 40);
}

/// The auditor's search: by actor, record, action and time, newest first.
pub async fn audit_search_filters(store: Arc<dyn Store>) {
    let t0 = OffsetDateTime::now_utc();
    for (actor, record, action) in [
        ("user/a", "case/1", Action::CaseRead),
        ("user/b", "case/1", Action::SealedRead),
        ("user/a", "case/2", Action::Export),
    ] {
        store.append_audit(NewEntry::new(t0, actor, action).record(record)).await.unwrap();
    }
    let later = NewEntry::new(t0 + Duration::hours(2), "user/a", Action::Logout);
    store.append_audit(later).await.unwrap();
    let by = |f: AuditFilter| {
        let store = store.clone();
        async move { store.search_audit(&f, 100, 0).await.unwrap() }
    };
    let a = by(AuditFilter { actor: Some("user/a".into()), ..Default::default() }).await;
    assert_eq!(a.iter().map(|e| e.action).collect::<Vec<_>>(), [Action::Logout, Action::Export, Action::CaseRead]);
    let case1 = by(AuditFilter { record: Some("case/1".into()), ..Default::default() }).await;
    assert_eq!(case1.len(), 2);
    let sealed = by(AuditFilter { action: Some(Action::SealedRead), ..Default::default() }).await;
    assert_eq!(sealed.len(), 1);
    assert_eq!(sealed[0].actor, "user/b");
    let window = AuditFilter {
        actor: Some("user/a".into()),
        from: Some(t0 + Duration::hours(1)),
        to: Some(t0 + Duration::hours(3)),
        ..Default::default()
    };
    assert_eq!(by(window).await.iter().map(|e| e.action).collect::<Vec<_>>(), [Action::Logout]);
    let paged = store.search_audit(&AuditFilter { actor: Some("user/a".into()), ..Default::default() }, 1, 1).await;
    assert_eq!(paged.unwrap()[0].action, Action::Export);
}

/// A revealed read's field list (runs of one record's fields, kept once each) reads back as it was written,
/// in its order, by the chain walk and by the auditor's search, and the chain verifies.
pub async fn an_entry_s_fields_read_back_as_written(store: Arc<dyn Store>) {
    let person = |kind: &'static str, id: Uuid| {
        lekhotla_storage::sealing::SEALED_PERSON_COLUMNS.iter().map(move |f| format!("{kind}/{id}.{f}"))
    };
    let (victim, suspect, event) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let mut fields: Vec<String> = person("victim", victim).chain(person("suspect", suspect)).collect();
    fields.extend([
        format!("victim/{victim}.vulnerability_details"),
        format!("event/{event}.place"),
        format!("event/{event}.city"),
        "address:192.0.2.7".to_owned(),
        "a name with \"quotes\", a [bracket] and a dot.".to_owned(),
        format!("event/{event}.latitude"),
    ]);
    let record = format!("case/{}", Uuid::now_v7());
    let note = NewEntry::new(OffsetDateTime::now_utc(), "user/auditor", Action::SealedRead).record(&record);
    store.append_audit(note.clone().fields(fields.clone())).await.unwrap();
    store.append_audit(note.fields(Vec::<String>::new())).await.unwrap();
    let entries = all_entries(&*store).await;
    let [.., full, empty] = entries.as_slice() else { panic!("two entries appended") };
    assert_eq!((&full.fields, empty.fields.len()), (&fields, 0));
    let found = store.search_audit(&AuditFilter { record: Some(record), ..Default::default() }, 10, 0).await.unwrap();
    assert_eq!(found.iter().map(|e| e.fields.clone()).collect::<Vec<_>>(), [Vec::new(), fields]);
    lekhotla_audit::verify(&entries).unwrap();
}

/// Users: created once per username, read back identically, listed by name.
pub async fn users_are_stored_and_unique(store: Arc<dyn Store>) {
    let org = fixtures::stored_organisation(&*store, "Users Office", OrgType::CentralGovernmentOrganisation).await;
    let mut u = user(org.id, "thabo.investigator", &[Role::Investigator, Role::Prosecutor]);
    u.district = Some(fixtures::unit("LS-A"));
    store.create_user(&u, &["r1".into(), "r2".into()], entry(Action::UserCreate)).await.unwrap();
    assert_eq!(store.get_user(u.id).await.unwrap().as_ref(), Some(&u));
    assert_eq!(store.find_user(&u.username).await.unwrap().as_ref(), Some(&u));
    let mut twin = user(org.id, "thabo.investigator", &[Role::Admin]);
    twin.totp_secret_sealed = None;
    assert!(matches!(store.create_user(&twin, &[], entry(Action::UserCreate)).await, Err(DbError::Conflict(_))));
    let other = user(org.id, "anna.admin", &[Role::Admin]);
    store.create_user(&other, &[], entry(Action::UserCreate)).await.unwrap();
    let names: Vec<String> = store.list_users().await.unwrap().iter().map(|u| u.username.to_string()).collect();
    assert_eq!(names, ["anna.admin", "thabo.investigator"]);
    let orphan = user(lekhotla_domain::OrgId(Uuid::now_v7()), "no.org", &[Role::Auditor]);
    assert!(store.create_user(&orphan, &[], entry(Action::UserCreate)).await.is_err());
    assert_eq!(store.find_user(&orphan.username).await.unwrap(), None);
}

/// Sessions: a TOTP step and a recovery code are accepted once; a session ends on sign-out, on a
/// password change and when the user is disabled; a disabled user cannot start one.
pub async fn sessions_follow_the_account(store: Arc<dyn Store>) {
    let org = fixtures::stored_organisation(&*store, "Session Office", OrgType::CentralGovernmentOrganisation).await;
    let u = user(org.id, "lerato.worker", &[Role::CaseWorker]);
    let code = lekhotla_identity::recovery_code_hash("abcd-efgh-jkmn");
    store.create_user(&u, std::slice::from_ref(&code), entry(Action::UserCreate)).await.unwrap();
    let login = || entry(Action::LoginSuccess);

    store.start_session(&session(u.id, "s1"), SecondFactor::Totp { step: 100 }, login()).await.unwrap();
    let replay = store.start_session(&session(u.id, "s2"), SecondFactor::Totp { step: 100 }, login()).await;
    assert!(matches!(replay, Err(DbError::Conflict(_))), "{replay:?}");
    assert_eq!(store.session(&token_hash("s2")).await.unwrap(), None, "a refused sign-in opens nothing");
    let older = store.start_session(&session(u.id, "s2"), SecondFactor::Totp { step: 99 }, login()).await;
    assert!(matches!(older, Err(DbError::Conflict(_))));
    store.start_session(&session(u.id, "s3"), SecondFactor::Totp { step: 101 }, login()).await.unwrap();
    let by_code = SecondFactor::RecoveryCode { hash: code.clone() };
    store.start_session(&session(u.id, "s4"), by_code.clone(), login()).await.unwrap();
    let again = store.start_session(&session(u.id, "s5"), by_code, login()).await;
    assert!(matches!(again, Err(DbError::Conflict(_))), "a recovery code works once");
    assert_eq!(store.get_user(u.id).await.unwrap().unwrap().totp_last_step, Some(101));

    let (s, who) = store.session(&token_hash("s1")).await.unwrap().unwrap();
    assert_eq!((s.user, who.id), (u.id, u.id));
    let later = s.last_seen_at + Duration::minutes(5);
    store.touch_session(&token_hash("s1"), later).await.unwrap();
    assert_eq!(store.session(&token_hash("s1")).await.unwrap().unwrap().0.last_seen_at, later);
    store.end_session(&token_hash("s1"), later, entry(Action::Logout)).await.unwrap();
    assert_eq!(store.session(&token_hash("s1")).await.unwrap(), None);

    store.set_password(u.id, &password_hash(), later, entry(Action::UserUpdate)).await.unwrap();
    assert_eq!(store.session(&token_hash("s3")).await.unwrap(), None, "a new password ends every session");
    assert_eq!(store.session(&token_hash("s4")).await.unwrap(), None);

    store.start_session(&session(u.id, "s6"), SecondFactor::NotRequired, login()).await.unwrap();
    store.disable_user(u.id, later, entry(Action::UserUpdate)).await.unwrap();
    assert_eq!(store.session(&token_hash("s6")).await.unwrap(), None, "disabling ends every session");
    assert!(store.get_user(u.id).await.unwrap().unwrap().disabled_at.is_some());
    let disabled = store.start_session(&session(u.id, "s7"), SecondFactor::NotRequired, login()).await;
    assert!(matches!(disabled, Err(DbError::NotFound(_))));
    let unknown = store.disable_user(UserId(Uuid::now_v7()), later, entry(Action::UserUpdate)).await;
    assert!(matches!(unknown, Err(DbError::NotFound(_))));
}

/// API tokens: found by hash with their scopes until revoked, and revoked with their user.
pub async fn api_tokens_are_scoped_and_revocable(store: Arc<dyn Store>) {
    let org = fixtures::stored_organisation(&*store, "Token Office", OrgType::CentralGovernmentOrganisation).await;
    let u = user(org.id, "hotline.bridge", &[Role::CaseWorker]);
    store.create_user(&u, &[], entry(Action::UserCreate)).await.unwrap();
    let at = fixtures::now().replace_nanosecond(0).unwrap();
    let mk = |name: &str| ApiTokenRecord {
        id: Uuid::now_v7(),
        token_hash: token_hash(name),
        user: u.id,
        name: name.into(),
        scopes: vec![Permission::ReadCases, Permission::WriteCases],
        created_at: at,
        expires_at: at + ApiTokenRecord::DEFAULT_LIFETIME,
        revoked_at: None,
        last_used_at: None,
    };
    let (t1, t2) = (mk("t1"), mk("t2"));
    store.create_api_token(&t1, entry(Action::TokenCreate)).await.unwrap();
    store.create_api_token(&t2, entry(Action::TokenCreate)).await.unwrap();
    let (found, owner) = store.api_token(&token_hash("t1")).await.unwrap().unwrap();
    assert_eq!((found, owner.id), (t1.clone(), u.id));
    // Expiry, renewal and last use read back; the list holds the user's tokens, newest first.
    let later = at + time::Duration::days(10);
    store.touch_api_token(t2.id, later).await.unwrap();
    store.renew_api_token(t2.id, later + ApiTokenRecord::DEFAULT_LIFETIME, entry(Action::TokenRenew)).await.unwrap();
    let t2_now = store.api_token_by_id(t2.id).await.unwrap().unwrap();
    assert_eq!((t2_now.last_used_at, t2_now.expires_at), (Some(later), later + ApiTokenRecord::DEFAULT_LIFETIME));
    let listed: Vec<Uuid> = store.list_api_tokens(Some(u.id)).await.unwrap().iter().map(|t| t.id).collect();
    assert_eq!(listed, vec![t2.id, t1.id]);
    assert!(store.list_api_tokens(Some(UserId(Uuid::now_v7()))).await.unwrap().is_empty());
    let everyone: Vec<Uuid> = store.list_api_tokens(None).await.unwrap().iter().map(|t| t.id).collect();
    assert_eq!(everyone.get(..2), Some(&[t2.id, t1.id][..]), "everyone's tokens, newest first");
    store.revoke_api_token(t1.id, at, entry(Action::TokenRevoke)).await.unwrap();
    assert_eq!(store.api_token(&token_hash("t1")).await.unwrap(), None);
    let renew_revoked = store.renew_api_token(t1.id, later, entry(Action::TokenRenew)).await;
    assert!(matches!(renew_revoked, Err(DbError::NotFound(_))), "a revoked token is not renewed");
    assert!(store.api_token_by_id(t1.id).await.unwrap().unwrap().revoked_at.is_some());
    assert!(store.api_token(&token_hash("t2")).await.unwrap().is_some());
    store.disable_user(u.id, at, entry(Action::UserUpdate)).await.unwrap();
    assert_eq!(store.api_token(&token_hash("t2")).await.unwrap(), None, "disabling revokes tokens");
    let unknown = store.revoke_api_token(Uuid::now_v7(), at, entry(Action::TokenRevoke)).await;
    assert!(matches!(unknown, Err(DbError::NotFound(_))));
}

/// Wrapped keys and signed checkpoints read back as written.
pub async fn keys_and_checkpoints_read_back(store: Arc<dyn Store>) {
    assert!(store.wrapped_keys().await.unwrap().is_empty());
    let keys = vec![
        WrappedKey { id: KeyId(1), purpose: KeyPurpose::Data, wrapped: vec![1, 2, 3] },
        WrappedKey { id: KeyId(2), purpose: KeyPurpose::BlindIndex, wrapped: vec![4, 5] },
    ];
    store.add_wrapped_keys(&keys).await.unwrap();
    assert_eq!(store.wrapped_keys().await.unwrap(), keys);
    let clash = vec![WrappedKey { id: KeyId(3), purpose: KeyPurpose::Data, wrapped: vec![] }, keys[0].clone()];
    assert!(store.add_wrapped_keys(&clash).await.is_err());
    assert_eq!(store.wrapped_keys().await.unwrap().len(), 2, "a failed add writes no key");

    let signer = CheckpointSigner::from_seed(&[7; 32]);
    let head = store.append_audit(entry(Action::Export)).await.unwrap();
    let at = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let checkpoint = signer.sign(head.seq, head.hash, at);
    let note = |seq: u64| entry(Action::Checkpoint).record(format!("checkpoint/{seq}"));
    let recorded = store.save_checkpoint(&checkpoint, note(head.seq)).await.unwrap();
    assert_eq!(store.checkpoints().await.unwrap(), vec![checkpoint]);
    assert_eq!((recorded.seq, recorded.action), (head.seq + 1, Action::Checkpoint), "its entry, right after");
    assert_eq!(recorded.record, Some(format!("checkpoint/{}", head.seq)));
    // A second checkpoint of the same seq is refused, and writes no entry either.
    let again = store.save_checkpoint(&signer.sign(head.seq, head.hash, at), note(head.seq)).await;
    assert!(matches!(again, Err(DbError::Conflict(_))), "{again:?}");
    let entries = all_entries(&*store).await;
    assert_eq!(entries.last().map(|e| e.seq), Some(recorded.seq), "the refused checkpoint left no entry");
    let verified = lekhotla_audit::verify_with_checkpoints(&entries, &[checkpoint], &signer.verifier());
    assert!(verified.is_ok(), "{verified:?}");
}

/// Plain SQL run on the store's database, for the tests that play the attacker.
pub type RawSql = Box<dyn Fn(String) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>> + Send + Sync>;

/// The audit table refuses `UPDATE` and `DELETE` (triggers); someone who drops the triggers and
/// edits a row is caught by the chain verifier at that row.
pub async fn audit_table_is_append_only(store: Arc<dyn Store>, sql: RawSql, drop_triggers: &[&str]) {
    for i in 0..3 {
        store.append_audit(entry(Action::CaseRead).record(format!("case/{i}"))).await.unwrap();
    }
    let entries = all_entries(&*store).await;
    let target = entries[entries.len() - 2].seq;
    let update = sql(format!("UPDATE audit_log SET actor = 'someone-else' WHERE seq = {target}")).await;
    assert!(update.is_err_and(|e| e.contains("append-only")), "UPDATE must be refused");
    let delete = sql(format!("DELETE FROM audit_log WHERE seq = {target}")).await;
    assert!(delete.is_err_and(|e| e.contains("append-only")), "DELETE must be refused");
    assert_eq!(all_entries(&*store).await, entries, "nothing changed");

    for statement in drop_triggers {
        sql((*statement).to_owned()).await.unwrap();
    }
    sql(format!("UPDATE audit_log SET actor = 'someone-else' WHERE seq = {target}")).await.unwrap();
    let broken = lekhotla_audit::verify(&all_entries(&*store).await).unwrap_err();
    assert_eq!(broken.seq, target, "the verifier names the changed entry");
    assert!(matches!(broken.kind, lekhotla_audit::BreakKind::Changed { .. }), "{broken:?}");
}

/// A replaced second factor: the old recovery codes and TOTP step history go, the new ones work, and
/// the user's sessions end.
pub async fn a_replaced_second_factor_ends_the_old_one(store: Arc<dyn Store>) {
    let org = fixtures::stored_organisation(&*store, "Reset Office", OrgType::CentralGovernmentOrganisation).await;
    let u = user(org.id, "palesa.focal", &[Role::CaseWorker]);
    let (old, new) =
        (lekhotla_identity::recovery_code_hash("old-code"), lekhotla_identity::recovery_code_hash("new-code"));
    store.create_user(&u, std::slice::from_ref(&old), entry(Action::UserCreate)).await.unwrap();
    store
        .start_session(&session(u.id, "r1"), SecondFactor::Totp { step: 500 }, entry(Action::LoginSuccess))
        .await
        .unwrap();
    let at = fixtures::now().replace_nanosecond(0).unwrap();
    store
        .replace_second_factor(u.id, "sealed-anew", std::slice::from_ref(&new), at, entry(Action::UserUpdate))
        .await
        .unwrap();
    let back = store.get_user(u.id).await.unwrap().unwrap();
    assert_eq!((back.totp_secret_sealed.as_deref(), back.totp_last_step), (Some("sealed-anew"), None));
    assert_eq!(store.session(&token_hash("r1")).await.unwrap(), None, "the old sessions end");
    let by_old = store
        .start_session(&session(u.id, "r2"), SecondFactor::RecoveryCode { hash: old }, entry(Action::LoginSuccess))
        .await;
    assert!(matches!(by_old, Err(DbError::Conflict(_))), "the old codes stop working");
    store
        .start_session(&session(u.id, "r3"), SecondFactor::RecoveryCode { hash: new }, entry(Action::LoginSuccess))
        .await
        .unwrap();
    let unknown = store.replace_second_factor(UserId(Uuid::now_v7()), "x", &[], at, entry(Action::UserUpdate)).await;
    assert!(matches!(unknown, Err(DbError::NotFound(_))));
}

/// Step-up: a live session proves the second factor again (consumed once), moving its `factor_at`.
pub async fn a_session_steps_up_with_a_fresh_factor(store: Arc<dyn Store>) {
    let org = fixtures::stored_organisation(&*store, "Step-up Office", OrgType::CentralGovernmentOrganisation).await;
    let u = user(org.id, "mpho.stepup", &[Role::Investigator]);
    let other = user(org.id, "lineo.other", &[Role::Investigator]);
    store.create_user(&u, &[], entry(Action::UserCreate)).await.unwrap();
    store.create_user(&other, &[], entry(Action::UserCreate)).await.unwrap();
    store
        .start_session(&session(u.id, "su1"), SecondFactor::Totp { step: 10 }, entry(Action::LoginSuccess))
        .await
        .unwrap();
    let (s, _) = store.session(&token_hash("su1")).await.unwrap().unwrap();
    assert_eq!(s.factor_at, Some(s.created_at));
    let later = s.created_at + Duration::minutes(20);
    store
        .step_up(&token_hash("su1"), u.id, SecondFactor::Totp { step: 11 }, later, entry(Action::LoginSuccess))
        .await
        .unwrap();
    assert_eq!(store.session(&token_hash("su1")).await.unwrap().unwrap().0.factor_at, Some(later));
    let replay = store
        .step_up(&token_hash("su1"), u.id, SecondFactor::Totp { step: 11 }, later, entry(Action::LoginSuccess))
        .await;
    assert!(matches!(replay, Err(DbError::Conflict(_))), "{replay:?}");
    assert_eq!(store.session(&token_hash("su1")).await.unwrap().unwrap().0.factor_at, Some(later), "nothing moved");
    let someone_else = store
        .step_up(&token_hash("su1"), other.id, SecondFactor::Totp { step: 12 }, later, entry(Action::LoginSuccess))
        .await;
    assert!(matches!(someone_else, Err(DbError::NotFound(_))));
    store.end_session(&token_hash("su1"), later, entry(Action::Logout)).await.unwrap();
    let ended = store
        .step_up(&token_hash("su1"), u.id, SecondFactor::Totp { step: 13 }, later, entry(Action::LoginSuccess))
        .await;
    assert!(matches!(ended, Err(DbError::NotFound(_))));
}
