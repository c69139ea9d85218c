//! Suite: sealed person fields under key rotation (re-encryption in resumable batches, persons and
//! users) and search by the name's blind index.

use std::sync::Arc;

use lekhotla_crypto::{FieldRef, KeyId, Keyring};
use lekhotla_domain::*;
use lekhotla_identity::Role;
use lekhotla_storage::{DbError, Store, UserAccount};
use time::macros::date;

use crate::fixtures::{self, KeyMaterial, Orgs, draft, note};

/// A synthetic TOTP secret (base32), sealed the way the web layer seals it.
const TOTP: &str = "JBSWY3DPEHPK3PXPSYNTHETIC";

/// How many sealed values `cases` have: every protected person field and every note that is not empty.
pub fn sealed_values(cases: &[Case]) -> u64 {
    let count = |p: &PersonDetails| {
        let optional = [
            &p.middle_name,
            &p.second_name,
            &p.identity_number,
            &p.phone,
            &p.email,
            &p.address,
            &p.home_phone,
            &p.postal_code,
            &p.city,
        ];
        let place = u64::from(p.latitude.is_some()) + u64::from(p.longitude.is_some());
        1 + u64::from(p.birthdate.is_some()) + place + optional.iter().filter(|v| v.is_some()).count() as u64
    };
    let some = |v: &Option<String>| u64::from(v.is_some());
    let mut n = 0;
    for c in cases {
        // The notes (see `notes::SEALED_NOTES`): a summary, per-record free text, every plan and comment.
        n += some(&c.summary) + some(&c.incoming_referral.as_ref().and_then(|r| r.details.clone()));
        n += c.victims.iter().map(|v| some(&v.context.vulnerability_details)).sum::<u64>();
        n += some(&c.closure_reason);
        for s in &c.suspects {
            let d = &s.details;
            let official = d.official.as_ref().map_or(0, |o| 1 + some(&o.position));
            n += some(&d.role_details) + some(&d.organisation) + official;
        }
        for e in &c.events {
            let d = &e.details;
            let map = u64::from(d.latitude.is_some()) + u64::from(d.longitude.is_some());
            n += some(&d.place) + some(&d.description) + some(&d.city) + some(&d.postal_code) + map;
        }
        n += c
            .referrals
            .iter()
            .map(|r| some(&r.details) + some(&r.decline_reason) + some(&r.delivery_note) + some(&r.end_reason))
            .sum::<u64>();
        n += c.consents.iter().map(|x| some(&x.recorded_by)).sum::<u64>();
        if let Some(i) = &c.investigation {
            n += some(&i.docket_custodian) + some(&i.closure_reason);
            n += i.docket_transfers.iter().map(|t| 1 + some(&t.from_custodian) + some(&t.reason)).sum::<u64>();
        }
        if let Some(p) = &c.prosecution {
            n += some(&p.withdrawal_reason);
            n += p.hearings.iter().map(|h| some(&h.details.notes)).sum::<u64>();
            n += p.sentences.iter().map(|s| some(&s.details.notes)).sum::<u64>();
        }
        n += c.support_plans.iter().map(|p| 1 + some(&p.details.action_plan)).sum::<u64>();
        n += c.comments.len() as u64;
        n += c.victims.iter().map(|v| count(&v.person)).sum::<u64>();
        n += c.witnesses.iter().map(|w| count(&w.details.person)).sum::<u64>();
        for s in &c.suspects {
            if let SuspectIdentity::Individual(p) = &s.details.identity {
                n += count(p);
            }
        }
    }
    n
}

/// Runs the re-encryption walk from `after` to its end in batches of `limit`; returns the number of
/// batches and of values re-sealed.
pub async fn reseal_all(store: &dyn Store, mut after: Option<String>, limit: u32) -> (u32, u64) {
    let (mut batches, mut resealed) = (0, 0);
    loop {
        let batch = store.reseal_batch(after, limit).await.unwrap();
        batches += 1;
        resealed += batch.resealed;
        assert!(batch.scanned <= u64::from(limit), "a batch scans at most its limit");
        assert!(batches < 10_000, "the walk ends");
        match batch.last {
            Some(last) => after = Some(last),
            None => return (batches, resealed),
        }
    }
}

async fn user_with_totp(store: &dyn Store, keyring: &Keyring, org: OrgId, name: &str) -> UserAccount {
    let mut u = crate::user(org, name, &[Role::Investigator]);
    let at = u.id.to_string();
    u.totp_secret_sealed = Some(keyring.seal(FieldRef::new("users", "totp_secret", &at), TOTP).unwrap());
    store.create_user(&u, &[], note()).await.unwrap();
    u
}

async fn totp_opens_under(store: &dyn Store, keyring: &Keyring, user: &UserAccount) {
    let sealed = store.get_user(user.id).await.unwrap().unwrap().totp_secret_sealed.unwrap();
    assert_eq!(Keyring::key_id_of(&sealed).unwrap(), keyring.current(), "the TOTP secret is under the current key");
    let at = user.id.to_string();
    assert_eq!(keyring.open(FieldRef::new("users", "totp_secret", &at), &sealed).unwrap(), TOTP);
}

async fn stored_cases(store: &dyn Store, orgs: &Orgs, n: usize) -> Vec<Case> {
    let mut cases = Vec::new();
    for _ in 0..n {
        let created = store.create_case(draft(orgs.police.id, "LS-A", date!(2025 - 05 - 20)), note()).await.unwrap();
        cases.push(store.save_case(&fixtures::fill(created, orgs), note()).await.unwrap());
    }
    cases
}

/// After a rotation every sealed value is re-encrypted under the new key by the batch walk, the data
/// reads back the same, and an interrupted walk resumes safely; the old keys can then be retired.
pub async fn keys_rotate_and_every_value_is_resealed(store: Arc<dyn Store>) {
    let mut keys = KeyMaterial::new();
    store.add_wrapped_keys(&keys.wrapped).await.unwrap();
    let keyring = keys.keyring();
    store.use_keyring(keyring.clone());
    assert_eq!(store.count_sealed_under_other_keys().await.unwrap(), 0);
    assert_eq!(reseal_all(&*store, None, 3).await, (1, 0), "an empty registry is done at once");

    let orgs = Orgs::stored(&*store).await;
    let mut cases = stored_cases(&*store, &orgs, 3).await;
    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    let with_totp = user_with_totp(&*store, &keyring, orgs.police.id, "reseal.one").await;
    let mut without = crate::user(orgs.police.id, "reseal.two", &[Role::Investigator]);
    without.totp_secret_sealed = None;
    store.create_user(&without, &[], note()).await.unwrap();
    assert_eq!(store.count_sealed_under_other_keys().await.unwrap(), 0, "new values are under the current key");

    // Rotate: the new key is stored, then used. Old values still open; all of them are now stale.
    let (keyring, key) = keys.rotate();
    store.add_wrapped_keys(&[key]).await.unwrap();
    store.use_keyring(keyring.clone());
    let stale = sealed_values(&cases) + 1;
    assert!(stale > 90, "{stale}");
    assert_eq!(store.count_sealed_under_other_keys().await.unwrap(), stale);
    assert_eq!(store.get_cases(&ids).await.unwrap(), cases, "old values open under the rotated keyring");

    let (batches, resealed) = reseal_all(&*store, None, 2).await;
    assert_eq!(resealed, stale, "every stale value is re-sealed once");
    assert!(batches > 6, "small batches: {batches}");
    assert_eq!(store.count_sealed_under_other_keys().await.unwrap(), 0);
    assert_eq!(store.get_cases(&ids).await.unwrap(), cases);
    totp_opens_under(&*store, &keyring, &with_totp).await;
    assert_eq!(store.get_user(without.id).await.unwrap().unwrap().totp_secret_sealed, None);
    assert_eq!(reseal_all(&*store, None, 2).await.1, 0, "a second walk re-seals nothing");

    // Rotate again and stop after one small batch; a case saved meanwhile is sealed under the new key.
    let (keyring, key) = keys.rotate();
    store.add_wrapped_keys(&[key]).await.unwrap();
    store.use_keyring(keyring.clone());
    let first = store.reseal_batch(None, 1).await.unwrap();
    assert_eq!(first.scanned, 1);
    let cursor = first.last.clone().expect("the walk is not done after one row");
    let left = stale - first.resealed;
    assert_eq!(store.count_sealed_under_other_keys().await.unwrap(), left);
    cases.push(stored_cases(&*store, &orgs, 1).await.remove(0));
    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    assert_eq!(store.count_sealed_under_other_keys().await.unwrap(), left, "new writes use the current key");
    // Resumed from the cursor, then (as after a lost cursor) once more from the start: no harm done.
    assert_eq!(reseal_all(&*store, Some(cursor), 3).await.1, left);
    assert_eq!(reseal_all(&*store, None, 3).await.1, 0);
    assert_eq!(store.count_sealed_under_other_keys().await.unwrap(), 0);
    assert_eq!(store.get_cases(&ids).await.unwrap(), cases);
    totp_opens_under(&*store, &keyring, &with_totp).await;

    // No value uses the old keys any more: a keyring without them reads everything.
    let mut current_only = Keyring::unwrap(&keys.master, &store.wrapped_keys().await.unwrap()).unwrap();
    for old in current_only.data_key_ids().into_iter().filter(|id| *id != keyring.current()) {
        current_only.retire(old).unwrap();
    }
    assert_eq!(current_only.data_key_ids(), vec![keyring.current()]);
    assert_ne!(keyring.current(), KeyId(1));
    store.use_keyring(Arc::new(current_only));
    assert_eq!(store.get_cases(&ids).await.unwrap(), cases);

    match store.reseal_batch(Some("cases/not-a-cursor".into()), 5).await {
        Err(DbError::Reference { field, .. }) => assert_eq!(field, "after"),
        other => panic!("expected a bad cursor, got {other:?}"),
    }
}

/// Names that differ only in case, accents and spacing share a blind index; other names do not.
/// Businesses have none.
pub async fn persons_are_found_by_their_name_index(store: Arc<dyn Store>) {
    let orgs = Orgs::stored(&*store).await;
    let police = orgs.police.id;
    let mut found_ids = Vec::new();
    let mut cases = Vec::new();
    for first in ["Palesa", "  PÁLESA "] {
        let mut case = store.create_case(draft(police, "LS-A", date!(2025 - 05 - 20)), note()).await.unwrap();
        let mut v = fixtures::victim(first, false, police);
        v.person.second_name = Some(if first == "Palesa" { "Mokoena".into() } else { "mokoena   ".into() });
        found_ids.push((case.id, case.add_victim(v, fixtures::TODAY, None).unwrap()));
        let mut other = fixtures::victim("Palesa", false, police);
        other.person.second_name = Some("Mokoenya".into());
        let other_id = case.add_victim(other, fixtures::TODAY, None).unwrap();
        case.add_suspect(fixtures::business_suspect("Palesa Mokoena Holdings"), fixtures::TODAY).unwrap();
        let case = store.save_case(&case, note()).await.unwrap();
        cases.push((case, other_id));
    }
    found_ids.sort();
    for query in ["Palesa Mokoena", "palesa mokoena", "  PALESA   MOKOENA ", "Pälesa Mókoena"] {
        assert_eq!(store.find_persons_by_name(query).await.unwrap(), found_ids, "{query:?}");
    }
    let mut others: Vec<(CaseId, PersonId)> = cases.iter().map(|(c, o)| (c.id, *o)).collect();
    others.sort();
    assert_eq!(store.find_persons_by_name("Palesa Mokoenya").await.unwrap(), others);
    assert!(store.find_persons_by_name("Palesa").await.unwrap().is_empty(), "the whole name, not a part");
    assert!(store.find_persons_by_name("Palesa Mokoena Holdings").await.unwrap().is_empty(), "no business");
    assert!(store.find_persons_by_name("Nobody Synthetic").await.unwrap().is_empty());
    for (case, _) in &cases {
        assert_eq!(store.get_case(case.id).await.unwrap().as_ref(), Some(case), "names read back as written");
    }
}
