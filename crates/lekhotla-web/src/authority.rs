//! Who may perform which act on which case: the act table of `lekhotla-identity` (which role, under which
//! rule), judged here against the actor's organisation and the case (owner, active referrals,
//! investigating unit) or the referral (sender, receiver). Every case-changing route passes through
//! [`require`] from `mutate::change_case`; the case read and the session list the acts on offer.

use lekhotla_domain::{Case, ReferralId, ReferralState};
use lekhotla_identity::{Act, Permission, Rule};
use serde::Serialize;
use utoipa::ToSchema;

use crate::actor::Actor;
use crate::error::ApiError;

/// The request header in which the national coordinator gives the reason for a correction.
pub const CORRECTION_HEADER: &str = "lekhotla-correction";

/// The fewest words a correction's reason has (a purpose, not a placeholder).
const REASON_WORDS: usize = 3;

/// What an act is performed on: the case itself, or one of its referrals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    Case,
    Referral(ReferralId),
}

/// One act on one thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deed {
    pub act: Act,
    pub on: On,
}

impl Deed {
    /// An act on the case itself.
    pub const fn case(act: Act) -> Self {
        Self { act, on: On::Case }
    }

    /// An act on one referral of the case.
    pub const fn referral(act: Act, id: ReferralId) -> Self {
        Self { act, on: On::Referral(id) }
    }
}

/// How an act was allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Granted {
    /// By the actor's own roles and organisation.
    Ordinary,
    /// As the national coordinator's correction, with its reason.
    Correction(String),
}

impl Granted {
    /// What the audit entry's purpose says: the act, and the reason of a correction.
    pub fn purpose(&self, acts: &[Act]) -> String {
        let names: Vec<&str> = acts.iter().map(|a| a.as_str()).collect();
        match self {
            Granted::Ordinary => format!("act: {}", names.join(", ")),
            Granted::Correction(reason) => format!("correction ({}): {reason}", names.join(", ")),
        }
    }
}

/// Whether the rule holds between the actor's organisation and `case` (or its referral `on`).
/// The case is one the actor may see; scope was checked when it was loaded.
fn holds(rule: Rule, actor: &Actor, case: &Case, on: On) -> bool {
    let org = actor.organisation;
    let referral = || match on {
        On::Referral(id) => case.referrals.iter().find(|r| r.id == id),
        On::Case => None,
    };
    match rule {
        Rule::InScope | Rule::Correction => true,
        Rule::OwnOrganisation => case.organisation == org,
        Rule::Working => {
            case.organisation == org
                || case.referrals.iter().any(|r| r.to_org == org && r.is_active())
                || case.investigation.as_ref().is_some_and(|i| i.organisation == org)
        }
        Rule::Receiver => referral().is_some_and(|r| r.to_org == org),
        Rule::Sender => referral().is_some_and(|r| r.from_org == org),
        Rule::SenderOrReceiver => referral().is_some_and(|r| r.to_org == org || r.from_org == org),
        Rule::InvestigatingUnit => case.investigation.as_ref().is_some_and(|i| i.organisation == org),
    }
}

/// The rules under which the actor's roles allow `act` (empty when none does, or when an API token's
/// scopes leave out `write-cases`).
fn rules(actor: &Actor, act: Act) -> Vec<Rule> {
    if !actor.allows(Permission::WriteCases) {
        return Vec::new();
    }
    actor.roles.iter().filter_map(|role| role.rule_for(act)).collect()
}

/// Whether any of the actor's roles may perform one of `acts` on some case (the route-level check).
pub fn holds_any(actor: &Actor, acts: &[Act]) -> bool {
    acts.iter().any(|a| !rules(actor, *a).is_empty())
}

/// The 403 for a route none of whose acts the actor may perform: for want of the API token's `write-cases`
/// scope where the roles would allow it, else for want of a role.
pub fn refused_route(actor: &Actor, acts: &[Act]) -> ApiError {
    let names: Vec<&str> = acts.iter().map(|a| a.as_str()).collect();
    let which = if names.len() == 1 {
        format!("the act {}", names[0])
    } else {
        format!("one of the acts {}", names.join(", "))
    };
    let roles_would = acts.iter().any(|act| actor.roles.iter().any(|role| role.rule_for(*act).is_some()));
    if roles_would && !actor.allows(Permission::WriteCases) {
        let scope = Permission::WriteCases.as_str();
        return ApiError::Forbidden(format!("this needs {which}: this API token was not given the {scope} scope"));
    }
    ApiError::Forbidden(format!("this needs {which}, which your roles do not include"))
}

/// Whether the actor may perform `deed` on `case` without a correction.
pub fn may(actor: &Actor, deed: Deed, case: &Case) -> bool {
    rules(actor, deed.act).into_iter().any(|rule| rule != Rule::Correction && holds(rule, actor, case, deed.on))
}

/// Allows every deed, or answers 403 naming the first act refused and why. A national coordinator's
/// deed that is another agency's to record is allowed as a correction when the request gives a
/// reason (`Lekhotla-Correction` header) of at least three words.
pub fn require(actor: &Actor, deeds: &[Deed], case: &Case) -> Result<Granted, ApiError> {
    let mut granted = Granted::Ordinary;
    for deed in deeds {
        if may(actor, *deed, case) {
            continue;
        }
        let rules = rules(actor, deed.act);
        if rules.contains(&Rule::Correction) {
            match actor.correction.as_deref().map(str::trim) {
                Some(reason) if reason.split_whitespace().count() >= REASON_WORDS => {
                    granted = Granted::Correction(reason.to_owned());
                    continue;
                }
                Some(_) => {
                    return Err(ApiError::Forbidden(format!(
                        "a correction needs a reason of at least {REASON_WORDS} words in the {CORRECTION_HEADER} header"
                    )));
                }
                None => {
                    return Err(ApiError::Forbidden(format!(
                        "{} is not the national coordinator's to record; as a correction it needs a reason in the \
                         {CORRECTION_HEADER} header",
                        deed.act
                    )));
                }
            }
        }
        let why = match rules.first() {
            None => format!("your roles do not include the act {}", deed.act),
            Some(rule) => format!("{} is for {} only", deed.act, rule.describe()),
        };
        return Err(ApiError::Forbidden(why));
    }
    Ok(granted)
}

/// Whether the request is a national coordinator's correction with a valid reason: the one way to record
/// what another organisation did (a referral it sent, an investigation its unit opened).
pub fn is_correction(actor: &Actor) -> bool {
    let reason = actor.correction.as_deref().map_or(0, |r| r.split_whitespace().count());
    reason >= REASON_WORDS && Act::ALL.iter().any(|a| rules(actor, *a).contains(&Rule::Correction))
}

/// Registering a case: for one's own organisation, unless the role may register for any.
pub fn may_register(actor: &Actor, organisation: lekhotla_domain::OrgId) -> Result<(), ApiError> {
    let rules = rules(actor, Act::RegisterCase);
    if rules.contains(&Rule::InScope) || (rules.contains(&Rule::OwnOrganisation) && organisation == actor.organisation)
    {
        return Ok(());
    }
    if rules.is_empty() {
        return Err(refused_route(actor, &[Act::RegisterCase]));
    }
    Err(ApiError::field("organisation", "you can register cases for your own organisation only"))
}

/// An act the actor may perform now on a case, as the case read lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Offer {
    /// The act's identifier (`accept-referral`).
    #[schema(value_type = String)]
    pub act: Act,
    /// The referral it moves, for referral moves.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub referral: Option<ReferralId>,
    /// Only as the national coordinator's correction, with a reason.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub correction: bool,
}

/// Whether the case's state leaves room for `act` at all (a prosecution to record a verdict in).
fn fits_state(act: Act, case: &Case) -> bool {
    use lekhotla_domain::CaseStatus;
    let closed = matches!(case.status, CaseStatus::Closed | CaseStatus::ClosedReferred);
    match act {
        Act::RegisterCase => false,
        Act::CloseCase => !closed,
        Act::ReopenCase => closed,
        Act::OpenInvestigation => case.investigation.is_none(),
        Act::UpdateInvestigation | Act::MoveDocket => case.investigation.is_some(),
        Act::OpenProsecution => case.investigation.is_some() && case.prosecution.is_none(),
        Act::DppDecision
        | Act::IssueSummons
        | Act::UpdateProsecution
        | Act::Charge
        | Act::RecordHearing
        | Act::RecordVerdict
        | Act::RecordSentence
        | Act::OrderCompensation => case.prosecution.is_some(),
        Act::DecideStatus | Act::RecordSupportPlan | Act::RecordConsent => !case.victims.is_empty(),
        _ => true,
    }
}

/// The moves a referral in `state` can make.
fn referral_moves(state: ReferralState) -> &'static [Act] {
    match state {
        ReferralState::Sent => &[Act::AcceptReferral, Act::DeclineReferral, Act::RevokeReferral],
        ReferralState::Accepted => &[Act::DeliverReferral, Act::CloseReferralNotDelivered, Act::RevokeReferral],
        ReferralState::ServiceDelivered | ReferralState::Declined => &[Act::CloseReferral],
        _ => &[],
    }
}

/// Every act the actor may perform on `case` now (its state permitting), referral moves per referral.
pub fn offers(actor: &Actor, case: &Case) -> Vec<Offer> {
    let mut out = Vec::new();
    let mut offer = |deed: Deed| {
        let rules = rules(actor, deed.act);
        let ordinary = may(actor, deed, case);
        if ordinary || rules.contains(&Rule::Correction) {
            let referral = match deed.on {
                On::Referral(id) => Some(id),
                On::Case => None,
            };
            out.push(Offer { act: deed.act, referral, correction: !ordinary });
        }
    };
    for act in Act::ALL.into_iter().filter(|a| !a.is_referral_move() && fits_state(*a, case)) {
        offer(Deed::case(act));
    }
    for r in &case.referrals {
        for act in referral_moves(r.state) {
            offer(Deed::referral(*act, r.id));
        }
    }
    out
}

/// The acts the actor's roles hold, each with its rules, as the session answer lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Holding {
    #[schema(value_type = String)]
    pub act: Act,
    /// On which cases: `in-scope`, `own-organisation`, `working`, `receiver`, `sender`,
    /// `sender-or-receiver`, `investigating-unit`, `correction`.
    pub rules: Vec<String>,
}

/// What the actor's roles allow, act by act.
pub fn holdings(actor: &Actor) -> Vec<Holding> {
    Act::ALL
        .into_iter()
        .filter_map(|act| {
            let mut names: Vec<String> = Vec::new();
            for rule in rules(actor, act) {
                if !names.iter().any(|r| r == rule.as_str()) {
                    names.push(rule.as_str().to_owned());
                }
            }
            (!names.is_empty()).then_some(Holding { act, rules: names })
        })
        .collect()
}
