//! Suite: possible duplicates of a person about to be recorded (by the blind indexes of the name, its
//! phonetic key, the birth date and the phone) and the case search by a person's name, both within a scope.

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::people::{MatchedOn, NameMatch, NameQuery, PersonProbe, PossibleDuplicate};
use lekhotla_storage::{CaseFilter, Page, Relation, Scope, Store};
use time::macros::date;

use crate::fixtures::{self, Orgs, draft, note, unit};

/// The scope of an organisation's own cases.
fn of_org(org: OrgId) -> Scope {
    Scope::Related(Relation { organisation: org, districts: Vec::new(), assignee: None, user: None })
}

fn probe(name: Option<&str>, birthdate: Option<time::Date>, phone: Option<&str>, scope: Scope) -> PersonProbe {
    PersonProbe { name: name.map(str::to_owned), birthdate, phone: phone.map(str::to_owned), scope }
}

/// What each duplicate is: (case number, role, matches).
fn seen(found: &[PossibleDuplicate]) -> Vec<(String, String, Vec<MatchedOn>)> {
    found.iter().map(|d| (d.number.to_string(), d.role.clone(), d.matched.clone())).collect()
}

pub async fn possible_duplicates_and_name_search_keep_to_the_scope(store: Arc<dyn Store>) {
    let orgs = Orgs::stored(&*store).await;
    let (police, shelter) = (orgs.police.id, orgs.shelter.id);
    // Case A (police, Maseru): Tšepo Mokoena (Lesotho spelling), and a witness born on 2000-01-01.
    let mut a = store.create_case(draft(police, "LS-A", date!(2025 - 05 - 20)), note()).await.unwrap();
    let mut v = fixtures::victim("Tšepo", false, police);
    v.person.birthdate = Some(date!(1995 - 03 - 04));
    v.person.phone = Some("+26658000001".into());
    let tsepo = a.add_victim(v, fixtures::TODAY, None).unwrap();
    let mut w = fixtures::person("Lerato", "Mofokeng", Gender::Feminine, date!(2000 - 01 - 01));
    w.phone = None;
    a.add_witness(
        WitnessInput { person: w, victim: None, statement_taken_on: None, testimony_preserved: false },
        fixtures::TODAY,
    )
    .unwrap();
    a.add_suspect(fixtures::business_suspect("Tšepo Mokoena Holdings"), fixtures::TODAY).unwrap();
    let a = store.save_case(&a, note()).await.unwrap();
    // Case B (the shelter, Mafeteng): Tshepo Mokoena (South African spelling), another birth date and phone.
    let mut b = store.create_case(draft(shelter, "LS-E", date!(2025 - 06 - 01)), note()).await.unwrap();
    let mut v = fixtures::victim("Tshepo", false, shelter);
    v.person.birthdate = Some(date!(1991 - 07 - 08));
    v.person.phone = Some("+26658999999".into());
    b.add_victim(v, fixtures::TODAY, None).unwrap();
    let b = store.save_case(&b, note()).await.unwrap();
    let (na, nb) = (a.number.to_string(), b.number.to_string());
    let victim = |n: &str, m: &[MatchedOn]| (n.to_owned(), "victim".to_owned(), m.to_vec());

    // Everywhere: the same name spelt the South African way is B's by name and A's by sound.
    let found = store.possible_duplicates(&probe(Some("TSHEPO  mokoena"), None, None, Scope::All)).await.unwrap();
    assert_eq!(
        seen(&found),
        [victim(&nb, &[MatchedOn::Name, MatchedOn::Phonetic]), victim(&na, &[MatchedOn::Phonetic])],
        "most matches first"
    );
    assert_eq!(found[1].person, tsepo);
    assert_eq!(found[1].case, a.id);
    // Only in scope: the police see their own case only.
    let found = store.possible_duplicates(&probe(Some("Tshepo Mokoena"), None, None, of_org(police))).await.unwrap();
    assert_eq!(seen(&found), [victim(&na, &[MatchedOn::Phonetic])]);
    let found = store.possible_duplicates(&probe(Some("Tshepo Mokoena"), None, None, Scope::Nothing)).await.unwrap();
    assert!(found.is_empty(), "no scope, no duplicate");
    // By phone (spacing does not matter) and by birth date, with the role of the person found.
    let found = store.possible_duplicates(&probe(None, None, Some("+266 5800 0001"), Scope::All)).await.unwrap();
    assert_eq!(seen(&found), [victim(&na, &[MatchedOn::Phone])]);
    let found = store.possible_duplicates(&probe(None, Some(date!(2000 - 01 - 01)), None, Scope::All)).await.unwrap();
    assert_eq!(seen(&found), [(na.clone(), "witness".to_owned(), vec![MatchedOn::Birthdate])]);
    // All four at once; and nothing to match by.
    let all = probe(Some("Tšepo Mokoena"), Some(date!(1995 - 03 - 04)), Some("+26658000001"), Scope::All);
    let found = store.possible_duplicates(&all).await.unwrap();
    let every = [MatchedOn::Name, MatchedOn::Phonetic, MatchedOn::Birthdate, MatchedOn::Phone];
    assert_eq!(seen(&found)[0], victim(&na, &every));
    assert_eq!(seen(&found)[1], victim(&nb, &[MatchedOn::Phonetic]), "{found:?}");
    assert!(store.possible_duplicates(&probe(None, None, None, Scope::All)).await.unwrap().is_empty());
    assert!(
        store.possible_duplicates(&probe(Some("Nobody Synthetic"), None, None, Scope::All)).await.unwrap().is_empty()
    );

    // The case search by name: exactly, or by sound; with the other filters and the scope.
    let search = |name: &str, how, filter: CaseFilter| {
        let store = store.clone();
        let name = NameQuery { name: name.to_owned(), how };
        async move {
            let list = store.search_cases(&filter, &name, Page::new(10, 0)).await.unwrap();
            assert_eq!(list.total, list.items.len() as u64);
            list.items.iter().map(|c| c.number.to_string()).collect::<Vec<_>>()
        }
    };
    let all = CaseFilter::default();
    assert_eq!(search("Tšepo Mokoena", NameMatch::Exact, all.clone()).await, [na.as_str()]);
    assert_eq!(search("tsepo MOKOENA", NameMatch::Exact, all.clone()).await, [na.as_str()], "accents do not matter");
    assert_eq!(search("Tšepo Mokoena", NameMatch::Phonetic, all.clone()).await, [nb.clone(), na.clone()]);
    assert_eq!(search("Tšepo", NameMatch::Exact, all.clone()).await, Vec::<String>::new(), "the whole name");
    assert!(search("Tšepo Mokoena Holdings", NameMatch::Exact, all.clone()).await.is_empty(), "no business");
    let mafeteng = CaseFilter { district: Some(unit("LS-E")), ..CaseFilter::default() };
    assert_eq!(search("Tšepo Mokoena", NameMatch::Phonetic, mafeteng).await, [nb.as_str()]);
    let police_only = CaseFilter { scope: of_org(police), ..CaseFilter::default() };
    assert_eq!(search("Tshepo Mokoena", NameMatch::Phonetic, police_only.clone()).await, [na.as_str()]);
    assert!(search("Tshepo Mokoena", NameMatch::Exact, police_only).await.is_empty(), "B is out of scope");
    let nothing = CaseFilter { scope: Scope::Nothing, ..CaseFilter::default() };
    assert!(search("Tšepo Mokoena", NameMatch::Phonetic, nothing).await.is_empty());
}
