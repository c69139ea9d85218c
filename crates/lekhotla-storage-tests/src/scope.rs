//! Need-to-know: for generated cases and generated actors' scopes, the list returns exactly the
//! cases [`Scope::admits`] admits: no leak (a case outside the scope) and no miss.

use std::collections::BTreeSet;
use std::sync::Arc;

use lekhotla_demo::DemoGenerator;
use lekhotla_domain::{
    Case, CaseId, ConsentInput, ConsentPurpose, NewReferral, ReferralAction, ReferralReason, ServiceType, UnitCode,
};
use lekhotla_storage::{ACTIVE_REFERRAL_STATES, CaseFilter, Page, Relation, Scope, Store};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use crate::fixtures;

/// Loads `n` generated cases (seed 7) into the store and returns them as stored.
pub async fn generated_cases(store: &dyn Store, n: u64) -> Vec<Case> {
    let generator = DemoGenerator::new(&fixtures::geography(), 7, fixtures::TODAY);
    let orgs = generator.organisations();
    let mut cases: Vec<Case> = generator.cases(n).collect();
    // Every fifth case is owned by a user account (assignment by account, not by name).
    for (i, case) in cases.iter_mut().enumerate().filter(|(i, _)| i % 5 == 0) {
        case.owner_user = Some(lekhotla_domain::UserRef(uuid::Uuid::from_u128(0x5eed_0000 + (i as u128 % 37))));
    }
    for chunk in cases.chunks(1_000) {
        store.import(&orgs, chunk, fixtures::note()).await.unwrap();
    }
    cases
}

/// Every case id the list gives for `filter`, walking all pages.
async fn listed(store: &dyn Store, filter: &CaseFilter) -> BTreeSet<CaseId> {
    let mut out = BTreeSet::new();
    let mut offset = 0;
    loop {
        let page = store.list_cases(filter, Page::new(Page::MAX_LIMIT, offset)).await.unwrap();
        let n = page.items.len() as u64;
        out.extend(page.items.into_iter().map(|c| c.id));
        if n < u64::from(Page::MAX_LIMIT) {
            assert_eq!(out.len() as u64, page.total, "the total counts what the pages give");
            return out;
        }
        offset += n;
    }
}

/// A random actor scope over the generated data: an organisation, some districts, an assignee
/// taken from the cases' investigators, prosecutors or owners (or a name no case has).
pub(crate) fn random_scope(rng: &mut StdRng, cases: &[Case]) -> Scope {
    let orgs: Vec<_> = DemoGenerator::new(&fixtures::geography(), 7, fixtures::TODAY).organisations();
    let districts: Vec<UnitCode> = fixtures::geography().districts().map(|d| d.code.clone()).collect();
    let roll = rng.random_range(0..10);
    if roll == 0 {
        return Scope::Nothing;
    }
    let names: Vec<String> = cases
        .iter()
        .flat_map(|c| {
            c.investigation
                .iter()
                .map(|i| i.investigator.clone())
                .chain(c.prosecution.iter().map(|p| p.prosecutor.clone()))
        })
        .collect();
    let assignee = match rng.random_range(0..3) {
        0 => None,
        1 => names.choose(rng).cloned(),
        _ => Some("nobody.assigned".to_owned()),
    };
    let owners: Vec<lekhotla_domain::UserRef> = cases.iter().filter_map(|c| c.owner_user).collect();
    let user = match rng.random_range(0..3) {
        0 => None,
        1 => owners.choose(rng).copied(),
        _ => Some(lekhotla_domain::UserRef(uuid::Uuid::from_u128(rng.random()))),
    };
    let k = rng.random_range(0..3);
    Scope::Related(Relation {
        organisation: orgs.choose(rng).map(|o| o.id).unwrap(),
        districts: districts.choose_multiple(rng, k).cloned().collect(),
        assignee,
        user,
    })
}

/// No list, alone or with other filters, returns a case outside the actor's scope, or misses one in it.
pub async fn lists_return_exactly_the_cases_in_scope(store: Arc<dyn Store>) {
    let cases = generated_cases(&*store, 1_500).await;
    check_scopes(&*store, &cases, 40, 11).await;
}

/// The check behind [`lists_return_exactly_the_cases_in_scope`], for `actors` random scopes.
pub async fn check_scopes(store: &dyn Store, cases: &[Case], actors: usize, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut leaks = 0;
    let mut misses = 0;
    let mut partial = 0;
    for _ in 0..actors {
        let scope = random_scope(&mut rng, cases);
        let district = rng.random_bool(0.3).then(|| fixtures::unit(["LS-A", "LS-C", "LS-K"].choose(&mut rng).unwrap()));
        let filter = CaseFilter { scope: scope.clone(), district: district.clone(), ..CaseFilter::default() };
        let got = listed(store, &filter).await;
        let want: BTreeSet<CaseId> = cases
            .iter()
            .filter(|c| scope.admits(c) && district.as_ref().is_none_or(|d| &c.district == d))
            .map(|c| c.id)
            .collect();
        if !want.is_empty() && want.len() < cases.len() {
            partial += 1;
        }
        leaks += got.difference(&want).count();
        misses += want.difference(&got).count();
    }
    assert_eq!((leaks, misses), (0, 0), "cases listed outside the scope, and cases in scope not listed");
    assert!(partial * 2 >= actors, "most generated scopes should see some cases but not all ({partial} of {actors})");
}

/// The receiving organisation sees a case while its referral is active (sent, accepted, delivered), and no
/// longer once the referral is revoked by its sender or closed as not delivered: in the rule and in the
/// list alike.
pub async fn a_revoked_or_undelivered_referral_ends_the_receivers_access(store: Arc<dyn Store>) {
    let orgs = fixtures::Orgs::stored(&*store).await;
    let shelter = orgs.shelter.id;
    let scope = Scope::Related(Relation { organisation: shelter, districts: vec![], assignee: None, user: None });
    let filter = CaseFilter { scope: scope.clone(), ..CaseFilter::default() };
    let on = time::macros::date!(2025 - 05 - 22);
    let ends = [
        ReferralAction::Revoke { on, reason: "Sent to the wrong shelter".into() },
        ReferralAction::CloseNotDelivered { on, reason: "The victim never arrived".into() },
    ];
    for end in ends {
        let draft = fixtures::draft(orgs.police.id, "LS-A", time::macros::date!(2025 - 05 - 20));
        let mut case = store.create_case(draft, fixtures::note()).await.unwrap();
        let v = case.add_victim(fixtures::victim("Mpho", false, orgs.police.id), fixtures::TODAY, None).unwrap();
        let consent = ConsentInput {
            victim: v,
            purpose: ConsentPurpose::Services,
            given: true,
            recorded_on: time::macros::date!(2025 - 05 - 20),
            recorded_by: None,
            given_by: None,
            child_assent: None,
        };
        case.record_consent(consent, fixtures::TODAY).unwrap();
        let referral = NewReferral {
            victim: Some(v),
            from_org: orgs.police.id,
            to_org: shelter,
            service: ServiceType::Shelter,
            reason: ReferralReason::AdditionalServicesRequired,
            details: None,
            sent_on: time::macros::date!(2025 - 05 - 21),
            referring_case_worker: None,
            referring_case_worker_user: None,
            referred_case_worker: None,
            referred_case_worker_user: None,
        };
        let r = case.send_referral(referral, &orgs.shelter, fixtures::TODAY).unwrap();
        case.move_referral(r, 1, ReferralAction::Accept { on }, fixtures::TODAY).unwrap();
        let case = store.save_case(&case, fixtures::note()).await.unwrap();
        assert!(scope.admits(&case));
        assert!(listed(&*store, &filter).await.contains(&case.id), "an accepted referral gives access");
        let mut ended = case.clone();
        ended.move_referral(r, 2, end.clone(), fixtures::TODAY).unwrap();
        let ended = store.save_case(&ended, fixtures::note()).await.unwrap();
        assert!(!ACTIVE_REFERRAL_STATES.contains(&ended.referrals[0].state));
        assert!(!scope.admits(&ended), "{} ends access by the rule", end.name());
        assert!(!listed(&*store, &filter).await.contains(&case.id), "{} ends access in the list", end.name());
    }
}

/// The light query gives, by id and by number, the facts of the whole stored case, and the rule judges
/// both alike for generated scopes: deciding scope before loading a case decides as loading it would.
/// A case that does not exist has no facts.
pub async fn scope_facts_agree_with_the_rule(store: Arc<dyn Store>) {
    use lekhotla_storage::{CaseKey, ScopeFacts};
    let cases = generated_cases(&*store, 300).await;
    let mut rng = StdRng::seed_from_u64(5);
    let scopes: Vec<Scope> = (0..20).map(|_| random_scope(&mut rng, &cases)).collect();
    let (mut referred, mut investigated, mut prosecuted) = (0, 0, 0);
    for case in &cases {
        let by_id = store.case_scope_facts(&CaseKey::Id(case.id)).await.unwrap().expect("the case's facts");
        let by_number = store.case_scope_facts(&CaseKey::Number(case.number)).await.unwrap();
        assert_eq!(by_id, ScopeFacts::of(case), "{}", case.number);
        assert_eq!(by_number.as_ref(), Some(&by_id), "{}", case.number);
        for scope in &scopes {
            assert_eq!(scope.admits_facts(&by_id), scope.admits(case), "{} in {scope:?}", case.number);
        }
        referred += usize::from(!by_id.receivers.is_empty());
        investigated += usize::from(by_id.investigation.is_some());
        prosecuted += usize::from(by_id.prosecutor.is_some());
    }
    assert!(referred > 0 && investigated > 0 && prosecuted > 0, "the data exercise every fact");
    assert_eq!(store.case_scope_facts(&CaseKey::Id(CaseId::new())).await.unwrap(), None);
    let unused = lekhotla_domain::CaseNumber::new(fixtures::ls(), 1999, 1).unwrap();
    assert_eq!(store.case_scope_facts(&CaseKey::Number(unused)).await.unwrap(), None);
}
