//! An actor's need-to-know scope over cases, from their roles, organisation, district and username:
//! all cases for the national coordinator; for other case roles the cases of their organisation,
//! those referred to it while the referral is active, those assigned to them, and for focal points
//! the cases of the districts their hub office serves; nothing for aggregate-only roles.

use lekhotla_domain::{Geography, UnitCode};
use lekhotla_identity::{Permission, Role};
use lekhotla_storage::{Relation, Scope};

use crate::actor::Actor;

/// The cases `actor` may see.
pub fn of(actor: &Actor, geography: &Geography) -> Scope {
    if !actor.allows(Permission::ReadCases) {
        return Scope::Nothing;
    }
    if actor.roles.contains(Role::NationalCoordinator) {
        return Scope::All;
    }
    let districts = match (&actor.district, actor.roles.contains(Role::FocalPoint)) {
        (Some(own), true) => served_with(own, geography),
        _ => Vec::new(),
    };
    Scope::Related(Relation {
        organisation: actor.organisation,
        districts,
        assignee: Some(actor.username.to_string()),
        user: Some(lekhotla_domain::UserRef(actor.user.0)),
    })
}

/// The districts served by the same hub office as `district` (itself included).
pub(crate) fn served_with(district: &UnitCode, geography: &Geography) -> Vec<UnitCode> {
    let hub_of =
        |code: &UnitCode| geography.get(code.as_str()).and_then(|u| u.hub.clone()).unwrap_or_else(|| code.clone());
    let hub = hub_of(district);
    let mut out: Vec<UnitCode> = geography.districts().map(|d| d.code.clone()).filter(|d| hub_of(d) == hub).collect();
    if !out.contains(district) {
        out.push(district.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hub_office_and_its_districts_see_each_other() {
        let geo = Geography::from_csv(include_str!("../../../data/geography/LS.csv")).unwrap_or_else(|e| panic!("{e}"));
        let codes = |d: &str| {
            let mut v: Vec<String> = served_with(&UnitCode::parse(d).unwrap_or_else(|e| panic!("{e}")), &geo)
                .iter()
                .map(|u| u.to_string())
                .collect();
            v.sort();
            v
        };
        assert_eq!(codes("LS-J"), ["LS-B", "LS-J"], "Mokhotlong is served from Botha-Bothe");
        assert_eq!(codes("LS-B"), ["LS-B", "LS-J"]);
        assert_eq!(codes("LS-H"), ["LS-F", "LS-G", "LS-H"], "Mohale's Hoek serves Quthing and Qacha's Nek");
        assert_eq!(codes("LS-E"), ["LS-E"], "Mafeteng alone");
        assert_eq!(codes("LS-A"), ["LS-A", "LS-D"], "Maseru and Berea: the national office");
    }
}
