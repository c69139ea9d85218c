//! A database of migration 0004 (`fixtures/0004`, made by the code of that day) migrated forward: its
//! cases read back whole, the new fields empty, and they take the new fields once saved again.

use std::sync::Arc;

use lekhotla_crypto::{Keyring, MasterKey};
use lekhotla_domain::*;
use lekhotla_storage::{CaseFilter, Page, Store};

use crate::fixtures::{self, note};

/// The SQLite dump of the 0004 database.
pub const SQLITE_0004: &str = include_str!("../fixtures/0004/sqlite.sql");
/// The PostgreSQL dump of the 0004 database, its objects in schema `public`.
pub const POSTGRES_0004: &str = include_str!("../fixtures/0004/postgres.sql");
/// The master key the 0004 database was made with (it protects only these synthetic rows).
const MASTER_KEY_0004: &str = include_str!("../fixtures/0004/master.key");
/// The cases the 0004 database holds.
const CASES_0004: [&str; 3] = ["LS-2021-000002", "LS-2021-000005", "LS-2021-000007"];

/// The fixture's master key, loaded from a private file as a store's would be.
fn master_key() -> MasterKey {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.key");
    std::fs::write(&path, MASTER_KEY_0004).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    MasterKey::load(&path).unwrap()
}

/// The long free-text values the 0004 database holds in the clear in columns sealed since migration 0008
/// (closure and transfer reasons, custodians, hearing notes, who recorded a consent): after the upgrade the
/// database holds none of them in the clear.
pub const PLAINTEXT_0004: &[&str] = &[
    "Investigation closed without prosecution; the victims were assisted.",
    "Insufficient evidence to refer the docket to the DPP.",
    "Clerk of the court, Mafeteng Magistrate's Court",
    "Insp. K. Thamae, LMPS CGPU Quthing",
    "Officer in charge, LMPS Anti-Trafficking and Anti-Smuggling Unit",
    "Investigating officer transferred to another station",
    "Sent to the DPP for a decision",
    "Docket filed with the court for trial",
    "Postponed: the defence asked for time",
    "Ms N. Nthako",
    "Ms R. Seeiso-Kali",
];

/// `store` holds the 0004 database migrated to the latest schema (without a keyring in use): its keys
/// unwrap with the fixture's master key, the values of columns sealed since 0008 are sealed once the store
/// has its keyring, its three cases read back with every record and sealed field, the fields added since
/// are empty, and a case saved with them filled reads back equal.
pub async fn today_database_migrates_forward(store: &dyn Store) {
    let keyring = Keyring::unwrap(&master_key(), &store.wrapped_keys().await.unwrap()).unwrap();
    store.use_keyring(Arc::new(keyring));
    let sealed = store.seal_plaintext().await.unwrap();
    assert!(sealed > 30, "the plaintext of the 0004 database is sealed: {sealed}");
    assert_eq!(store.seal_plaintext().await.unwrap(), 0, "sealing again seals nothing");
    let page = store.list_cases(&CaseFilter::default(), Page::new(100, 0)).await.unwrap();
    assert_eq!(page.total, 3);
    let mut cases = Vec::new();
    for number in CASES_0004 {
        let number = CaseNumber::parse(number).unwrap();
        cases.push(store.find_case_by_number(&number).await.unwrap().expect("the case is still there"));
    }
    let people: usize = cases.iter().map(|c| c.victims.len() + c.suspects.len() + c.witnesses.len()).sum();
    assert_eq!(people, 8, "every person of the 0004 database reads back");
    // The blind indexes of migration 0011 are filled for the persons written before it.
    let p = cases.iter().flat_map(|c| c.victims.iter().map(|v| &v.person)).next().expect("a victim");
    let name = format!("{} {}", p.first_name.to_uppercase(), p.second_name.clone().unwrap_or_default());
    let probe = lekhotla_storage::people::PersonProbe {
        name: Some(name),
        birthdate: p.birthdate,
        phone: p.phone.clone(),
        scope: lekhotla_storage::Scope::All,
    };
    let found = store.possible_duplicates(&probe).await.unwrap();
    let matched = found.iter().flat_map(|d| d.matched.iter().copied()).collect::<Vec<_>>();
    use lekhotla_storage::people::MatchedOn;
    assert!(matched.contains(&MatchedOn::Phonetic), "{found:?}");
    assert_eq!(p.birthdate.is_some(), matched.contains(&MatchedOn::Birthdate), "{found:?}");
    assert_eq!(p.phone.is_some(), matched.contains(&MatchedOn::Phone), "{found:?}");
    assert!(cases.iter().all(|c| !c.events.is_empty() && !c.referrals.is_empty()));
    assert!(cases.iter().any(|c| c.prosecution.is_some()) && cases.iter().any(|c| c.investigation.is_some()));
    for c in &cases {
        assert_eq!((c.owner_user, &c.incoming_referral), (None, &None));
        for v in &c.victims {
            let p = &v.person;
            assert!(!p.first_name.is_empty() && p.first_name != SEALED_PLACEHOLDER, "sealed names open");
            assert!(!p.deceased && p.home_phone.is_none() && p.postal_code.is_none() && p.latitude.is_none());
            assert!(p.phone.as_deref().is_none_or(|n| n.starts_with('+') && !n.contains(' ')), "E.164: {p:?}");
            assert!(v.context.recruitment_location.is_none() && v.context.recruitment_websites.is_empty());
        }
        assert!(c.events.iter().all(|e| e.details.state.is_none() && e.details.postal_code.is_none()));
        assert!(c.referrals.iter().all(|r| r.referring_case_worker.is_none() && r.referred_case_worker_user.is_none()));
    }
    for o in store.list_organisations().await.unwrap() {
        let phone = o.details.phone.as_deref().unwrap_or("+1");
        assert!(!phone.contains(' '), "organisation phones lose their spaces: {phone}");
        assert!(o.details.street.is_none() && o.details.latitude.is_none());
    }

    // The values sealed since 0008 open as they were written, an event's map position to the last digit.
    let closed: Vec<_> = cases.iter().filter_map(|c| c.closure_reason.as_deref()).collect();
    assert_eq!(closed, [PLAINTEXT_0004[0]]);
    let positions: Vec<f64> = cases.iter().flat_map(|c| &c.events).filter_map(|e| e.details.latitude).collect();
    assert!(positions.contains(&-28.879922801735454), "{positions:?}");
    assert!(cases.iter().flat_map(|c| &c.events).any(|e| e.details.city.as_deref() == Some("Ficksburg")));
    let recorders = cases.iter().flat_map(|c| &c.consents).filter_map(|x| x.recorded_by.as_deref());
    assert!(recorders.into_iter().any(|r| r == "Ms N. Nthako"));

    // The migrated case takes the new fields.
    let mut case = cases.swap_remove(1);
    case.owner_user = Some(UserRef::new());
    case.incoming_referral = Some(IncomingReferral {
        from_org: case.organisation,
        received_on: Some(case.detected_on),
        reason: Some(IncomingReferralReason::Other),
        details: Some("Synthetic: arrived with a relative".into()),
        case_worker: Some("Synthetic Worker".into()),
        case_worker_user: None,
    });
    let p = &mut case.victims[0].person;
    p.home_phone = Some("+26622001111".into());
    p.latitude = Some(-29.31);
    p.longitude = Some(27.48);
    p.education = Some(EducationLevel::Primary);
    case.victims[0].context.exploitation_location = Some(fixtures::place("ZA-GP"));
    case.events[0].details.postal_code = Some("100".into());
    let saved = store.save_case(&case, note()).await.unwrap();
    assert_eq!(store.get_case(case.id).await.unwrap().as_ref(), Some(&saved));
    assert_eq!(saved.version, case.version + 1);
}
