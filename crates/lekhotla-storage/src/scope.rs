//! Need-to-know record scope: which cases an actor may see. [`Scope::admits`] is the rule on one
//! case; each backend turns the same rule into SQL for lists, and a property test in the
//! conformance suite proves the two agree (no list returns a case the rule does not admit).
//! The rule reads only a case's [`ScopeFacts`], which a light query gives without loading the case.

mod facts;

pub use facts::{CaseKey, ScopeFacts, ScopeRow, sql};

use lekhotla_domain::{Case, OrgId, ReferralState, UnitCode, UserRef};

/// The cases an actor may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every case (the national coordinator; the command line).
    #[default]
    All,
    /// The cases related to the actor.
    Related(Relation),
    /// No case at all (aggregate-only and oversight roles).
    Nothing,
}

/// How a case can relate to an actor. A case is in scope if any one holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// Cases this organisation registered or investigates, or that are referred to it while the
    /// referral is active (sent, accepted, service delivered).
    pub organisation: OrgId,
    /// Cases in these districts (a focal point's district and the districts its hub serves).
    pub districts: Vec<UnitCode>,
    /// Cases whose investigator or prosecutor is named by this username (assignment in the justice
    /// records, which name their officers as text).
    pub assignee: Option<String>,
    /// Cases whose owner is this user account (`owner_user`). The case's free-text `owner` (kept for
    /// imported data) gives nobody access.
    pub user: Option<UserRef>,
}

/// Referral states in which the receiving organisation works on the case.
pub const ACTIVE_REFERRAL_STATES: [ReferralState; 3] =
    [ReferralState::Sent, ReferralState::Accepted, ReferralState::ServiceDelivered];

impl Scope {
    /// Whether `case` is in this scope.
    pub fn admits(&self, case: &Case) -> bool {
        self.admits_facts(&ScopeFacts::of(case))
    }

    /// Whether the case of these facts is in this scope: the one rule, read from the light query.
    pub fn admits_facts(&self, facts: &ScopeFacts) -> bool {
        match self {
            Scope::All => true,
            Scope::Nothing => false,
            Scope::Related(r) => r.admits(facts),
        }
    }
}

impl Relation {
    fn admits(&self, case: &ScopeFacts) -> bool {
        let assigned = |name: &str| self.assignee.as_deref() == Some(name);
        case.organisation == self.organisation
            || self.districts.contains(&case.district)
            || self.user.is_some_and(|u| case.owner_user == Some(u))
            || case.receivers.contains(&self.organisation)
            || case
                .investigation
                .as_ref()
                .is_some_and(|(org, investigator)| *org == self.organisation || assigned(investigator))
            || case.prosecutor.as_deref().is_some_and(assigned)
    }
}
